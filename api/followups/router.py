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
from api.reads.dependencies import ReadLogDep
from api.reads.enums import ReadKind
from api.reads.service import Read

router = APIRouter(prefix="/api/v1/groups/{group_id}")

Reader = Annotated[GroupContext, require(Permission.records_read, Scope.contacts_read)]
Writer = Annotated[GroupContext, require(Permission.followups_write, Scope.contacts_write)]
READ_ERRORS = error_responses(401, 403, 404, 422)
# Lists are bulk reads: an observer past their hourly limit is refused with 429.
BULK_READ_ERRORS = error_responses(401, 403, 404, 422, 429)
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
    "/follow-ups", tags=["follow-ups"], operation_id="list_follow_ups", responses=BULK_READ_ERRORS
)
async def list_follow_ups(
    session: SessionDep,
    ctx: Reader,
    log: ReadLogDep,
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
    """The group's follow-ups; `q` searches title and notes. Pages after the first (every
    page, for an API token or an observer) are written to the read audit with the contacts
    they name; observers may list a limited number of rows an hour (429 `read_limit_reached`
    with Retry-After beyond it)."""
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
    await log.record(ctx, _list_read(items, filters, first_page=cursor is None))
    return Page(items=items, next_cursor=next_cursor)


def _list_read(
    items: list[FollowUpRead], filters: service.FollowUpFilters, *, first_page: bool
) -> Read:
    return Read(
        ReadKind.follow_up_list,
        row_count=len(items),
        contact_ids=[item.contact_id for item in items if item.contact_id is not None],
        filters=filters,
        first_page=first_page,
    )


@router.get(
    "/follow-ups/mine",
    tags=["follow-ups"],
    operation_id="list_my_follow_ups",
    responses=BULK_READ_ERRORS,
)
async def list_my_follow_ups(
    session: SessionDep,
    ctx: Reader,
    log: ReadLogDep,
    updated_since: UpdatedSinceQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[FollowUpRead]:
    """Your open follow-ups: overdue first, then by due date, undated last. Written to the
    read audit like the group's list."""
    items, next_cursor = await service.my_follow_ups(
        session, ctx, updated_since=updated_since, limit=limit, cursor=cursor
    )
    mine = service.FollowUpFilters(assignee_id=ctx.user_id, done=False, updated_since=updated_since)
    await log.record(ctx, _list_read(items, mine, first_page=cursor is None))
    return Page(items=items, next_cursor=next_cursor)


@router.get(
    "/follow-ups/{follow_up_id}",
    tags=["follow-ups"],
    operation_id="get_follow_up",
    responses=READ_ERRORS,
)
async def get_follow_up(
    follow_up_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader, log: ReadLogDep
) -> FollowUpRead:
    """One follow-up; the ETag header carries its version. The read is written to the read
    audit (with its contact, if it has one)."""
    record = await service.get_follow_up(session, ctx, follow_up_id)
    read = await service.read_follow_up(session, ctx, record)
    contact_ids = [read.contact_id] if read.contact_id is not None else []
    await log.record(ctx, Read(ReadKind.follow_up, row_count=1, contact_ids=contact_ids))
    set_etag(response, record.version)
    return read


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
    idem: IdempotencyDep,
    if_match: IfMatchHeader = None,
) -> FollowUpRead:
    """Change some fields or mark it done (`done: true` records who and when) or undone;
    send the version you read (body `version` or If-Match). With an Idempotency-Key, a
    change resent after a lost answer gets the first answer instead of a version conflict."""
    result = await idem.run(
        ctx.user_id,
        FollowUpRead,
        lambda: service.update_follow_up(session, ctx, follow_up_id, data, if_match),
    )
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
