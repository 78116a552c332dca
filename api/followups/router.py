from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.core.context import GroupContext, SessionDep, require
from api.core.deletion import delete_expectation
from api.core.errors import error_responses
from api.core.idempotency import IdempotencyDep
from api.core.listing import QueryDay, SearchQuery, UpdatedSinceQuery, sort_query
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.permissions import Permission, Scope
from api.core.versioning import DeleteVersion, IfMatchHeader, set_etag
from api.followups import service
from api.followups.schemas import FollowUpCreate, FollowUpRead, FollowUpUpdate

router = APIRouter(prefix="/api/v1/groups/{group_id}")

Reader = Annotated[GroupContext, require(Permission.records_read, Scope.contacts_read)]
Writer = Annotated[GroupContext, require(Permission.followups_write, Scope.contacts_write)]
READ_ERRORS = error_responses(401, 403, 404, 422)
UPDATE_ERRORS = error_responses(401, 403, 404, 409, 412, 422, 428)
DELETE_ERRORS = error_responses(401, 403, 404, 409, 412, 422)


@router.post(
    "/follow-ups",
    status_code=status.HTTP_201_CREATED,
    tags=["follow-ups"],
    operation_id="create_follow_up",
    responses=READ_ERRORS,
)
async def create_follow_up(
    data: FollowUpCreate, session: SessionDep, ctx: Writer, idem: IdempotencyDep
) -> FollowUpRead:
    """Add a task; it is assigned to you unless you name another member (or null)."""
    return await idem.run(
        ctx.user_id, FollowUpRead, lambda: service.create_follow_up(session, ctx, data)
    )


@router.get(
    "/follow-ups", tags=["follow-ups"], operation_id="list_follow_ups", responses=READ_ERRORS
)
async def list_follow_ups(
    session: SessionDep,
    ctx: Reader,
    q: SearchQuery = None,
    assignee_id: uuid.UUID | None = None,
    contact_id: uuid.UUID | None = None,
    done: bool | None = None,
    due_before: Annotated[
        QueryDay | None, Query(description="Due strictly before this day")
    ] = None,
    due_after: Annotated[QueryDay | None, Query(description="Due strictly after this day")] = None,
    updated_since: UpdatedSinceQuery = None,
    sort: str | None = sort_query(
        "due_on", "created_at", "updated_at", default="due_on", note="undated last"
    ),
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[FollowUpRead]:
    """The group's follow-ups; `q` searches title and notes."""
    filters = service.FollowUpFilters(
        q=q,
        assignee_id=assignee_id,
        contact_id=contact_id,
        done=done,
        due_before=due_before,
        due_after=due_after,
        updated_since=updated_since,
    )
    items, next_cursor = await service.list_follow_ups(
        session, ctx, filters, sort=sort, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get(
    "/follow-ups/mine",
    tags=["follow-ups"],
    operation_id="list_my_follow_ups",
    responses=READ_ERRORS,
)
async def list_my_follow_ups(
    session: SessionDep,
    ctx: Reader,
    updated_since: UpdatedSinceQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[FollowUpRead]:
    """Your open follow-ups: overdue first, then by due date, undated last."""
    items, next_cursor = await service.my_follow_ups(
        session, ctx, updated_since=updated_since, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get(
    "/follow-ups/{follow_up_id}",
    tags=["follow-ups"],
    operation_id="get_follow_up",
    responses=READ_ERRORS,
)
async def get_follow_up(
    follow_up_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> FollowUpRead:
    """One follow-up; the ETag header carries its version."""
    record = await service.get_follow_up(session, ctx, follow_up_id)
    set_etag(response, record.version)
    return await service.read_follow_up(session, ctx, record)


@router.patch(
    "/follow-ups/{follow_up_id}",
    tags=["follow-ups"],
    operation_id="update_follow_up",
    responses=UPDATE_ERRORS,
)
async def update_follow_up(
    follow_up_id: uuid.UUID,
    data: FollowUpUpdate,
    response: Response,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> FollowUpRead:
    """Change some fields or mark it done (`done: true` records who and when) or undone;
    send the version you read (body `version` or If-Match)."""
    result = await service.update_follow_up(session, ctx, follow_up_id, data, if_match)
    set_etag(response, result.version)
    return result


@router.delete(
    "/follow-ups/{follow_up_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["follow-ups"],
    operation_id="delete_follow_up",
    responses=DELETE_ERRORS,
)
async def delete_follow_up(
    follow_up_id: uuid.UUID,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
    version: DeleteVersion = None,
) -> None:
    """Delete a follow-up; only a tombstone (id and time) remains."""
    await service.delete_follow_up(
        session, ctx, follow_up_id, delete_expectation(version, if_match)
    )
