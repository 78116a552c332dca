"""The app's route table, flattened, for tests and tools that reason about every endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant


@dataclass(frozen=True)
class RouteInfo:
    path: str
    methods: frozenset[str]
    dependant: Dependant


def api_routes(app: FastAPI) -> Iterator[RouteInfo]:
    # Newer FastAPI keeps included routers lazily; iter_route_contexts flattens them.
    contexts = getattr(routing, "iter_route_contexts", None)
    entries = contexts(app.routes) if contexts is not None else app.routes
    for entry in entries:
        dependant = getattr(entry, "dependant", None)
        path = getattr(entry, "path", None)
        methods = getattr(entry, "methods", None)
        if isinstance(dependant, Dependant) and path and methods:
            yield RouteInfo(path=path, methods=frozenset(methods), dependant=dependant)
