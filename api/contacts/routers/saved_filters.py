"""Saved contact filters (HTTP only)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Query, Response, status

from api.contacts.routers.common import (
    CREATE_ERRORS,
    DELETE_ERRORS,
    GROUP_PREFIX,
    READ_ERRORS,
    UPDATE_ERRORS,
    Reader,
    Writer,
)
from api.contacts.schemas.saved_filters import (
    SavedFilterCreate,
    SavedFilterRead,
    SavedFilterUpdate,
)
from api.contacts.services import saved_filters as service
from api.core.context import SessionDep
from api.core.deletion import delete_expectation
from api.core.idempotency import IdempotencyDep
from api.core.listing import sort_query
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.versioning import DeleteVersion, IfMatchHeader, set_etag

router = APIRouter(prefix=GROUP_PREFIX)

SAVED_FILTER = "/saved-filters/{saved_filter_id}"


@router.get(
    "/saved-filters", tags=["contacts"], operation_id="list_saved_filters", responses=READ_ERRORS
)
async def list_saved_filters(
    session: SessionDep,
    ctx: Reader,
    shared: bool | None = Query(
        default=None, description="Only shared filters (true) or only your own private ones"
    ),
    sort: str | None = sort_query("name", "created_at", default="name"),
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[SavedFilterRead]:
    """The group's shared filters and your own private ones; nobody else's private filters."""
    items, next_cursor = await service.list_saved_filters(
        session, ctx, shared=shared, sort=sort, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    "/saved-filters",
    status_code=status.HTTP_201_CREATED,
    tags=["contacts"],
    operation_id="create_saved_filter",
    responses=CREATE_ERRORS,
)
async def create_saved_filter(
    data: SavedFilterCreate, session: SessionDep, ctx: Writer, idem: IdempotencyDep
) -> SavedFilterRead:
    """Save a contact list filter under a name, for yourself or (`shared`) for the group. Ids
    it names must be the group's."""
    return await idem.run(
        ctx.user_id, SavedFilterRead, lambda: service.create_saved_filter(session, ctx, data)
    )


@router.get(SAVED_FILTER, tags=["contacts"], operation_id="get_saved_filter", responses=READ_ERRORS)
async def get_saved_filter(
    saved_filter_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> SavedFilterRead:
    """One filter you may see; the ETag carries its version."""
    read = await service.read_saved_filter(session, ctx, saved_filter_id)
    set_etag(response, read.version)
    return read


@router.patch(
    SAVED_FILTER, tags=["contacts"], operation_id="update_saved_filter", responses=UPDATE_ERRORS
)
async def update_saved_filter(
    saved_filter_id: uuid.UUID,
    data: SavedFilterUpdate,
    response: Response,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> SavedFilterRead:
    """Rename or change the filter (its author, or an organiser for a shared one); send the
    version you read. Whether it is shared is fixed: save a copy to share a private one."""
    read = await service.update_saved_filter(session, ctx, saved_filter_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    SAVED_FILTER,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["contacts"],
    operation_id="delete_saved_filter",
    responses=DELETE_ERRORS,
)
async def delete_saved_filter(
    saved_filter_id: uuid.UUID,
    session: SessionDep,
    ctx: Writer,
    version: DeleteVersion = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete a filter (its author, or an organiser for a shared one). Call lists made from
    it keep their people."""
    await service.delete_saved_filter(
        session, ctx, saved_filter_id, delete_expectation(version, if_match)
    )
