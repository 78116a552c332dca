"""The workplaces domain's routes, one module per resource; `router.py` includes them in order."""
