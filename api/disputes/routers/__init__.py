"""The disputes domain's routes, one module per resource (HTTP only); `api.disputes.router`
includes them in order."""
