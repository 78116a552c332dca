"""The print side of bulletins, one module per resource."""
