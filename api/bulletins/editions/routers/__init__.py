"""The print side's routes, one module per resource (HTTP only); `router` includes them."""
