"""The write path: every create, update and delete of a group's records goes through here.

It stamps who made the change and when, enforces the version a client read (so a fellow
organiser's edit is never silently overwritten), leaves a tombstone on delete, and appends
to the group's change log numbered in commit order. Change feeds, webhooks and audit read
that log, so nothing that writes group data may bypass this module.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, TypeVar, cast

from pydantic_core import PydanticUndefined
from sqlalchemy import Table, Update, delete, event, insert, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import SQLModel, col

from api.core.changelog import Change, Operation, Tombstone
from api.core.context import GroupContext
from api.core.db import GroupRecord, new_id, utcnow
from api.core.errors import Conflict
from api.core.idempotency import forget_answers_about
from api.core.tenants import Group

RecordT = TypeVar("RecordT", bound=GroupRecord)
DerivedColumn = tuple[str, Callable[[Any], Any]]
_UNTOUCHABLE = frozenset(
    {"id", "group_id", "version", "created_at", "updated_at", "created_by", "updated_by"}
)


# Hears of a group's changes at commit: reads what it needs (before the group's sequence is
# locked) and returns what to write once they are numbered, given the first change's number
# (the rest follow in order), or None if it has nothing to write.
ChangeSubscriber = Callable[
    [Session, uuid.UUID, Sequence["PendingChange"]], Callable[[int], None] | None
]
_change_subscribers: list[ChangeSubscriber] | None = None


def set_change_subscribers(subscribers: Sequence[ChangeSubscriber]) -> None:
    """Who hears of every logged change, in the writer's transaction (the webhook outbox does),
    as it commits: subscribers run inside `Session.commit`, with the sync session API.

    Installed once at start-up by `api.wiring`; until then the write path refuses to write, so
    no process can change records without its subscribers hearing of it."""
    global _change_subscribers
    _change_subscribers = list(subscribers)


@dataclass(frozen=True)
class Actor:
    user_id: uuid.UUID | None
    token_id: uuid.UUID | None = None


class VersionConflict(Conflict):
    code = "version_conflict"
    detail = "Someone else changed this record since you read it; review their change"

    def __init__(self, record: GroupRecord | None = None) -> None:
        super().__init__()
        # The record as it now stands, so the caller can show both versions.
        self.record = record

    def with_current(self, current: dict[str, Any]) -> VersionConflict:
        self.extra = {"current": current}
        return self


def model_columns(model: type[SQLModel]) -> list[Any]:
    return list(table_of(model).columns)


def table_of(model: type[SQLModel]) -> Table:
    """The model's table, for bulk INSERTs of plain rows: given the table, SQLAlchemy sends
    the rows as they are (one multi-row statement), where given the model it first runs each
    row through the ORM's bulk path, which costs more than the statement."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ColumnDefaults:
    """What a model puts in each of its columns when a row leaves it out: a value, a factory
    called for every row, or nothing (`required`). Read from the model once: asking pydantic
    for a field's default inspects its factory's signature every time, which was a tenth of a
    100,000-row import."""

    columns: tuple[str, ...]
    values: Mapping[str, Any]
    factories: Mapping[str, Callable[[], Any]]
    required: frozenset[str]

    def complete(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """Every column: the row's value, else the default (None where there is none)."""
        return {
            key: row[key]
            if key in row
            else (self.factories[key]() if key in self.factories else self.values.get(key))
            for key in self.columns
        }


@cache
def column_defaults(model: type[SQLModel]) -> ColumnDefaults:
    columns = tuple(column.key for column in model_columns(model))
    values: dict[str, Any] = {}
    factories: dict[str, Callable[[], Any]] = {}
    required = set()
    for name in columns:
        info = model.model_fields.get(name)
        if info is None:
            continue  # a column the model does not declare as a field: NULL unless given
        if info.default_factory is not None:
            # The models' factories take no arguments (new_id, utcnow, list, dict).
            factories[name] = cast(Callable[[], Any], info.default_factory)
        elif info.default is PydanticUndefined:
            required.add(name)
        else:
            values[name] = info.default
    return ColumnDefaults(columns, values, factories, frozenset(required))


def derived_columns(model: type[GroupRecord] | GroupRecord) -> Mapping[str, DerivedColumn]:
    """Columns the write path keeps equal to a function of another column (a search key
    beside a name): `{target: (source, make)}` on the model, set whenever the source is."""
    return getattr(model, "__derived_columns__", None) or {}


def with_derived(model: type[GroupRecord], values: Mapping[str, Any]) -> dict[str, Any]:
    complete = dict(values)
    for target, (source, make) in derived_columns(model).items():
        if source in values:
            complete[target] = make(values[source])
    return complete


def entity_type_of(model: type[GroupRecord] | GroupRecord) -> str:
    """The type a record's changes are logged under: its model's `__entity_type__`, unless the
    row itself says (`row_entity_type()`, for records whose rows some readers may not see)."""
    row_type = getattr(model, "row_entity_type", None)
    if row_type is not None and not isinstance(model, type):
        return str(row_type())
    table = getattr(model, "__tablename__", None)
    name = getattr(model, "__entity_type__", None) or table
    return str(name)


class RecordWriter:
    def __init__(self, session: AsyncSession, group_id: uuid.UUID, actor: Actor) -> None:
        self.session = session
        self.group_id = group_id
        self.actor = actor

    @classmethod
    def for_context(cls, session: AsyncSession, ctx: GroupContext) -> RecordWriter:
        return cls(session, ctx.group_id, Actor(user_id=ctx.user_id, token_id=ctx.token_id))

    async def create(self, record: RecordT) -> RecordT:
        now = utcnow()
        record.group_id = self.group_id
        record.version = 1
        record.created_at = record.updated_at = now
        record.created_by = record.updated_by = self.actor.user_id
        derived = derived_columns(record)
        for target, (source, make) in derived.items():
            setattr(record, target, make(getattr(record, source)))
        self.session.add(record)
        await self.session.flush()
        fields = sorted(
            column.key
            for column in model_columns(type(record))
            if column.key not in _UNTOUCHABLE
            and column.key not in derived
            and getattr(record, column.key) is not None
        )
        await self._log(record, Operation.create, fields)
        return record

    async def create_many(
        self, model: type[GroupRecord], rows: Sequence[Mapping[str, Any]]
    ) -> list[uuid.UUID]:
        """Bulk `create` for imports: rows of `model`'s field values (defaults filled in, as
        the model would) inserted in one statement, each logged with a change entry numbered
        by a single update of the group's sequence. No objects are built (that would cost
        more than the insert); returns the new ids in order."""
        if not rows:
            return []
        given: set[str] = set().union(*(row.keys() for row in rows))
        forbidden = (_UNTOUCHABLE - {"id"}) & given
        if forbidden:
            raise ValueError(f"fields managed by the write path: {sorted(forbidden)}")
        now = utcnow()
        defaults = column_defaults(model)
        derived = derived_columns(model)
        stamps = {
            "group_id": self.group_id,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "created_by": self.actor.user_id,
            "updated_by": self.actor.user_id,
        }
        values = []
        entries: list[tuple[uuid.UUID, Operation, list[str]]] = []
        for row in rows:
            full = defaults.complete(row)
            full.update(stamps)
            full = with_derived(model, full)
            values.append(full)
            changed = sorted(
                key
                for key, value in full.items()
                if key not in _UNTOUCHABLE and key not in derived and value is not None
            )
            entries.append((full["id"], Operation.create, changed))
        await self.session.execute(insert(table_of(model)), values)
        await self._log_many(entity_type_of(model), entries, now)
        return [entry[0] for entry in entries]

    async def update_many(
        self,
        model: type[GroupRecord],
        updates: Sequence[tuple[uuid.UUID, int, Mapping[str, Any]]],
    ) -> None:
        """Bulk `update` for imports: `(id, expected_version, changes)` each, every row still
        at its version (or VersionConflict, and the caller's transaction must roll back);
        logged with one update of the group's sequence."""
        now = utcnow()
        entries = []
        for record_id, version, changes in updates:
            forbidden = _UNTOUCHABLE.intersection(changes)
            if forbidden:
                raise ValueError(f"fields managed by the write path: {sorted(forbidden)}")
            if not await self._versioned_update(model, record_id, version, changes, now):
                raise VersionConflict()
            entries.append((record_id, Operation.update, sorted(changes)))
        await self._log_many(entity_type_of(model), entries, now)

    async def update(
        self,
        record: RecordT,
        changes: Mapping[str, Any],
        *,
        expected_version: int | None = None,
        also_changed: Sequence[str] = (),
    ) -> RecordT:
        """Apply `changes` only if the row is still at `expected_version` (checked in the UPDATE
        itself, so two concurrent saves of the same version cannot both win).

        `also_changed` names parts of the record kept in other tables (e.g. its links) that
        this edit changed: the record's version still moves on, so other editors see it."""
        forbidden = _UNTOUCHABLE.intersection(changes)
        if forbidden:
            raise ValueError(f"fields managed by the write path: {sorted(forbidden)}")
        version = record.version if expected_version is None else expected_version
        if version != record.version:
            raise VersionConflict(record)
        changed = {k: v for k, v in changes.items() if getattr(record, k) != v}
        if not changed and not also_changed:
            return record
        model = type(record)
        statement = self._versioned_statement(model, record.id, version, changed)
        # The row as it now stands comes back with the UPDATE, not from a second SELECT.
        current = (await self.session.execute(statement.returning(*model_columns(model)))).first()
        if current is None:
            await self.session.refresh(record)
            raise VersionConflict(record)
        for key, value in current._mapping.items():
            set_committed_value(record, key, value)
        await self._log(record, Operation.update, sorted({*changed, *also_changed}))
        return record

    async def _versioned_update(
        self,
        model: type[GroupRecord],
        record_id: uuid.UUID,
        version: int,
        changes: Mapping[str, Any],
        now: datetime | None = None,
    ) -> bool:
        statement = self._versioned_statement(model, record_id, version, changes, now)
        result = await self.session.execute(statement)
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    def _versioned_statement(
        self,
        model: type[GroupRecord],
        record_id: uuid.UUID,
        version: int,
        changes: Mapping[str, Any],
        now: datetime | None = None,
    ) -> Update:
        """The one UPDATE every edit runs: it applies only while the row is at `version`, in
        the statement itself, so two concurrent saves of the same version cannot both win."""
        return (
            update(model)
            .where(
                col(model.id) == record_id,
                col(model.group_id) == self.group_id,
                col(model.version) == version,
            )
            .values(
                **with_derived(model, changes),
                version=version + 1,
                updated_at=now or utcnow(),
                updated_by=self.actor.user_id,
            )
            .execution_options(synchronize_session=False)
        )

    async def delete(self, record: RecordT, *, expected_version: int | None = None) -> None:
        model = type(record)
        entity_type = entity_type_of(record)
        statement = delete(model).where(
            col(model.id) == record.id, col(model.group_id) == self.group_id
        )
        if expected_version is not None:
            statement = statement.where(col(model.version) == expected_version)
        result = await self.session.execute(statement.execution_options(synchronize_session=False))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            await self.session.refresh(record)
            raise VersionConflict(record)
        self.session.expunge(record)
        await self.record_deletions(entity_type, [record.id])

    async def record_deletions(self, entity_type: str, ids: Iterable[uuid.UUID]) -> None:
        """Tombstones and change entries for rows removed in bulk (e.g. by a cascade)."""
        now = utcnow()
        removed = list(ids)
        self.session.add_all(
            Tombstone(
                group_id=self.group_id,
                entity_type=entity_type,
                entity_id=entity_id,
                deleted_at=now,
                deleted_by=self.actor.user_id,
            )
            for entity_id in removed
        )
        await self._log_many(
            entity_type, [(entity_id, Operation.delete, []) for entity_id in removed], now
        )
        await forget_answers_about(self.session, removed)

    async def log_group_change(self, fields: list[str]) -> None:
        await self._log_raw("group", self.group_id, Operation.update, fields, utcnow())

    async def _log(self, record: GroupRecord, operation: Operation, fields: list[str]) -> None:
        await self._log_raw(entity_type_of(record), record.id, operation, fields, utcnow())

    async def _log_many(
        self,
        entity_type: str,
        entries: Sequence[tuple[uuid.UUID, Operation, list[str]]],
        at: datetime,
    ) -> None:
        """Change entries for the transaction's commit to number (see `number_changes`)."""
        if _change_subscribers is None:
            raise RuntimeError("change subscribers not installed: call api.wiring.wire() first")
        pending = _pending_changes(self.session.sync_session)
        pending.extend(
            PendingChange(self.group_id, entity_type, entity_id, operation, fields, at, self.actor)
            for entity_id, operation, fields in entries
        )

    async def _log_raw(
        self,
        entity_type: str,
        entity_id: uuid.UUID,
        operation: Operation,
        fields: list[str],
        at: datetime,
    ) -> None:
        await self._log_many(entity_type, [(entity_id, operation, fields)], at)


@dataclass(frozen=True, slots=True)
class PendingChange:
    group_id: uuid.UUID
    entity_type: str
    entity_id: uuid.UUID
    operation: Operation
    fields: list[str]
    at: datetime
    actor: Actor


_PENDING_KEY = "pending_changes"
_INSERT_SLICE = 2000


def _pending_changes(session: Session) -> list[PendingChange]:
    pending: list[PendingChange] = session.info.setdefault(_PENDING_KEY, [])
    return pending


@event.listens_for(Session, "before_commit")
def number_changes(session: Session) -> None:
    """Number the transaction's change entries as the last thing before COMMIT.

    A group's numbers come from one `UPDATE groups SET change_seq = change_seq + n RETURNING`,
    whose row lock is held until COMMIT: a change with a higher number therefore always
    commits after one with a lower number (the change feed relies on it), and writers of the
    same group queue for that lock only while the entries are inserted, not for their whole
    transaction. Runs inside the async session's greenlet, so the sync calls here do their
    I/O the asynchronous way. No write path opens savepoints, so the entries of a transaction
    are all kept or all dropped (`_drop_pending_changes`)."""
    pending = session.info.pop(_PENDING_KEY, None)
    if not pending:
        return
    assert _change_subscribers is not None  # checked when the entries were logged
    session.flush()
    by_group: dict[uuid.UUID, list[PendingChange]] = {}
    for change in pending:
        by_group.setdefault(change.group_id, []).append(change)
    # Groups in a fixed order, so two transactions writing the same groups cannot deadlock.
    for group_id in sorted(by_group):
        changes = by_group[group_id]
        deliveries = [subscriber(session, group_id, changes) for subscriber in _change_subscribers]
        last = session.execute(
            update(Group)
            .where(col(Group.id) == group_id)
            .values(change_seq=col(Group.change_seq) + len(changes))
            .returning(col(Group.change_seq))
        ).scalar_one()
        first = last - len(changes) + 1
        # In slices, so an import's hundred thousand entries never sit in memory twice over.
        for start in range(0, len(changes), _INSERT_SLICE):
            session.execute(
                insert(table_of(Change)),
                [
                    {
                        "id": new_id(),
                        "created_at": change.at,
                        "updated_at": change.at,
                        "group_id": group_id,
                        "seq": seq,
                        "entity_type": change.entity_type,
                        "entity_id": change.entity_id,
                        "operation": change.operation,
                        "actor_user_id": change.actor.user_id,
                        "actor_token_id": change.actor.token_id,
                        "changed_fields": change.fields,
                        "at": change.at,
                    }
                    for seq, change in enumerate(
                        changes[start : start + _INSERT_SLICE], start=first + start
                    )
                ],
            )
        for deliver in deliveries:
            if deliver is not None:
                deliver(first)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending_changes(session: Session, _previous: Any) -> None:
    session.info.pop(_PENDING_KEY, None)
