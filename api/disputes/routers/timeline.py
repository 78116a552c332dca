"""A dispute's timeline events (HTTP only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.core.context import SessionDep
from api.core.deletion import delete_expectation
from api.core.idempotency import IdempotencyDep
from api.core.listing import QueryDay, sort_query
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.versioning import IfMatchHeader, set_etag
from api.disputes.enums import EventKind
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
from api.disputes.schemas.timeline import EventCreate, EventRead, EventUpdate
from api.disputes.services import timeline as service

router = APIRouter()

EVENT = DISPUTE + "/events/{event_id}"


@router.get(
    DISPUTE + "/events",
    tags=["disputes"],
    operation_id="list_dispute_events",
    responses=READ_ERRORS,
)
async def list_dispute_events(
    dispute_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    kind: Annotated[list[EventKind] | None, Query(description="Any of these kinds")] = None,
    from_: Annotated[
        QueryDay | None, Query(alias="from", description="On or after this day")
    ] = None,
    to: Annotated[QueryDay | None, Query(description="On or before this day")] = None,
    sort: str | None = sort_query("occurs_on", default="occurs_on"),
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[EventRead]:
    """The dispute's timeline, oldest first (`sort=-occurs_on` for newest first)."""
    items, next_cursor = await service.list_events(
        session,
        ctx,
        dispute_id,
        kinds=kind,
        on_or_after=from_,
        on_or_before=to,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    DISPUTE + "/events",
    status_code=status.HTTP_201_CREATED,
    tags=["disputes"],
    operation_id="create_dispute_event",
    responses=CREATE_ERRORS,
)
async def create_dispute_event(
    dispute_id: uuid.UUID,
    data: EventCreate,
    session: SessionDep,
    ctx: Writer,
    idem: IdempotencyDep,
) -> EventRead:
    """Add a dated event (meeting, grievance, negotiation, ballot, strike day) to the timeline."""
    return await idem.run(
        ctx.user_id, EventRead, lambda: service.create_event(session, ctx, dispute_id, data)
    )


@router.get(EVENT, tags=["disputes"], operation_id="get_dispute_event", responses=READ_ERRORS)
async def get_dispute_event(
    dispute_id: uuid.UUID,
    event_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    ctx: Reader,
) -> EventRead:
    """One timeline event."""
    read = await service.read_event(session, ctx, dispute_id, event_id)
    set_etag(response, read.version)
    return read


@router.patch(
    EVENT, tags=["disputes"], operation_id="update_dispute_event", responses=UPDATE_ERRORS
)
async def update_dispute_event(
    dispute_id: uuid.UUID,
    event_id: uuid.UUID,
    data: EventUpdate,
    response: Response,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> EventRead:
    """Change a timeline event; version-checked."""
    read = await service.update_event(session, ctx, dispute_id, event_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    EVENT,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["disputes"],
    operation_id="delete_dispute_event",
    responses=DELETE_ERRORS,
)
async def delete_dispute_event(
    dispute_id: uuid.UUID,
    event_id: uuid.UUID,
    session: SessionDep,
    ctx: Writer,
    version: VersionQuery = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete a timeline event."""
    await service.delete_event(
        session, ctx, dispute_id, event_id, delete_expectation(version, if_match)
    )
