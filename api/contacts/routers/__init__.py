"""The contacts domain's routes, one module per resource (HTTP only); `api.contacts.router`
includes them in order."""
