"""The write path: every create, update and delete of a group's records goes through here.

It stamps who made the change and when, enforces the version a client read (so a fellow
organiser's edit is never silently overwritten), leaves a tombstone on delete, and appends
to the group's change log numbered in commit order. Change feeds, webhooks and audit read
that log, so nothing that writes group data may bypass this module.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import delete, insert, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

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


# A change as subscribers see it: (entity id, operation, changed fields, change number).
LoggedChange = tuple[uuid.UUID, Operation, list[str], int]
ChangeSubscriber = Callable[
    [AsyncSession, uuid.UUID, str, Sequence[LoggedChange], datetime], Awaitable[None]
]
_change_subscribers: list[ChangeSubscriber] | None = None


def set_change_subscribers(subscribers: Sequence[ChangeSubscriber]) -> None:
    """Who hears of every logged change, in the writer's transaction (the webhook outbox does).

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


def model_columns(model: type[GroupRecord]) -> list[Any]:
    return list(model.__table__.columns)  # type: ignore[attr-defined]


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
        fields = model.model_fields
        keys = [column.key for column in model_columns(model)]
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
            full: dict[str, Any] = {
                key: row[key]
                if key in row
                else (fields[key].get_default(call_default_factory=True) if key in fields else None)
                for key in keys
            }
            full.update(stamps)
            full = with_derived(model, full)
            values.append(full)
            changed = sorted(
                key
                for key, value in full.items()
                if key not in _UNTOUCHABLE and key not in derived and value is not None
            )
            entries.append((full["id"], Operation.create, changed))
        await self.session.execute(insert(model), values)
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
        if not await self._versioned_update(type(record), record.id, version, changed):
            await self.session.refresh(record)
            raise VersionConflict(record)
        await self.session.refresh(record)
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
        """The one UPDATE every edit runs: it applies only while the row is at `version`, in
        the statement itself, so two concurrent saves of the same version cannot both win."""
        result = await self.session.execute(
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
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def delete(self, record: RecordT, *, expected_version: int | None = None) -> None:
        model = type(record)
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
        await self.record_deletions(entity_type_of(model), [record.id])

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
        at: Any,
    ) -> None:
        """Change entries numbered by one bump of the group's sequence (the row lock keeps
        numbers in commit order), told to the change subscribers, in the caller's transaction."""
        if not entries:
            return
        last = (
            await self.session.execute(
                update(Group)
                .where(col(Group.id) == self.group_id)
                .values(change_seq=col(Group.change_seq) + len(entries))
                .returning(col(Group.change_seq))
            )
        ).scalar_one()
        first = last - len(entries) + 1
        await self.session.execute(
            insert(Change),
            [
                {
                    "id": new_id(),
                    "created_at": at,
                    "updated_at": at,
                    "group_id": self.group_id,
                    "seq": first + index,
                    "entity_type": entity_type,
                    "entity_id": entity_id,
                    "operation": operation,
                    "actor_user_id": self.actor.user_id,
                    "actor_token_id": self.actor.token_id,
                    "changed_fields": fields,
                    "at": at,
                }
                for index, (entity_id, operation, fields) in enumerate(entries)
            ],
        )
        if _change_subscribers is None:
            raise RuntimeError("change subscribers not installed: call api.wiring.wire() first")
        logged = [
            (entity_id, operation, fields, first + index)
            for index, (entity_id, operation, fields) in enumerate(entries)
        ]
        for subscriber in _change_subscribers:
            await subscriber(self.session, self.group_id, entity_type, logged, at)

    async def _log_raw(
        self,
        entity_type: str,
        entity_id: uuid.UUID,
        operation: Operation,
        fields: list[str],
        at: Any,
    ) -> None:
        await self._log_many(entity_type, [(entity_id, operation, fields)], at)
