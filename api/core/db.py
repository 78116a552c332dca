"""Database engine, column types, table mixins and the per-request session."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import uuid_utils.compat as uuid_compat
from fastapi import Request
from sqlalchemy import DateTime, Index, MetaData, event
from sqlalchemy.engine import Connection, Dialect, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from api.core.errors import answers

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata: MetaData = SQLModel.metadata


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> uuid.UUID:
    """A time-ordered UUIDv7, so primary keys index and paginate in creation order."""
    return uuid_compat.uuid7()


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back timezone-aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; attach a timezone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class TableBase(SQLModel):
    """Columns every table has: a UUIDv7 key and UTC creation/update times."""

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class GroupOwned(TableBase):
    """A row that belongs to one group. Read only through `api.core.tenancy` (which adds the
    group filter), whatever else the table is: a synchronised record, a queue row, a log."""

    group_id: uuid.UUID = Field(foreign_key="groups.id", index=True, ondelete="CASCADE")


class GroupRecord(GroupOwned):
    """A group's record: versioned and attributed, written only through
    `api.core.records.RecordWriter`, which logs every change."""

    # Set by the write path from the caller's group, never from a request body.
    group_id: uuid.UUID = Field(
        default=None, foreign_key="groups.id", index=True, ondelete="CASCADE", nullable=False
    )
    version: int = Field(default=1, nullable=False)
    created_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    updated_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")


def trigram_index(table: str, column: str) -> Index:
    """A PostgreSQL trigram index (pg_trgm, created by the migration that adds the first
    one), which serves `LIKE '%word%'` and `ILIKE` from an index. SQLite has no such index
    and gets none: its searches read the table, which at a group's size is quick enough."""
    return Index(
        f"ix_{table}_{column}_trgm",
        column,
        postgresql_using="gin",
        postgresql_ops={column: "gin_trgm_ops"},
        info={"only_on": "postgresql"},
    ).ddl_if(dialect="postgresql")


def belongs_on(dialect_name: str) -> Callable[[Any, str | None, str, bool, Any], bool]:
    """For Alembic's `include_object`: what the models declare for another database only
    (a trigram index) is not compared with this one."""

    def include(item: Any, _name: str | None, _kind: str, _reflected: bool, _other: Any) -> bool:
        only_on = getattr(item, "info", {}).get("only_on")
        return only_on is None or only_on == dialect_name

    return include


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def create_engine(url: str, *, statement_timeout_seconds: float = 30.0) -> AsyncEngine:
    """The engine for `url`. SQL parameters never reach logs or error texts (they hold notes,
    emails and addresses)."""
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            with contextlib.suppress(OSError):  # an unusable path surfaces as a 503 later
                Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 15}, hide_parameters=True)
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
        return engine
    # No pre-ping (a round trip on every checkout): a connection the server dropped is found
    # out by its first statement, which `RequestSession` runs again on a fresh one.
    return create_async_engine(
        url,
        # JSON columns (tags, issues, change lists) are read on every page of records.
        json_deserializer=orjson.loads,
        pool_size=10,
        max_overflow=10,
        pool_timeout=10,
        hide_parameters=True,
        connect_args={
            "timeout": min(10.0, statement_timeout_seconds),
            # The server cancels a slow statement; the client gives up a little later on a
            # connection that stopped answering at all. Both become 503 + Retry-After.
            "server_settings": {"statement_timeout": str(int(statement_timeout_seconds * 1000))},
            "command_timeout": statement_timeout_seconds + 1,
        },
    )


class RequestSession(AsyncSession):
    """A session whose first statement is retried once on a fresh connection when the one it
    was given turns out to be dead (the server restarted or dropped it while it sat in the
    pool). Nothing has run in the transaction yet, so running the statement again is safe for
    reads and writes alike; a connection lost later in a transaction is an error (503).
    SQLAlchemy invalidates the whole pool when it sees a disconnect, so one retry suffices."""

    async def execute(self, statement: Any, *args: Any, **kwargs: Any) -> Any:
        if self.in_transaction():
            return await super().execute(statement, *args, **kwargs)
        try:
            return await super().execute(statement, *args, **kwargs)
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
            await self.rollback()
            return await super().execute(statement, *args, **kwargs)

    async def scalar(self, statement: Any, *args: Any, **kwargs: Any) -> Any:
        return (await self.execute(statement, *args, **kwargs)).scalar()


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=RequestSession, expire_on_commit=False)


# An execution option of a read request's connection until it writes: see `get_session`.
READ_ONLY = "shopfloor_read_only"
READ_METHODS = frozenset({"GET", "HEAD"})


def _refuse_unannounced_write(
    connection: Connection, statement: Any, *_parameters: Any, **_options: Any
) -> None:
    if getattr(statement, "is_dml", False) and connection.get_execution_options().get(READ_ONLY):
        raise RuntimeError(
            "a read request writes without `write_from_here(session)`: its writes would not "
            "be one transaction"
        )


def create_read_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for read requests. On PostgreSQL their statements run in autocommit, so a
    read pays no BEGIN and COMMIT round trips; each statement still sees committed data
    only, and READ COMMITTED (the default) promised no more between statements. A write
    without `write_from_here` first is refused (on SQLite too, so the tests find it)."""
    options: dict[str, Any] = {READ_ONLY: True}
    if engine.dialect.name == "postgresql":
        options["isolation_level"] = "AUTOCOMMIT"
    reading = engine.execution_options(**options)
    event.listen(reading.sync_engine, "before_execute", _refuse_unannounced_write)
    return create_sessionmaker(reading)


async def write_from_here(session: AsyncSession) -> None:
    """A read request that records something (the read audit) makes its writes one
    transaction: the session leaves autocommit, and the request's end commits them."""
    connection = (await session.connection()).sync_connection
    if connection is None or not connection.get_execution_options().get(READ_ONLY):
        return
    await session.commit()
    options: dict[str, Any] = {READ_ONLY: False}
    if connection.dialect.name == "postgresql":
        options["isolation_level"] = "READ COMMITTED"
    await session.connection(execution_options=options)


@answers(503)
async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's unit of work: commits once when the endpoint returns, rolls back on error.

    Declared with `scope="function"` at use sites so the commit happens before the
    response is sent: a client is never told "saved" for a write that failed to commit.
    A read request (GET, HEAD) gets a read session (`create_read_sessionmaker`); a write it
    makes must call `write_from_here` first, which the session checks.
    """
    state = request.app.state
    reading = request.method in READ_METHODS
    sessionmaker: async_sessionmaker[AsyncSession] = (
        state.read_sessionmaker if reading else state.sessionmaker
    )
    async with sessionmaker() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        else:
            await session.commit()


def schema_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()
