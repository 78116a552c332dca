"""Disputes: the case file, its list and its page (HTTP only)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from api.core.context import SessionDep, SettingsDep
from api.core.deletion import delete_expectation
from api.core.idempotency import IdempotencyDep
from api.core.listing import sort_query
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.versioning import IfMatchHeader, set_etag
from api.disputes.dependencies import DisputeFiltersDep
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
from api.disputes.schemas.disputes import DisputeCreate, DisputeRead, DisputeSummary, DisputeUpdate
from api.disputes.services import disputes as service

router = APIRouter()


@router.get("/disputes", tags=["disputes"], operation_id="list_disputes", responses=READ_ERRORS)
async def list_disputes(
    session: SessionDep,
    ctx: Reader,
    filters: DisputeFiltersDep,
    sort: str | None = sort_query("title", "updated_at", "started_on", default="-updated_at"),
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[DisputeSummary]:
    """The group's disputes, most recently changed first. Sort by `title`, `updated_at` or
    `started_on` (prefix `-` for descending); `q` searches the title and summary."""
    items, next_cursor = await service.list_disputes(
        session, ctx, filters, sort=sort, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    "/disputes",
    status_code=status.HTTP_201_CREATED,
    tags=["disputes"],
    operation_id="create_dispute",
    responses=CREATE_ERRORS,
)
async def create_dispute(
    data: DisputeCreate,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Writer,
    idem: IdempotencyDep,
) -> DisputeRead:
    """Open a dispute's case file. `workplace_ids` must be this group's workplaces."""
    return await idem.run(
        ctx.user_id,
        DisputeRead,
        lambda: service.create_dispute(session, ctx, data, settings.turnout_threshold_ends_on),
    )


@router.get(DISPUTE, tags=["disputes"], operation_id="get_dispute", responses=READ_ERRORS)
async def get_dispute(
    dispute_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Reader,
) -> DisputeRead:
    """The dispute with its workplaces, demands, next upcoming timeline event, how many people
    are linked in each part, and each ballot's verdict. The ETag is the dispute's version."""
    read = await service.read_dispute(session, ctx, dispute_id, settings.turnout_threshold_ends_on)
    set_etag(response, read.version)
    return read


@router.patch(DISPUTE, tags=["disputes"], operation_id="update_dispute", responses=UPDATE_ERRORS)
async def update_dispute(
    dispute_id: uuid.UUID,
    data: DisputeUpdate,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> DisputeRead:
    """Change the fields you send. `workplace_ids`, if sent, replaces the workplaces. Send the
    version you read (`version` or If-Match); an older one is refused with the current record."""
    read = await service.update_dispute(
        session,
        ctx,
        dispute_id,
        data,
        if_match,
        settings.turnout_threshold_ends_on,
    )
    set_etag(response, read.version)
    return read


@router.delete(
    DISPUTE,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["disputes"],
    operation_id="delete_dispute",
    responses=DELETE_ERRORS,
)
async def delete_dispute(
    dispute_id: uuid.UUID,
    session: SessionDep,
    ctx: Writer,
    version: VersionQuery = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete the dispute with its demands, timeline, people links and ballots. Solidarity
    actions that supported it are kept but no longer linked to it."""
    await service.delete_dispute(session, ctx, dispute_id, delete_expectation(version, if_match))
