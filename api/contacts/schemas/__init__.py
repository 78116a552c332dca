"""Request and response shapes of the contacts domain, one module per resource."""
