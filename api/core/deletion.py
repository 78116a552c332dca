"""Deleting a record together with what the database removes or unlinks along with it.

Foreign keys decide what happens to other rows: `ON DELETE CASCADE` children are removed by
the database, `ON DELETE SET NULL` references are cleared. Neither would reach the change log
on its own, so before the delete this module finds them from the table metadata (in every
domain, so a new table referencing a contact is covered without touching this code): it
clears each SET NULL reference through the RecordWriter (a versioned change that sync clients
see) and, after the delete, leaves a tombstone for each cascaded row.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import ForeignKey, UniqueConstraint, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col
from sqlmodel.main import default_registry

from api.core.context import GroupContext
from api.core.db import GroupOwned, GroupRecord
from api.core.records import RecordWriter, entity_type_of
from api.core.tenancy import in_group, scoped_select
from api.core.versioning import ExpectedVersion, delete_checked, expected_version

RecordT = TypeVar("RecordT", bound=GroupRecord)


def delete_expectation(version: int | None, if_match: str | None) -> ExpectedVersion | None:
    """DELETE may name the version it read (`If-Match` or `?version=`); it need not."""
    if version is None and if_match is None:
        return None
    return expected_version(version, if_match)


def _group_models() -> list[type[GroupRecord]]:
    models = {
        mapper.class_
        for mapper in default_registry.mappers
        if isinstance(mapper.class_, type) and issubclass(mapper.class_, GroupRecord)
    }
    return sorted(models, key=lambda model: str(model.__tablename__))


def _references(
    model: type[GroupRecord], rule: str | None
) -> list[tuple[type[GroupRecord], ForeignKey]]:
    """(child model, foreign key) pairs pointing at `model`'s table with this ON DELETE rule
    (any rule when None)."""
    table = model.__table__  # type: ignore[attr-defined]
    found = []
    for child in _group_models():
        for foreign_key in child.__table__.foreign_keys:  # type: ignore[attr-defined]
            if foreign_key.column.table is table and (
                rule is None or (foreign_key.ondelete or "").upper() == rule
            ):
                found.append((child, foreign_key))
    return found


async def _ids_where(
    session: AsyncSession,
    ctx: GroupContext,
    model: type[GroupRecord],
    column: Any,
    values: Iterable[uuid.UUID],
) -> set[uuid.UUID]:
    wanted = list(values)
    if not wanted:
        return set()
    statement = scoped_select(ctx, model, col(model.id)).where(column.in_(wanted))
    return set((await session.execute(statement)).scalars().all())


async def _cascade_plan(
    session: AsyncSession, ctx: GroupContext, model: type[GroupRecord], ids: set[uuid.UUID]
) -> dict[type[GroupRecord], set[uuid.UUID]]:
    """Every row the database will delete along with `ids` of `model`, by model."""
    plan: dict[type[GroupRecord], set[uuid.UUID]] = {model: set(ids)}
    pending: list[tuple[type[GroupRecord], set[uuid.UUID]]] = [(model, set(ids))]
    while pending:
        parent, parent_ids = pending.pop()
        for child, foreign_key in _references(parent, "CASCADE"):
            found = await _ids_where(session, ctx, child, foreign_key.parent, parent_ids)
            new = found - plan.setdefault(child, set())
            if new:
                plan[child] |= new
                pending.append((child, new))
    return plan


async def _unlink(
    session: AsyncSession,
    ctx: GroupContext,
    writer: RecordWriter,
    plan: dict[type[GroupRecord], set[uuid.UUID]],
) -> None:
    """Clear SET NULL references to doomed rows, except from rows that are doomed too."""
    changes: dict[tuple[type[GroupRecord], uuid.UUID], dict[str, None]] = {}
    for target, target_ids in plan.items():
        for child, foreign_key in _references(target, "SET NULL"):
            found = await _ids_where(session, ctx, child, foreign_key.parent, target_ids)
            for child_id in found - plan.get(child, set()):
                changes.setdefault((child, child_id), {})[foreign_key.parent.name] = None
    by_model: dict[type[GroupRecord], list[uuid.UUID]] = {}
    for child, child_id in changes:
        by_model.setdefault(child, []).append(child_id)
    for child, child_ids in sorted(by_model.items(), key=lambda item: str(item[0].__tablename__)):
        records = (
            (
                await session.execute(
                    scoped_select(ctx, child)
                    .where(col(child.id).in_(child_ids))
                    .order_by(col(child.id))
                    .with_for_update()
                )
            )
            .scalars()
            .all()
        )
        for record in records:
            await writer.update(record, changes[(child, record.id)])


async def _touch_link_owners(
    session: AsyncSession,
    ctx: GroupContext,
    writer: RecordWriter,
    plan: dict[type[GroupRecord], set[uuid.UUID]],
) -> None:
    """A link row that goes while its owner stays (a workplace deleted from under a dispute)
    changes what the owner shows, so the owner gets a versioned change of its own."""
    for link, link_ids in plan.items():
        link_of = getattr(link, "__link_of__", None)
        if link_of is None or not link_ids:
            continue
        owner_column, owner_field = link_of
        foreign_key = next(iter(link.__table__.columns[owner_column].foreign_keys))  # type: ignore[attr-defined]
        owner_model = next(
            model
            for model in _group_models()
            if model.__table__ is foreign_key.column.table  # type: ignore[attr-defined]
        )
        owner_ids = set(
            (
                await session.execute(
                    scoped_select(ctx, link, getattr(link, owner_column)).where(
                        col(link.id).in_(sorted(link_ids))
                    )
                )
            )
            .scalars()
            .all()
        ) - plan.get(owner_model, set())
        if not owner_ids:
            continue
        owners = (
            (
                await session.execute(
                    scoped_select(ctx, owner_model)
                    .where(col(owner_model.id).in_(sorted(owner_ids)))
                    .order_by(col(owner_model.id))
                    .with_for_update()
                )
            )
            .scalars()
            .all()
        )
        for owner in owners:
            await writer.update(owner, {}, also_changed=[owner_field])


async def deletion_plan(
    session: AsyncSession, ctx: GroupContext, record: GroupRecord
) -> dict[type[GroupRecord], set[uuid.UUID]]:
    """Every row deleting `record` removes, by model (the record itself included): what an
    erasure reports and whose copies elsewhere it must find."""
    return await _cascade_plan(session, ctx, type(record), {record.id})


async def delete_with_dependents(
    session: AsyncSession,
    ctx: GroupContext,
    record: RecordT,
    expected: ExpectedVersion | None,
    present: Callable[[RecordT], BaseModel],
) -> None:
    """Delete `record` (refusing a stale `expected` version), unlink what pointed at it and
    tombstone every row the database cascades away with it."""
    writer = RecordWriter.for_context(session, ctx)
    if expected is not None and expected.number != record.version:
        await delete_checked(writer, record, expected, present)  # refuses, with `current`
    model = type(record)
    plan = await _cascade_plan(session, ctx, model, {record.id})
    await _unlink(session, ctx, writer, plan)
    await _touch_link_owners(session, ctx, writer, plan)
    await delete_checked(writer, record, expected, present)
    for child, child_ids in sorted(plan.items(), key=lambda item: str(item[0].__tablename__)):
        removed = child_ids - {record.id} if child is model else child_ids
        if removed:
            await writer.record_deletions(entity_type_of(child), sorted(removed))


def _group_owned_references(model: type[GroupRecord]) -> list[tuple[type[GroupOwned], ForeignKey]]:
    """Log rows (not versioned records) of the group pointing at `model`'s table."""
    table = model.__table__  # type: ignore[attr-defined]
    models = {
        mapper.class_
        for mapper in default_registry.mappers
        if isinstance(mapper.class_, type)
        and issubclass(mapper.class_, GroupOwned)
        and not issubclass(mapper.class_, GroupRecord)
    }
    return [
        (child, foreign_key)
        for child in sorted(models, key=lambda m: str(m.__tablename__))
        for foreign_key in child.__table__.foreign_keys  # type: ignore[attr-defined]
        if foreign_key.column.table is table
    ]


