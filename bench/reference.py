"""The reference server: bare Starlette + asyncpg + orjson running, for each read scenario,
the very SQL statements the app ran for it (captured from the app by `bench.capture`), with
no authentication, no transaction and no models. What the app achieves beside it is the
measure of what its own layers cost.

    BENCH_REFERENCE_DSN=postgresql://… BENCH_REFERENCE_SQL=/tmp/statements.json \\
        uvicorn bench.reference:app --no-access-log

Each scenario answers `GET /<name>` with one JSON list per statement, of its rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.capture import Statement, read_statements


def as_json(value: Any) -> Any:
    """What orjson does not write itself: numerics, and asyncpg's own UUID type."""
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    raise TypeError(type(value).__name__)


def endpoint(statements: list[Statement]) -> Callable[[Request], Awaitable[Response]]:
    async def run(request: Request) -> Response:
        pool: asyncpg.Pool = request.app.state.pool
        async with pool.acquire() as connection:
            results = [
                [dict(row) for row in await connection.fetch(sql, *parameters)]
                for sql, parameters in statements
            ]
        return Response(orjson.dumps(results, default=as_json), media_type="application/json")

    return run


def create_app(dsn: str, scenarios: dict[str, list[Statement]]) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # As many connections as the app's pool may open (10 plus 10 overflow).
        app.state.pool = await asyncpg.create_pool(dsn, min_size=4, max_size=20)
        try:
            yield
        finally:
            await app.state.pool.close()

    routes = [Route(f"/{name}", endpoint(statements)) for name, statements in scenarios.items()]
    return Starlette(routes=routes, lifespan=lifespan)


def from_environment() -> Starlette:
    scenarios = read_statements(Path(os.environ["BENCH_REFERENCE_SQL"]))
    return create_app(os.environ["BENCH_REFERENCE_DSN"], scenarios)


app = from_environment() if "BENCH_REFERENCE_SQL" in os.environ else None
