"""Request and response shapes of the workplaces domain, one module per resource."""
