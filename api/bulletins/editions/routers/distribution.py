"""The distribution log: hand-outs, feedback, and what reached each workplace (HTTP only)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from api.bulletins.editions.routers.common import (
    CREATE_ERRORS,
    DELETE_ERRORS,
    EDITION,
    READ_ERRORS,
    UPDATE_ERRORS,
    Distributor,
    Reader,
    VersionQuery,
)
from api.bulletins.editions.schemas import (
    FeedbackCreate,
    FeedbackRead,
    FeedbackUpdate,
    HandoutCreate,
    HandoutRead,
    HandoutUpdate,
    WorkplaceReach,
)
from api.bulletins.editions.services import distribution as service
from api.core.context import SessionDep
from api.core.deletion import delete_expectation
from api.core.idempotency import IdempotencyDep
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.versioning import IfMatchHeader, set_etag

router = APIRouter()

HANDOUT = "/handouts/{handout_id}"
FEEDBACK = "/feedback/{feedback_id}"


@router.get(
    EDITION + "/handouts", tags=["bulletins"], operation_id="list_handouts", responses=READ_ERRORS
)
async def list_handouts(
    edition_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[HandoutRead]:
    """The edition's hand-outs, latest first."""
    items, next_cursor = await service.list_handouts(
        session, ctx, edition_id, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    EDITION + "/handouts",
    status_code=status.HTTP_201_CREATED,
    tags=["bulletins"],
    operation_id="create_handout",
    responses=CREATE_ERRORS,
)
async def create_handout(
    edition_id: uuid.UUID,
    data: HandoutCreate,
    session: SessionDep,
    ctx: Distributor,
    idem: IdempotencyDep,
) -> HandoutRead:
    """Log a hand-out: where (workplace, gate or shift), when, how many copies went and how
    many are left. Members may log them."""
    return await idem.run(
        ctx.user_id, HandoutRead, lambda: service.create_handout(session, ctx, edition_id, data)
    )


@router.get(HANDOUT, tags=["bulletins"], operation_id="get_handout", responses=READ_ERRORS)
async def get_handout(
    handout_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> HandoutRead:
    """One hand-out."""
    read = await service.read_handout(session, ctx, handout_id)
    set_etag(response, read.version)
    return read


@router.patch(HANDOUT, tags=["bulletins"], operation_id="update_handout", responses=UPDATE_ERRORS)
async def update_handout(
    handout_id: uuid.UUID,
    data: HandoutUpdate,
    response: Response,
    session: SessionDep,
    ctx: Distributor,
    if_match: IfMatchHeader = None,
) -> HandoutRead:
    """Correct a hand-out; version-checked."""
    read = await service.update_handout(session, ctx, handout_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    HANDOUT,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["bulletins"],
    operation_id="delete_handout",
    responses=DELETE_ERRORS,
)
async def delete_handout(
    handout_id: uuid.UUID,
    session: SessionDep,
    ctx: Distributor,
    version: VersionQuery = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete a hand-out logged by mistake."""
    await service.delete_handout(session, ctx, handout_id, delete_expectation(version, if_match))


@router.get(
    EDITION + "/feedback", tags=["bulletins"], operation_id="list_feedback", responses=READ_ERRORS
)
async def list_feedback(
    edition_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[FeedbackRead]:
    """What people said about the edition, latest first (for the next editorial meeting)."""
    items, next_cursor = await service.list_feedback(
        session, ctx, edition_id, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    EDITION + "/feedback",
    status_code=status.HTTP_201_CREATED,
    tags=["bulletins"],
    operation_id="create_feedback",
    responses=CREATE_ERRORS,
)
async def create_feedback(
    edition_id: uuid.UUID,
    data: FeedbackCreate,
    session: SessionDep,
    ctx: Distributor,
    idem: IdempotencyDep,
) -> FeedbackRead:
    """Log feedback heard about the edition."""
    return await idem.run(
        ctx.user_id, FeedbackRead, lambda: service.create_feedback(session, ctx, edition_id, data)
    )


@router.get(FEEDBACK, tags=["bulletins"], operation_id="get_feedback", responses=READ_ERRORS)
async def get_feedback(
    feedback_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> FeedbackRead:
    """One piece of feedback."""
    read = await service.read_feedback(session, ctx, feedback_id)
    set_etag(response, read.version)
    return read


@router.patch(FEEDBACK, tags=["bulletins"], operation_id="update_feedback", responses=UPDATE_ERRORS)
async def update_feedback(
    feedback_id: uuid.UUID,
    data: FeedbackUpdate,
    response: Response,
    session: SessionDep,
    ctx: Distributor,
    if_match: IfMatchHeader = None,
) -> FeedbackRead:
    """Correct feedback; version-checked."""
    read = await service.update_feedback(session, ctx, feedback_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    FEEDBACK,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["bulletins"],
    operation_id="delete_feedback",
    responses=DELETE_ERRORS,
)
async def delete_feedback(
    feedback_id: uuid.UUID,
    session: SessionDep,
    ctx: Distributor,
    version: VersionQuery = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete feedback."""
    await service.delete_feedback(session, ctx, feedback_id, delete_expectation(version, if_match))


@router.get(
    "/workplaces/{workplace_id}/bulletin-reach",
    tags=["bulletins"],
    operation_id="get_workplace_bulletin_reach",
    responses=READ_ERRORS,
)
async def get_workplace_bulletin_reach(
    workplace_id: uuid.UUID, session: SessionDep, ctx: Reader
) -> WorkplaceReach:
    """The last edition handed out at the workplace, and the copies handed out there over the
    last 3 months per head of its estimated workforce."""
    return await service.workplace_reach(session, ctx, workplace_id)
