"""The app's route table, flattened, for tests and tools that reason about every endpoint."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant

from api.core.context import current_caller, required_permission, required_scope
from api.core.permissions import Permission, Scope


def dependency_calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from dependency_calls(sub)


@dataclass(frozen=True)
class RouteInfo:
    path: str
    methods: frozenset[str]
    dependant: Dependant

    @property
    def calls(self) -> list[Callable[..., Any]]:
        return list(dependency_calls(self.dependant))

    @property
    def permission(self) -> Permission | None:
        return next((p for call in self.calls if (p := required_permission(call))), None)

    @property
    def scope(self) -> Scope | None:
        return next((s for call in self.calls if (s := required_scope(call))), None)

    @property
    def authenticated(self) -> bool:
        return current_caller in self.calls


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