def _unique_partners(child: type[GroupRecord], column_name: str) -> list[list[str]]:
    """For each unique constraint of `child` over `column_name`, its other columns."""
    table = child.__table__  # type: ignore[attr-defined]
    found = []
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            names = [column.name for column in constraint.columns]
            if column_name in names:
                found.append([name for name in names if name != column_name])
    return found


async def move_references(
    session: AsyncSession,
    ctx: GroupContext,
    writer: RecordWriter,
    model: type[GroupRecord],
    from_id: uuid.UUID,
    to_id: uuid.UUID,
) -> dict[str, int]:
    """Point every record referring to one `model` row at another (two records found to be
    the same): each moved record is a versioned change sync clients see; a link row that
    would repeat one the other already has is deleted with a tombstone instead. Found from
    the table metadata, like deletion, so a new table referring to `model` is covered.
    Returns how many rows of each entity type moved or were folded into an existing link."""
    moved: dict[str, int] = {}
    for child, foreign_key in _references(model, None):
        column = foreign_key.parent
        records = (
            (
                await session.execute(
                    scoped_select(ctx, child)
                    .where(column == from_id)
                    .order_by(col(child.id))
                    .with_for_update()
                )
            )
            .scalars()
            .all()
        )
        if not records:
            continue
        moved[entity_type_of(child)] = len(records)
        await _touch_link_owners(session, ctx, writer, {child: {r.id for r in records}})
        partners = _unique_partners(child, column.name)
        for record in records:
            if await _would_repeat(session, ctx, child, record, column, partners, to_id):
                plan = await _cascade_plan(session, ctx, child, {record.id})
                await writer.delete(record)
                for dependent, ids in sorted(plan.items(), key=lambda i: str(i[0].__tablename__)):
                    removed = ids - {record.id} if dependent is child else ids
                    if removed:
                        await writer.record_deletions(entity_type_of(dependent), sorted(removed))
            else:
                await writer.update(record, {column.name: to_id})
    for log_model, foreign_key in _group_owned_references(model):
        await session.execute(
            update(log_model)
            .where(in_group(ctx, log_model), foreign_key.parent == from_id)
            .values({foreign_key.parent.name: to_id})
            .execution_options(synchronize_session=False)
        )
    return moved


async def _would_repeat(
    session: AsyncSession,
    ctx: GroupContext,
    child: type[GroupRecord],
    record: GroupRecord,
    column: Any,
    partners: list[list[str]],
    to_id: uuid.UUID,
) -> bool:
    for others in partners:
        statement = scoped_select(ctx, child, col(child.id)).where(column == to_id)
        for name in others:
            statement = statement.where(getattr(child, name) == getattr(record, name))
        if (await session.execute(statement.limit(1))).first() is not None:
            return True
    return False
