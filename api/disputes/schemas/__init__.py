"""Request and response shapes of the disputes domain, one module per resource."""
