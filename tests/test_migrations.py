"""The migrations build the schema the models describe, and come back down cleanly."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
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


# Data written before a migration that changes its meaning, and what it must become.
BEFORE_LEDGER = "b939f1d24f9f"


def _old_rows(connection: Connection) -> None:
    """A group with a workplace whose departments and shifts clash by case and spacing, and a
    dispute whose strike fund was a typed "raised" figure."""
    now = datetime.now(UTC)
    ids = {name: uuid.uuid4() for name in ("group", "workplace", "dispute", "empty_dispute")}
    meta = sa.MetaData()

    def table(name: str, *columns: sa.Column[Any]) -> sa.Table:
        stamps = [
            sa.Column("id", sa.Uuid()),
            sa.Column("created_at", sa.DateTime(timezone=True)),
            sa.Column("updated_at", sa.DateTime(timezone=True)),
        ]
        return sa.Table(name, meta, *stamps, *columns)

    def owned() -> list[sa.Column[Any]]:
        return [sa.Column("group_id", sa.Uuid()), sa.Column("version", sa.Integer())]

    groups = table(
        "groups",
        sa.Column("name", sa.String()),
        sa.Column("is_demo", sa.Boolean()),
        sa.Column("version", sa.Integer()),
        sa.Column("change_seq", sa.Integer()),
    )
    workplaces = table(
        "workplaces", *owned(), sa.Column("name", sa.String()), sa.Column("unions", sa.JSON())
    )
    parts = {
        name: table(
            name,
            *owned(),
            sa.Column("workplace_id", sa.Uuid()),
            sa.Column("name", sa.String()),
        )
        for name in ("departments", "shifts")
    }
    disputes = table(
        "disputes",
        *owned(),
        sa.Column("title", sa.String()),
        sa.Column("status", sa.String()),
        sa.Column("unions", sa.JSON()),
        sa.Column("strike_fund_raised", sa.Numeric(12, 2)),
    )
    base = {"created_at": now, "updated_at": now}
    connection.execute(
        groups.insert().values(
            id=ids["group"], name="Old", is_demo=False, version=1, change_seq=0, **base
        )
    )
    owner = {"group_id": ids["group"], "version": 1, **base}
    connection.execute(
        workplaces.insert().values(id=ids["workplace"], name="Depot", unions=[], **owner)
    )
    for name, names in (
        ("departments", ["Stores", "stores ", "STORES", "Stores (2)", "Yard"]),
        ("shifts", ["Nights", " nights"]),
    ):
        for offset, part in enumerate(names):
            stamp = now + timedelta(seconds=offset)
            connection.execute(
                parts[name]
                .insert()
                .values(
                    id=uuid.uuid4(),
                    workplace_id=ids["workplace"],
                    name=part,
                    **{**owner, "created_at": stamp, "updated_at": stamp},
                )
            )
    for key, raised in (("dispute", Decimal("6420.50")), ("empty_dispute", Decimal("0"))):
        connection.execute(
            disputes.insert().values(
                id=ids[key],
                title=key,
                status="action",
                unions=[],
                strike_fund_raised=raised,
                **owner,
            )
        )


def _rows(connection: Connection, query: str, **params: Any) -> list[Any]:
    return list(connection.execute(sa.text(query), params).all())


async def _in_transaction(url: str, fn: Any) -> Any:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            return await connection.run_sync(fn)
    finally:
        await engine.dispose()


async def test_old_data_survives_the_ledger_and_unique_names(scratch_url: str) -> None:
    await asyncio.to_thread(downgrade, scratch_url, "base")
    await asyncio.to_thread(upgrade, scratch_url, BEFORE_LEDGER)
    await _in_transaction(scratch_url, _old_rows)
    await asyncio.to_thread(upgrade, scratch_url)

    def after(connection: Connection) -> dict[str, Any]:
        return {
            "departments": sorted(r[0] for r in _rows(connection, "SELECT name FROM departments")),
            "shifts": sorted(r[0] for r in _rows(connection, "SELECT name FROM shifts")),
            "renamed_versions": sorted(
                r[0] for r in _rows(connection, "SELECT version FROM departments")
            ),
            "entries": [
                (r[0], r[1], Decimal(str(r[2])).quantize(Decimal("0.01")))
                for r in _rows(
                    connection, "SELECT kind, direction, amount FROM strike_fund_entries"
                )
            ],
            "disputes": sorted(
                (Decimal(str(r[0])).quantize(Decimal("0.01")), Decimal(str(r[1])))
                for r in _rows(
                    connection, "SELECT strike_fund_raised, strike_fund_spent FROM disputes"
                )
            ),
        }

    state = await _inspect(scratch_url, after)
    # Nothing merged or lost: clashing names are numbered after the first, past any taken.
    assert state["departments"] == sorted(
        ["Stores", "stores (3)", "STORES (4)", "Stores (2)", "Yard"]
    )
    assert state["shifts"] == sorted(["Nights", "nights (2)"])
    assert state["renamed_versions"] == [1, 1, 1, 2, 2]
    # The old raised figure is the ledger's opening entry; the total is unchanged.
    assert state["entries"] == [("opening_balance", "in", Decimal("6420.50"))]
    assert state["disputes"] == [
        (Decimal("0.00"), Decimal("0")),
        (Decimal("6420.50"), Decimal("0")),
    ]
    # The constraint holds on both databases from now on.
    with pytest.raises(sa.exc.IntegrityError):
        await _in_transaction(
            scratch_url,
            lambda c: c.execute(
                sa.text(
                    "INSERT INTO shifts (id, created_at, updated_at, group_id, version, "
                    "workplace_id, name, name_key) SELECT :id, created_at, updated_at, group_id, "
                    "1, workplace_id, 'NIGHTS', 'nights' FROM shifts WHERE name = 'Nights'"
                ),
                {"id": uuid.uuid4().hex},
            ),
        )
