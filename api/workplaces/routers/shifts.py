"""A workplace's shifts (HTTP only)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

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
from api.workplaces.schemas.shifts import ShiftCreate, ShiftRead, ShiftUpdate
from api.workplaces.services import shifts as service

router = APIRouter()


@router.post(
    "/workplaces/{workplace_id}/shifts",
    status_code=status.HTTP_201_CREATED,
    tags=["workplaces"],
    operation_id="create_shift",
    responses=CREATE_ERRORS,
)
async def create_shift(
    workplace_id: uuid.UUID,
    data: ShiftCreate,
    session: SessionDep,
    ctx: Writer,
    idem: IdempotencyDep,
) -> ShiftRead:
    """Add a shift to a workplace."""
    return await idem.run(
        ctx.user_id, ShiftRead, lambda: service.create_shift(session, ctx, workplace_id, data)
    )


@router.get(
    "/workplaces/{workplace_id}/shifts",
    tags=["workplaces"],
    operation_id="list_shifts",
    responses=READ_ERRORS,
)
async def list_shifts(
    workplace_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    q: SearchQuery = None,
    updated_since: UpdatedSinceQuery = None,
    sort: str | None = NAME_SORT,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[ShiftRead]:
    """A workplace's shifts; `q` searches name and pattern."""
    items, next_cursor = await service.list_shifts(
        session,
        ctx,
        workplace_id,
        q=q,
        updated_since=updated_since,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get(
    "/shifts/{shift_id}", tags=["workplaces"], operation_id="get_shift", responses=READ_ERRORS
)
async def get_shift(
    shift_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> ShiftRead:
    """One shift; the ETag header carries its version."""
    record = await service.get_shift(session, ctx, shift_id)
    set_etag(response, record.version)
    return service.present_shift(record)


@router.patch(
    "/shifts/{shift_id}",
    tags=["workplaces"],
    operation_id="update_shift",
    responses=UPDATE_ERRORS,
)
async def update_shift(
    shift_id: uuid.UUID,
    data: ShiftUpdate,
    response: Response,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> ShiftRead:
    """Change some fields; send the version you read (body `version` or If-Match)."""
    result = await service.update_shift(session, ctx, shift_id, data, if_match)
    set_etag(response, result.version)
    return result


@router.delete(
    "/shifts/{shift_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["workplaces"],
    operation_id="delete_shift",
    responses=DELETE_ERRORS,
)
async def delete_shift(
    shift_id: uuid.UUID,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
    version: DeleteVersion = None,
) -> None:
    """Delete a shift. Its contacts stay at the workplace with no shift."""
    await service.delete_shift(session, ctx, shift_id, delete_expectation(version, if_match))
