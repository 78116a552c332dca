"""Workplaces: the group's map of where its members work."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.core.context import GroupContext
from api.core.deletion import delete_with_dependents
from api.core.listing import apply_updated_since, sort_keys, text_search
from api.core.pagination import SortKey
from api.core.queries import columns_for, load_by_columns, page_of, rows_by_id, searchable
from api.core.records import RecordWriter
from api.core.tenancy import scoped_select
from api.core.versioning import ExpectedVersion, update_from_request
from api.workplaces.models import Workplace
from api.workplaces.schemas.workplaces import WorkplaceCreate, WorkplaceRead, WorkplaceUpdate
from api.workplaces.services.common import get_workplace, name_sorts


def present_workplace(record: Workplace) -> WorkplaceRead:
    return WorkplaceRead.model_validate(record, from_attributes=True)


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, WorkplaceRead]:
    """The group's workplaces with these ids, each as an item of the workplace list."""
    return await load_by_columns(session, ctx, Workplace, WorkplaceRead, ids)


async def load_rows(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The same workplaces as `load_reads`, as their JSON's fields (for the change feed)."""
    return await rows_by_id(session, ctx, Workplace, WorkplaceRead, ids)


async def create_workplace(
    session: AsyncSession, ctx: GroupContext, data: WorkplaceCreate
) -> WorkplaceRead:
    record = await RecordWriter.for_context(session, ctx).create(Workplace(**data.model_dump()))
    return present_workplace(record)


async def list_workplaces(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    q: str | None,
    sector: str | None,
    updated_since: datetime | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[WorkplaceRead], str | None]:
    keys = sort_keys(sort, name_sorts(Workplace), "name", SortKey(col(Workplace.id), uuid.UUID))
    statement = scoped_select(ctx, Workplace, *columns_for(Workplace, WorkplaceRead))
    search = text_search(
        q,
        searchable(
            col(Workplace.name),
            col(Workplace.employer),
            col(Workplace.address),
            col(Workplace.postcode),
        ),
    )
    if search is not None:
        statement = statement.where(search)
    if sector and sector.strip():
        statement = statement.where(func.lower(col(Workplace.sector)) == sector.strip().lower())
    statement = apply_updated_since(statement, col(Workplace.updated_at), updated_since)
    return await page_of(session, statement, keys, WorkplaceRead, limit=limit, cursor=cursor)


async def update_workplace(
    session: AsyncSession,
    ctx: GroupContext,
    workplace_id: uuid.UUID,
    data: WorkplaceUpdate,
    if_match: str | None,
) -> WorkplaceRead:
    record = await get_workplace(session, ctx, workplace_id)
    record = await update_from_request(session, ctx, record, data, if_match, present_workplace)
    return present_workplace(record)


async def delete_workplace(
    session: AsyncSession,
    ctx: GroupContext,
    workplace_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    """Its departments and shifts go with it; its contacts stay, no longer placed there."""
    record = await get_workplace(session, ctx, workplace_id)
    await delete_with_dependents(session, ctx, record, expected, present_workplace)
