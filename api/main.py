"""The application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from alembic.config import Config
from alembic.script import ScriptDirectory
from fastapi import FastAPI

from api.auth.router import router as auth_router
from api.config import Settings, get_settings
from api.db import create_engine, create_sessionmaker, schema_revision
from api.errors import register_error_handlers
from api.groups.router import router as groups_router
from api.health.router import router as health_router
from api.mail import Mailer
from api.middleware import BodyLimitMiddleware, SecurityHeadersMiddleware
from api.migrations import alembic_config
from api.models_registry import __all__ as _tables  # noqa: F401  (every table registered)
from api.passwords import Passwords
from api.spa import mount_spa

logger = logging.getLogger("shopfloor")

API_ROUTERS = (health_router, auth_router, groups_router)


class SchemaBehind(RuntimeError):
    pass


def head_revision(config: Config) -> str | None:
    return ScriptDirectory.from_config(config).get_current_head()


async def check_schema(app: FastAPI) -> None:
    async with app.state.engine.connect() as connection:
        current = await connection.run_sync(schema_revision)
    head = head_revision(alembic_config(app.state.settings.database_url))
    if current != head:
        raise SchemaBehind(
            f"The database schema is at {current or 'nothing'} but this version of Shopfloor "
            f"needs {head}. Run `shopfloor migrate` to upgrade it, then start again."
        )


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    await check_schema(app)
    try:
        yield
    finally:
        await app.state.engine.dispose()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Shopfloor",
        version="0.1.0",
        summary="A private organising tool for workers' rank-and-file groups",
        description=(
            "Every group-scoped route lives under `/api/v1/groups/{group_id}/`. A caller who is "
            "not a member gets 404 with the same body as a group that does not exist. Errors "
            'share one shape: `{"error": code, "detail": message, "fields"?: [...]}`.'
        ),
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url="/api/redoc",
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.engine = create_engine(settings.database_url)
    app.state.sessionmaker = create_sessionmaker(app.state.engine)
    app.state.passwords = Passwords(settings)
    app.state.mailer = Mailer(settings)

    register_error_handlers(app, retry_after_seconds=settings.db_retry_after_seconds)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    for router in API_ROUTERS:
        app.include_router(router)
    mount_spa(app, settings.frontend_dist)
    return app
