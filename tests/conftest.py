"""Test harness: one database per run built by the migrations, emptied after every test.

`TEST_DATABASE_URL` picks the database: unset means a fresh SQLite file; a Postgres URL names
a database that is dropped and created anew for the run.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import make_url

from api.core.config import Environment, Settings
from api.core.db import metadata
from api.main import create_app
from api.migrations import upgrade
from api.models_registry import __all__ as _tables  # noqa: F401
from tests.factories import Accounts

TEST_SECRET = "test-secret-" + "x" * 40


def is_postgres(url: str) -> bool:
    return bool(url) and make_url(url).get_backend_name() == "postgresql"


async def recreate_postgres_database(url: str) -> None:
    import asyncpg

    parsed = make_url(url)
    name = parsed.database
    assert name, "the test database URL must name a database"
    assert name.replace("_", "").isalnum(), "test database name must be a plain word"
    admin = await asyncpg.connect(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        database="postgres",
    )
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


def fresh_database_url(tmp_dir: Path, suffix: str = "") -> str:
    """A new empty database of the kind this run tests."""
    base = os.environ.get("TEST_DATABASE_URL")
    if base and is_postgres(base):
        url = base + suffix
        asyncio.run(recreate_postgres_database(url))
        return url
    return f"sqlite+aiosqlite:///{tmp_dir / f'shopfloor{suffix}.db'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = fresh_database_url(tmp_path_factory.mktemp("db"))
    upgrade(url)
    return url


def make_settings(database_url: str, tmp: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "environment": Environment.test,
        "database_url": database_url,
        "secret_key": TEST_SECRET,
        "argon2_memory_kib": 19_456,
        "argon2_time_cost": 2,
        "argon2_parallelism": 1,
        "outbox_dir": tmp / "outbox",
        "frontend_dist": tmp / "no-frontend-build",
        "public_url": "http://shopfloor.test",
        "webhook_worker_enabled": False,  # tests run the worker's rounds themselves
        # Every account in the suite signs up from the test client's one address; the tests
        # of the per-address limit set it low themselves.
        "signups_per_address": 10_000,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(database_url, tmp_path_factory.mktemp("app"))


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


async def empty_all_tables(app: FastAPI) -> None:
    engine = app.state.engine
    tables = [t.name for t in reversed(metadata.sorted_tables)]
    # DELETE, children first, rather than TRUNCATE: on PostgreSQL, truncating some eighty
    # tables makes new files for each and costs about half a second, deleting the few rows a
    # test leaves costs twenty milliseconds.
    async with engine.begin() as connection:
        for table in tables:
            await connection.execute(text(f'DELETE FROM "{table}"'))  # noqa: S608


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        yield http
    await empty_all_tables(app)


@pytest.fixture
async def accounts(app: FastAPI, client: httpx.AsyncClient) -> AsyncIterator[Accounts]:
    registry = Accounts(app)
    yield registry
    await registry.close()


@pytest.fixture
def outbox(settings: Settings) -> Path:
    path = Path(settings.outbox_dir)
    path.mkdir(parents=True, exist_ok=True)
    for mail in path.glob("*.eml"):
        mail.unlink()
    return path


@pytest.fixture
def smtp_server(app: FastAPI, settings: Settings) -> Iterator[list[bytes]]:
    """A real SMTP server on loopback; the app's mailer is pointed at it for one test."""
    from aiosmtpd.controller import Controller

    from api.core.mail import Mailer

    received: list[bytes] = []

    class Collect:
        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
            received.append(envelope.content)  # type: ignore[attr-defined]
            return "250 Message accepted"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    original = app.state.mailer
    app.state.mailer = Mailer(
        settings.model_copy(
            update={
                "smtp_host": "127.0.0.1",
                "smtp_port": port,
                "smtp_starttls": False,
            }
        )
    )
    try:
        yield received
    finally:
        app.state.mailer = original
        controller.stop()
