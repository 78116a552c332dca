"""A dispute's demands, in their order."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.core.context import GroupContext
from api.core.deletion import delete_with_dependents
from api.core.errors import NotFound
from api.core.pagination import SortKey
from api.core.queries import columns_for, load_by_columns, page_of, rows_by_id
from api.core.records import RecordWriter
from api.core.tenancy import get_scoped, scoped_select
from api.core.versioning import ExpectedVersion, update_from_request
from api.disputes.enums import DemandStatus
from api.disputes.models import Demand
from api.disputes.schemas.demands import DemandCreate, DemandRead, DemandUpdate
from api.disputes.services.common import get_dispute


class DemandNotFound(NotFound):
    code = "demand_not_found"
    detail = "Demand not found"


def demand_read(demand: Demand) -> DemandRead:
    return DemandRead.model_validate(demand, from_attributes=True)


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, DemandRead]:
    """The group's demands with these ids, each as an item of the demand list."""
    return await load_by_columns(session, ctx, Demand, DemandRead, ids)


async def load_rows(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The same demands as `load_reads`, as their JSON's fields (for the change feed)."""
    return await rows_by_id(session, ctx, Demand, DemandRead, ids)


async def demands_of(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID
) -> list[DemandRead]:
    """All of the dispute's demands in their order (for the dispute's page)."""
    demands = (
        (
            await session.execute(
                scoped_select(ctx, Demand)
                .where(col(Demand.dispute_id) == dispute_id)
                .order_by(col(Demand.position), col(Demand.id))
            )
        )
        .scalars()
        .all()
    )
    return [demand_read(demand) for demand in demands]


async def _get_demand(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID, demand_id: uuid.UUID
) -> Demand:
    demand = await get_scoped(session, ctx, Demand, demand_id, DemandNotFound)
    if demand.dispute_id != dispute_id:
        raise DemandNotFound()
    return demand


async def list_demands(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    *,
    statuses: list[DemandStatus] | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[DemandRead], str | None]:
    await get_dispute(session, ctx, dispute_id)
    statement = scoped_select(ctx, Demand, *columns_for(Demand, DemandRead)).where(
        col(Demand.dispute_id) == dispute_id
    )
    if statuses:
        statement = statement.where(col(Demand.status).in_([s.value for s in statuses]))
    keys = [SortKey(col(Demand.position), int), SortKey(col(Demand.id), uuid.UUID)]
    return await page_of(session, statement, keys, DemandRead, limit=limit, cursor=cursor)


async def create_demand(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID, data: DemandCreate
) -> DemandRead:
    await get_dispute(session, ctx, dispute_id)
    position = data.position
    if position is None:
        last = (
            await session.execute(
                scoped_select(ctx, Demand, func.max(Demand.position)).where(
                    col(Demand.dispute_id) == dispute_id
                )
            )
        ).scalar_one()
        position = 0 if last is None else int(last) + 1
    demand = await RecordWriter.for_context(session, ctx).create(
        Demand(dispute_id=dispute_id, text=data.text, status=data.status, position=position)
    )
    return demand_read(demand)


async def read_demand(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID, demand_id: uuid.UUID
) -> DemandRead:
    return demand_read(await _get_demand(session, ctx, dispute_id, demand_id))


async def update_demand(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    demand_id: uuid.UUID,
    data: DemandUpdate,
    if_match: str | None,
) -> DemandRead:
    demand = await _get_demand(session, ctx, dispute_id, demand_id)
    return demand_read(await update_from_request(session, ctx, demand, data, if_match, demand_read))


async def delete_demand(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    demand_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    demand = await _get_demand(session, ctx, dispute_id, demand_id)
    await delete_with_dependents(session, ctx, demand, expected, demand_read)
