"""The disputes domain's logic, one module per resource; services take the session and the
caller and never commit."""
