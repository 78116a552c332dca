"""The migrations build the schema the models describe, and come back down cleanly."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from api.core.db import belongs_on, create_engine, metadata
from api.main import SchemaBehind, create_app
from api.migrations import downgrade, upgrade
from tests.conftest import fresh_database_url


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(
        connection,
        opts={
            "compare_type": True,
            "compare_server_default": True,
            "include_object": belongs_on(connection.dialect.name),
        },
    )
    return list(compare_metadata(context, metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


async def _inspect(url: str, fn: object) -> object:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(fn)  # type: ignore[arg-type]
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def scratch_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return fresh_database_url(tmp_path_factory.mktemp("migrations"), suffix="_migrations")


async def test_upgrade_downgrade_upgrade(scratch_url: str) -> None:
    await asyncio.to_thread(upgrade, scratch_url)
    assert await _inspect(scratch_url, _tables) == {t.name for t in metadata.sorted_tables}
    await asyncio.to_thread(downgrade, scratch_url, "base")
    assert await _inspect(scratch_url, _tables) == set()
    await asyncio.to_thread(upgrade, scratch_url)
    assert await _inspect(scratch_url, _differences) == []


async def test_models_and_migrations_agree(database_url: str) -> None:
    assert await _inspect(database_url, _differences) == []


async def test_app_refuses_to_start_on_an_old_schema(
    scratch_url: str, tmp_path: Path, settings: object
) -> None:
    await asyncio.to_thread(downgrade, scratch_url, "base")
    app = create_app(settings.model_copy(update={"database_url": scratch_url}))  # type: ignore[attr-defined]
    with pytest.raises(SchemaBehind, match="shopfloor migrate"):
        async with app.router.lifespan_context(app):
            pass
    await asyncio.to_thread(upgrade, scratch_url)
    async with app.router.lifespan_context(app):
        pass
