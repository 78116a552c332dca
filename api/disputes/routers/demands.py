"""A dispute's demands (HTTP only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.core.context import SessionDep
from api.core.deletion import delete_expectation
from api.core.idempotency import IdempotencyDep
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.versioning import IfMatchHeader, set_etag
from api.disputes.enums import DemandStatus
from api.disputes.routers.common import (
    CREATE_ERRORS,
    DELETE_ERRORS,
    DISPUTE,
    READ_ERRORS,
    UPDATE_ERRORS,
    Reader,
    VersionQuery,
    Writer,
)
from api.disputes.schemas.demands import DemandCreate, DemandRead, DemandUpdate
from api.disputes.services import demands as service

router = APIRouter()

DEMAND = DISPUTE + "/demands/{demand_id}"


@router.get(
    DISPUTE + "/demands", tags=["disputes"], operation_id="list_demands", responses=READ_ERRORS
)
async def list_demands(
    dispute_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    status_: Annotated[
        list[DemandStatus] | None, Query(alias="status", description="Any of these statuses")
    ] = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[DemandRead]:
    """The dispute's demands in their order (`position`)."""
    items, next_cursor = await service.list_demands(
        session, ctx, dispute_id, statuses=status_, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    DISPUTE + "/demands",
    status_code=status.HTTP_201_CREATED,
    tags=["disputes"],
    operation_id="create_demand",
    responses=CREATE_ERRORS,
)
async def create_demand(
    dispute_id: uuid.UUID,
    data: DemandCreate,
    session: SessionDep,
    ctx: Writer,
    idem: IdempotencyDep,
) -> DemandRead:
    """Add a demand; without a `position` it goes last."""
    return await idem.run(
        ctx.user_id, DemandRead, lambda: service.create_demand(session, ctx, dispute_id, data)
    )


@router.get(DEMAND, tags=["disputes"], operation_id="get_demand", responses=READ_ERRORS)
async def get_demand(
    dispute_id: uuid.UUID,
    demand_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    ctx: Reader,
) -> DemandRead:
    """One demand."""
    read = await service.read_demand(session, ctx, dispute_id, demand_id)
    set_etag(response, read.version)
    return read


@router.patch(DEMAND, tags=["disputes"], operation_id="update_demand", responses=UPDATE_ERRORS)
async def update_demand(
    dispute_id: uuid.UUID,
    demand_id: uuid.UUID,
    data: DemandUpdate,
    response: Response,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> DemandRead:
    """Reword, reorder or settle a demand (won, lost, dropped); version-checked."""
    read = await service.update_demand(session, ctx, dispute_id, demand_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    DEMAND,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["disputes"],
    operation_id="delete_demand",
    responses=DELETE_ERRORS,
)
async def delete_demand(
    dispute_id: uuid.UUID,
    demand_id: uuid.UUID,
    session: SessionDep,
    ctx: Writer,
    version: VersionQuery = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete a demand."""
    await service.delete_demand(
        session, ctx, dispute_id, demand_id, delete_expectation(version, if_match)
    )
