"""Workplaces (HTTP only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.core.context import SessionDep
from api.core.deletion import delete_expectation
from api.core.idempotency import IdempotencyDep
from api.core.listing import SearchQuery, UpdatedSinceQuery
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.versioning import DeleteVersion, IfMatchHeader, set_etag
from api.workplaces.routers.common import (
    CREATE_ERRORS,
    DELETE_ERRORS,
    NAME_SORT,
    READ_ERRORS,
    UPDATE_ERRORS,
    Reader,
    Writer,
)
from api.workplaces.schemas.workplaces import WorkplaceCreate, WorkplaceRead, WorkplaceUpdate
from api.workplaces.services import common
from api.workplaces.services import workplaces as service

router = APIRouter()


@router.post(
    "/workplaces",
    status_code=status.HTTP_201_CREATED,
    tags=["workplaces"],
    operation_id="create_workplace",
    responses=CREATE_ERRORS,
)
async def create_workplace(
    data: WorkplaceCreate, session: SessionDep, ctx: Writer, idem: IdempotencyDep
) -> WorkplaceRead:
    """Add a workplace to the group's map (organisers)."""
    return await idem.run(
        ctx.user_id, WorkplaceRead, lambda: service.create_workplace(session, ctx, data)
    )


@router.get(
    "/workplaces", tags=["workplaces"], operation_id="list_workplaces", responses=READ_ERRORS
)
async def list_workplaces(
    session: SessionDep,
    ctx: Reader,
    q: SearchQuery = None,
    sector: Annotated[str | None, Query(max_length=100, description="Exact sector")] = None,
    updated_since: UpdatedSinceQuery = None,
    sort: str | None = NAME_SORT,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[WorkplaceRead]:
    """The group's workplaces; `q` searches name, employer, address and postcode."""
    items, next_cursor = await service.list_workplaces(
        session,
        ctx,
        q=q,
        sector=sector,
        updated_since=updated_since,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get(
    "/workplaces/{workplace_id}",
    tags=["workplaces"],
    operation_id="get_workplace",
    responses=READ_ERRORS,
)
async def get_workplace(
    workplace_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> WorkplaceRead:
    """One workplace; the ETag header carries its version."""
    record = await common.get_workplace(session, ctx, workplace_id)
    set_etag(response, record.version)
    return service.present_workplace(record)


@router.patch(
    "/workplaces/{workplace_id}",
    tags=["workplaces"],
    operation_id="update_workplace",
    responses=UPDATE_ERRORS,
)
async def update_workplace(
    workplace_id: uuid.UUID,
    data: WorkplaceUpdate,
    response: Response,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> WorkplaceRead:
    """Change some fields; send the version you read (body `version` or If-Match)."""
    result = await service.update_workplace(session, ctx, workplace_id, data, if_match)
    set_etag(response, result.version)
    return result


@router.delete(
    "/workplaces/{workplace_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["workplaces"],
    operation_id="delete_workplace",
    responses=DELETE_ERRORS,
)
async def delete_workplace(
    workplace_id: uuid.UUID,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
    version: DeleteVersion = None,
) -> None:
    """Delete a workplace with its departments and shifts. Its contacts are kept, with no
    workplace recorded. Deleted means deleted: only a tombstone (id and time) remains."""
    await service.delete_workplace(
        session, ctx, workplace_id, delete_expectation(version, if_match)
    )
