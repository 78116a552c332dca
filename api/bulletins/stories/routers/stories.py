"""Stories (HTTP only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from api.bulletins.stories.enums import StoryStatus
from api.bulletins.stories.schemas.stories import (
    StoryCreate,
    StoryFromConversation,
    StoryPage,
    StoryRead,
    StoryUpdate,
)
from api.bulletins.stories.services import stories as service
from api.core.context import GroupContext, SessionDep, require
from api.core.deletion import delete_expectation
from api.core.errors import error_responses
from api.core.idempotency import IdempotencyDep
from api.core.listing import SearchQuery, UpdatedSinceQuery, sort_query
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery
from api.core.permissions import Permission, Scope
from api.core.versioning import DeleteVersion, IfMatchHeader, set_etag

router = APIRouter()

Reader = Annotated[GroupContext, require(Permission.bulletins_read, Scope.bulletins_read)]
Proposer = Annotated[GroupContext, require(Permission.stories_propose, Scope.bulletins_write)]
Editor = Annotated[GroupContext, require(Permission.bulletins_edit, Scope.bulletins_write)]
STORY = "/stories/{story_id}"
CREATE_ERRORS = error_responses(401, 403, 404, 422)
UPDATE_ERRORS = error_responses(401, 403, 404, 409, 412, 422, 428)


async def story_filters(
    status: Annotated[list[StoryStatus] | None, Query(description="Any of these")] = None,
    assignee_id: Annotated[uuid.UUID | None, Query(description="Assigned to this member")] = None,
    workplace_id: Annotated[
        uuid.UUID | None, Query(description="Concerning this workplace")
    ] = None,
    dispute_id: Annotated[uuid.UUID | None, Query(description="Concerning this dispute")] = None,
    is_tip: Annotated[bool | None, Query(description="Sent through the tip page, or not")] = None,
    updated_since: UpdatedSinceQuery = None,
    q: SearchQuery = None,
) -> service.StoryFilters:
    return service.StoryFilters(
        statuses=status,
        assignee_id=assignee_id,
        workplace_id=workplace_id,
        dispute_id=dispute_id,
        is_tip=is_tip,
        updated_since=updated_since,
        q=q,
    )


@router.get("/stories", tags=["bulletins"], operation_id="list_stories", responses=CREATE_ERRORS)
async def list_stories(
    session: SessionDep,
    ctx: Reader,
    filters: Annotated[service.StoryFilters, Depends(story_filters)],
    sort: str | None = sort_query("updated_at", "created_at", "headline", default="-updated_at"),
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> StoryPage:
    """The group's story pool, last changed first. `q` searches headlines and drafts (never
    source notes). Source notes are shown only to those who edit bulletins and to the story's
    proposer."""
    return await service.list_stories(session, ctx, filters, sort=sort, limit=limit, cursor=cursor)


@router.post(
    "/stories",
    status_code=status.HTTP_201_CREATED,
    tags=["bulletins"],
    operation_id="create_story",
    responses=CREATE_ERRORS,
)
async def create_story(
    data: StoryCreate, session: SessionDep, ctx: Proposer, idem: IdempotencyDep
) -> StoryRead:
    """Propose a story. Members propose ideas (status `idea`, nobody assigned); those who edit
    bulletins may start one at any status and assign it to a member."""
    return await idem.run(ctx.user_id, StoryRead, lambda: service.create_story(session, ctx, data))


@router.post(
    "/conversations/{conversation_id}/story",
    status_code=status.HTTP_201_CREATED,
    tags=["bulletins"],
    operation_id="create_story_from_conversation",
    responses=CREATE_ERRORS,
)
async def create_story_from_conversation(
    conversation_id: uuid.UUID,
    data: StoryFromConversation,
    session: SessionDep,
    ctx: Proposer,
    idem: IdempotencyDep,
) -> StoryRead:
    """Start an idea from a conversation: the issues the worker raised (as a list) and the
    notes taken become the draft, the headline defaults to the first issue, and the
    conversation is linked. Who was spoken to is not copied into the story."""
    return await idem.run(
        ctx.user_id,
        StoryRead,
        lambda: service.create_story_from_conversation(session, ctx, conversation_id, data),
    )


@router.get(STORY, tags=["bulletins"], operation_id="get_story", responses=CREATE_ERRORS)
async def get_story(
    story_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> StoryRead:
    """One story; the ETag carries its version."""
    read = await service.read_story(session, ctx, story_id)
    set_etag(response, read.version)
    return read


@router.patch(STORY, tags=["bulletins"], operation_id="update_story", responses=UPDATE_ERRORS)
async def update_story(
    story_id: uuid.UUID,
    data: StoryUpdate,
    response: Response,
    session: SessionDep,
    ctx: Proposer,
    if_match: IfMatchHeader = None,
) -> StoryRead:
    """Change the fields you send, with the version you read (`version` or If-Match);
    `workplace_ids`, if sent, replaces the workplaces. Those who edit bulletins change any
    story; its proposer and its assignee change its headline, draft, source notes, dispute and
    workplaces, and the assignee may mark it `drafted` (403 for anything else)."""
    read = await service.update_story(session, ctx, story_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    STORY,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["bulletins"],
    operation_id="delete_story",
    responses=error_responses(401, 403, 404, 409, 412, 422),
)
async def delete_story(
    story_id: uuid.UUID,
    session: SessionDep,
    ctx: Editor,
    version: DeleteVersion = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete a story for good (spike it to keep it in the pool instead)."""
    await service.delete_story(session, ctx, story_id, delete_expectation(version, if_match))
