"""The workplaces domain's logic, one module per resource; services never commit."""
