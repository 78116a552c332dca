"""The app's route table, flattened, for tests and tools that reason about every endpoint."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request, Response, routing
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from api.core.context import current_caller, required_permission, required_scope
from api.core.errors import error_response
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
    documented: bool = True

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
            yield RouteInfo(
                path=path,
                methods=frozenset(methods),
                dependant=dependant,
                documented=bool(getattr(entry, "include_in_schema", True)),
            )


class MethodTable:
    """Every method each API path answers, for the `Allow` header: FastAPI keeps one route per
    method, so the 405 a route raises names only its own."""

    def __init__(self, app: FastAPI) -> None:
        by_path: dict[str, set[str]] = {}
        for route in api_routes(app):
            # The web app's catch-all GET answers API paths only with a 404, so it adds no method.
            if route.documented:
                by_path.setdefault(route.path, set()).update(route.methods)
        self._paths = [
            (compile_path(path)[0], path.count("{"), frozenset({*methods, "OPTIONS"}))
            for path, methods in by_path.items()
        ]

    def allowed(self, path: str) -> list[str]:
        """The methods of the most specific API paths matching `path`: a fixed segment
        (`…/contacts/duplicates`) wins over a parameter that would also match it
        (`…/contacts/{contact_id}`), as the router's order of routes makes it."""
        matches = [
            (count, methods) for pattern, count, methods in self._paths if pattern.match(path)
        ]
        if not matches:
            return []
        fewest = min(count for count, _ in matches)
        return sorted({m for count, methods in matches if count == fewest for m in methods})

    def refuses_method(self, path: str, method: str) -> bool:
        allowed = self.allowed(path)
        return bool(allowed) and method not in allowed


def install_method_answers(app: FastAPI) -> None:
    """`OPTIONS` on an API path answers 204 with `Allow`; a wrong method gets 405 with the
    path's every method in `Allow`, in the one error shape."""
    table: MethodTable | None = None  # built on first use: routers are included after this

    async def method_not_allowed(request: Request, exc: Exception) -> Response:
        nonlocal table
        table = table or MethodTable(app)
        own = getattr(exc, "headers", None) or {}
        allowed = ", ".join(table.allowed(request.url.path)) or own.get("Allow", "OPTIONS")
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": allowed})
        return error_response(
            405, "method_not_allowed", "Method Not Allowed", headers={"Allow": allowed}
        )

    app.add_exception_handler(405, method_not_allowed)

    parse_error = app.exception_handlers[RequestValidationError]

    async def invalid_or_not_allowed(request: Request, exc: Exception) -> Response:
        nonlocal table
        table = table or MethodTable(app)
        if table.refuses_method(request.url.path, request.method):
            return await method_not_allowed(request, exc)
        answer = parse_error(request, exc)
        return await answer if inspect.isawaitable(answer) else answer

    app.add_exception_handler(RequestValidationError, invalid_or_not_allowed)

    http_error = app.exception_handlers[StarletteHTTPException]

    async def missing_or_not_allowed(request: Request, exc: Exception) -> Response:
        """The web app's catch-all GET meets an API path that has no GET: that is a 405."""
        nonlocal table
        table = table or MethodTable(app)
        if request.url.path.startswith("/api/") and table.allowed(request.url.path):
            return await method_not_allowed(request, exc)
        answer = http_error(request, exc)
        return await answer if inspect.isawaitable(answer) else answer

    app.add_exception_handler(404, missing_or_not_allowed)
