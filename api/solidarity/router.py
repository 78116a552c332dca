"""Solidarity actions (HTTP only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Response, status

from api.core.context import GroupContext, SessionDep, require
from api.core.deletion import delete_expectation
from api.core.errors import error_responses, refusing
from api.core.idempotency import IdempotencyDep
from api.core.listing import sort_query
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery
from api.core.permissions import Permission, Scope
from api.core.versioning import DeleteVersion, IfMatchHeader, set_etag
from api.reads.dependencies import ReadLogDep
from api.reads.enums import ReadKind
from api.reads.service import Read
from api.solidarity import service
from api.solidarity.dependencies import ActionFiltersDep
from api.solidarity.schemas import ActionCreate, ActionPage, ActionRead, ActionUpdate

router = APIRouter(prefix="/api/v1/groups/{group_id}")

Reader = Annotated[GroupContext, require(Permission.records_read, Scope.actions_read)]
Writer = Annotated[GroupContext, require(Permission.actions_write, Scope.actions_write)]
# The kernel's type: a version outside what the column holds is refused, not sent to it.
VersionQuery = DeleteVersion
ACTION = "/actions/{action_id}"

# Between two fields, and on an update with the stored action too: no schema can state it.
HEAD_COUNT_RULE = "head_count is less than the participants listed"


@router.get(
    "/actions",
    tags=["solidarity"],
    operation_id="list_actions",
    responses=error_responses(401, 403, 404, 422, 429),
)
async def list_actions(
    session: SessionDep,
    ctx: Reader,
    log: ReadLogDep,
    filters: ActionFiltersDep,
    sort: str | None = sort_query("occurs_at", "title", default="-occurs_at"),
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> ActionPage:
    """The group's solidarity actions, latest first (`sort=occurs_at`, `title` or
    `-title` for others). `q` searches title, place, outside dispute, outcome and notes.
    `total_money_raised` adds up every action matching the filters, not only this page.
    Pages after the first (every page, for an API token or an observer) are written to the
    read audit with their participants; observers may list a limited number of rows an hour
    (429 `read_limit_reached` with Retry-After beyond it)."""
    page = await service.list_actions(session, ctx, filters, sort=sort, limit=limit, cursor=cursor)
    await log.record(
        ctx,
        Read(
            ReadKind.action_list,
            row_count=len(page.items),
            contact_ids=[p.contact_id for item in page.items for p in item.participants],
            filters=filters,
            first_page=cursor is None,
        ),
    )
    return page


@router.post(
    "/actions",
    status_code=status.HTTP_201_CREATED,
    tags=["solidarity"],
    operation_id="create_action",
    responses=refusing(error_responses(401, 403, 404, 422), HEAD_COUNT_RULE),
)
async def create_action(
    data: ActionCreate, session: SessionDep, ctx: Writer, idem: IdempotencyDep
) -> ActionRead:
    """Record a solidarity action. It supports one of the group's disputes (`dispute_id`) or
    someone else's described in words (`outside_dispute`), not both. `participant_ids` must be
    the group's contacts, and `head_count`, if given, at least as many."""
    return await idem.run(
        ctx.user_id, ActionRead, lambda: service.create_action(session, ctx, data)
    )


@router.get(
    ACTION,
    tags=["solidarity"],
    operation_id="get_action",
    responses=error_responses(401, 403, 404, 422),
)
async def get_action(
    action_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader, log: ReadLogDep
) -> ActionRead:
    """One solidarity action with its participants; the ETag carries its version. The read
    is written to the read audit with its participants."""
    read = await service.read_action(session, ctx, action_id)
    await log.record(
        ctx,
        Read(
            ReadKind.action,
            row_count=1,
            contact_ids=[p.contact_id for p in read.participants],
        ),
    )
    set_etag(response, read.version)
    return read


@router.patch(
    ACTION,
    tags=["solidarity"],
    operation_id="update_action",
    responses=refusing(
        error_responses(401, 403, 404, 409, 412, 422, 428),
        f"{HEAD_COUNT_RULE}, or it would support one of the group's disputes and an outside one",
    ),
)
async def update_action(
    action_id: uuid.UUID,
    data: ActionUpdate,
    response: Response,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> ActionRead:
    """Change the fields you send; `participant_ids`, if sent, replaces the participants.
    Send the version you read (`version` or If-Match). The action as it will stand (the fields
    sent over the stored ones) must make sense: `head_count` at least its participants, and
    `dispute_id` or `outside_dispute`, not both (send the other as null to switch)."""
    read = await service.update_action(session, ctx, action_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    ACTION,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["solidarity"],
    operation_id="delete_action",
    responses=error_responses(401, 403, 404, 409, 412, 422),
)
async def delete_action(
    action_id: uuid.UUID,
    session: SessionDep,
    ctx: Writer,
    version: VersionQuery = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete a solidarity action and its list of participants."""
    await service.delete_action(session, ctx, action_id, delete_expectation(version, if_match))
