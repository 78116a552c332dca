"""A workplace's shifts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.core.context import GroupContext
from api.core.deletion import delete_with_dependents
from api.core.errors import NotFound
from api.core.listing import apply_updated_since, sort_keys, text_search
from api.core.pagination import SortKey
from api.core.queries import columns_for, load_by_columns, page_of, rows_by_id, searchable
from api.core.records import RecordWriter
from api.core.tenancy import get_scoped, scoped_select
from api.core.versioning import ExpectedVersion
from api.workplaces.models import Shift, name_key
from api.workplaces.schemas.shifts import ShiftCreate, ShiftRead, ShiftUpdate
from api.workplaces.services.common import (
    check_name_free,
    get_workplace,
    name_sorts,
    update_part,
)


class ShiftNotFound(NotFound):
    code = "shift_not_found"
    detail = "Shift not found"


def present_shift(record: Shift) -> ShiftRead:
    return ShiftRead.model_validate(record, from_attributes=True)


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, ShiftRead]:
    """The group's shifts with these ids, each as an item of a workplace's shift list."""
    return await load_by_columns(session, ctx, Shift, ShiftRead, ids)


async def load_rows(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The same shifts as `load_reads`, as their JSON's fields (for the change feed)."""
    return await rows_by_id(session, ctx, Shift, ShiftRead, ids)


async def create_shift(
    session: AsyncSession, ctx: GroupContext, workplace_id: uuid.UUID, data: ShiftCreate
) -> ShiftRead:
    await get_workplace(session, ctx, workplace_id, for_update=True)
    await check_name_free(session, ctx, Shift, workplace_id, data.name, noun="shift")
    record = await RecordWriter.for_context(session, ctx).create(
        Shift(workplace_id=workplace_id, name_key=name_key(data.name), **data.model_dump())
    )
    return present_shift(record)


async def get_shift(session: AsyncSession, ctx: GroupContext, shift_id: uuid.UUID) -> Shift:
    return await get_scoped(session, ctx, Shift, shift_id, ShiftNotFound)


async def list_shifts(
    session: AsyncSession,
    ctx: GroupContext,
    workplace_id: uuid.UUID,
    *,
    q: str | None,
    updated_since: datetime | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[ShiftRead], str | None]:
    await get_workplace(session, ctx, workplace_id)
    keys = sort_keys(sort, name_sorts(Shift), "name", SortKey(col(Shift.id), uuid.UUID))
    statement = scoped_select(ctx, Shift, *columns_for(Shift, ShiftRead)).where(
        col(Shift.workplace_id) == workplace_id
    )
    search = text_search(q, searchable(col(Shift.name), col(Shift.pattern)))
    if search is not None:
        statement = statement.where(search)
    statement = apply_updated_since(statement, col(Shift.updated_at), updated_since)
    return await page_of(session, statement, keys, ShiftRead, limit=limit, cursor=cursor)


async def update_shift(
    session: AsyncSession,
    ctx: GroupContext,
    shift_id: uuid.UUID,
    data: ShiftUpdate,
    if_match: str | None,
) -> ShiftRead:
    record = await get_shift(session, ctx, shift_id)
    if data.name is not None:
        await get_workplace(session, ctx, record.workplace_id, for_update=True)
        await check_name_free(
            session, ctx, Shift, record.workplace_id, data.name, noun="shift", except_id=record.id
        )
    record = await update_part(session, ctx, record, data, if_match, present_shift)
    return present_shift(record)


async def delete_shift(
    session: AsyncSession, ctx: GroupContext, shift_id: uuid.UUID, expected: ExpectedVersion | None
) -> None:
    """Contacts on the shift stay at the workplace, with no shift recorded."""
    record = await get_shift(session, ctx, shift_id)
    await delete_with_dependents(session, ctx, record, expected, present_shift)
