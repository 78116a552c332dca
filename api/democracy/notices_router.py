"""The notices about votes every member sees (HTTP only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from api.core.context import GroupContext, SessionDep, require
from api.core.errors import error_responses
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.permissions import Permission, Scope
from api.democracy import notifications
from api.webhooks.schemas import NotificationRead

router = APIRouter(prefix="/api/v1/groups/{group_id}")

Reader = Annotated[GroupContext, require(Permission.records_read, Scope.democracy_read)]


@router.get(
    "/vote-notices",
    tags=["democracy"],
    operation_id="list_vote_notices",
    responses=error_responses(401, 403, 404, 422),
)
async def list_vote_notices(
    session: SessionDep, ctx: Reader, limit: LimitQuery = DEFAULT_LIMIT, cursor: CursorQuery = None
) -> Page[NotificationRead]:
    """Notices that a vote opened (`vote_opened`), closed with no decision (`vote_closed`) or
    was decided (`vote_decided`), newest first; `subject_id` is the vote, `message` its title.
    Everyone entitled to vote is mailed each one too. Organisers also see them among the
    group's notifications."""
    return await notifications.list_vote_notices(session, ctx, limit=limit, cursor=cursor)
