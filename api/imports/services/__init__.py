"""The imports domain's logic, one module per concern of an import; services take the session
and the caller and never commit (except the background run, which owns its transactions)."""
