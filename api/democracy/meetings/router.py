"""Meetings, agenda items, motions and the decision log (HTTP only)."""

from __future__ import annotations

import uuid
from enum import Enum
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.core.context import GroupContext, SessionDep, SettingsDep, require
from api.core.deletion import delete_expectation
from api.core.errors import error_responses
from api.core.idempotency import IdempotencyDep
from api.core.listing import SearchQuery
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery
from api.core.permissions import Permission, Scope
from api.core.versioning import DeleteVersion, IfMatchHeader, set_etag
from api.democracy.meetings import service
from api.democracy.meetings.enums import MotionStatus
from api.democracy.meetings.schemas import (
    AgendaItemCreate,
    AgendaItemList,
    AgendaItemRead,
    AgendaItemUpdate,
    AgendaOrder,
    DecisionCreate,
    DecisionPage,
    DecisionRead,
    DecisionUpdate,
    MeetingCreate,
    MeetingPage,
    MeetingRead,
    MeetingUpdate,
    MotionCreate,
    MotionEnd,
    MotionPage,
    MotionRead,
    MotionUpdate,
    PutToVote,
    Seconding,
)

router = APIRouter(prefix="/api/v1/groups/{group_id}")

Reader = Annotated[GroupContext, require(Permission.records_read, Scope.democracy_read)]
Member = Annotated[GroupContext, require(Permission.democracy_write, Scope.democracy_write)]
Chair = Annotated[GroupContext, require(Permission.votes_manage, Scope.democracy_write)]
MEETING = "/meetings/{meeting_id}"
ITEM = "/agenda-items/{item_id}"
MOTION = "/motions/{motion_id}"
DECISION = "/decisions/{decision_id}"
TAGS: list[str | Enum] = ["democracy"]
CHANGE_ERRORS = error_responses(401, 403, 404, 409, 412, 422, 428)
DELETE_ERRORS = error_responses(401, 403, 404, 409, 412, 422)


# --- meetings ------------------------------------------------------------------------------


@router.get(
    "/meetings",
    tags=TAGS,
    operation_id="list_meetings",
    responses=error_responses(401, 403, 404, 422),
)
async def list_meetings(
    session: SessionDep, ctx: Reader, limit: LimitQuery = DEFAULT_LIMIT, cursor: CursorQuery = None
) -> MeetingPage:
    """The group's meetings, latest first."""
    return await service.list_meetings(session, ctx, limit=limit, cursor=cursor)


@router.post(
    "/meetings",
    status_code=status.HTTP_201_CREATED,
    tags=TAGS,
    operation_id="create_meeting",
    responses=error_responses(401, 403, 404, 422),
)
async def create_meeting(
    data: MeetingCreate, session: SessionDep, ctx: Chair, idem: IdempotencyDep
) -> MeetingRead:
    """Call a meeting: a time, a place or a call's link. `present_ids` and `apologies_ids`
    name members of the group (users), nobody in both."""
    return await idem.run(
        ctx.user_id, MeetingRead, lambda: service.create_meeting(session, ctx, data)
    )


@router.get(
    MEETING, tags=TAGS, operation_id="get_meeting", responses=error_responses(401, 403, 404, 422)
)
async def get_meeting(
    meeting_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> MeetingRead:
    """One meeting with its attendance; the ETag carries its version."""
    read = await service.read_meeting(session, ctx, meeting_id)
    set_etag(response, read.version)
    return read


@router.patch(MEETING, tags=TAGS, operation_id="update_meeting", responses=CHANGE_ERRORS)
async def update_meeting(
    meeting_id: uuid.UUID,
    data: MeetingUpdate,
    response: Response,
    session: SessionDep,
    ctx: Chair,
    if_match: IfMatchHeader = None,
) -> MeetingRead:
    """Change the fields you send (attendance lists are replaced whole; nobody may be both
    present and sending apologies). Send the version you read (`version` or If-Match)."""
    read = await service.update_meeting(session, ctx, meeting_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    MEETING,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=TAGS,
    operation_id="delete_meeting",
    responses=DELETE_ERRORS,
)
async def delete_meeting(
    meeting_id: uuid.UUID,
    session: SessionDep,
    ctx: Chair,
    version: DeleteVersion = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete a meeting with its agenda, motions and decisions."""
    await service.delete_meeting(session, ctx, meeting_id, delete_expectation(version, if_match))


# --- agenda --------------------------------------------------------------------------------


@router.get(
    f"{MEETING}/agenda",
    tags=TAGS,
    operation_id="list_agenda_items",
    responses=error_responses(401, 403, 404, 422),
)
async def list_agenda(meeting_id: uuid.UUID, session: SessionDep, ctx: Reader) -> AgendaItemList:
    """The meeting's agenda in order, each item with its minutes."""
    return await service.list_agenda(session, ctx, meeting_id)


@router.post(
    f"{MEETING}/agenda",
    status_code=status.HTTP_201_CREATED,
    tags=TAGS,
    operation_id="create_agenda_item",
    responses=error_responses(401, 403, 404, 422),
)
async def add_agenda_item(
    meeting_id: uuid.UUID,
    data: AgendaItemCreate,
    session: SessionDep,
    ctx: Chair,
    idem: IdempotencyDep,
) -> AgendaItemRead:
    """Add an item at the end of the meeting's agenda."""
    return await idem.run(
        ctx.user_id,
        AgendaItemRead,
        lambda: service.add_agenda_item(session, ctx, meeting_id, data),
    )


@router.put(
    f"{MEETING}/agenda/order",
    tags=TAGS,
    operation_id="reorder_agenda",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def reorder_agenda(
    meeting_id: uuid.UUID, data: AgendaOrder, session: SessionDep, ctx: Chair
) -> AgendaItemList:
    """Put the agenda in a new order: `item_ids` names every item of the meeting, once (409
    when it does not: the agenda has changed since it was read)."""
    return await service.reorder_agenda(session, ctx, meeting_id, data)


@router.patch(ITEM, tags=TAGS, operation_id="update_agenda_item", responses=CHANGE_ERRORS)
async def update_agenda_item(
    item_id: uuid.UUID,
    data: AgendaItemUpdate,
    response: Response,
    session: SessionDep,
    ctx: Chair,
    if_match: IfMatchHeader = None,
) -> AgendaItemRead:
    """Rename an item or write its minutes. Send the version you read."""
    read = await service.update_agenda_item(session, ctx, item_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    ITEM,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=TAGS,
    operation_id="delete_agenda_item",
    responses=DELETE_ERRORS,
)
async def delete_agenda_item(
    item_id: uuid.UUID,
    session: SessionDep,
    ctx: Chair,
    version: DeleteVersion = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Take an item off the agenda; its motions and decisions stay with the meeting."""
    await service.delete_agenda_item(session, ctx, item_id, delete_expectation(version, if_match))


# --- motions -------------------------------------------------------------------------------


@router.get(
    "/motions",
    tags=TAGS,
    operation_id="list_motions",
    responses=error_responses(401, 403, 404, 422),
)
async def list_motions(
    session: SessionDep,
    ctx: Reader,
    meeting_id: Annotated[uuid.UUID | None, Query(description="Moved at this meeting")] = None,
    amends_id: Annotated[
        uuid.UUID | None, Query(description="Only the amendments to this motion")
    ] = None,
    status_: Annotated[
        list[MotionStatus] | None, Query(alias="status", description="Any of these states")
    ] = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> MotionPage:
    """Motions and amendments in the order they were moved."""
    return await service.list_motions(
        session,
        ctx,
        meeting_id=meeting_id,
        amends_id=amends_id,
        status=status_,
        limit=limit,
        cursor=cursor,
    )


@router.post(
    "/motions",
    status_code=status.HTTP_201_CREATED,
    tags=TAGS,
    operation_id="create_motion",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def create_motion(
    data: MotionCreate, session: SessionDep, ctx: Member, idem: IdempotencyDep
) -> MotionRead:
    """Move a motion at a meeting (`tabled`), or with `amends_id` an amendment to a motion
    still before it and not yet put to the vote (409 `motion_decided`, `motion_being_voted`).
    An amendment's `text` is the motion's wording as it would stand if it carried. You are
    its proposer; a chair may name another member (`proposer_id`, 403 `chair_only`)."""
    return await idem.run(
        ctx.user_id, MotionRead, lambda: service.create_motion(session, ctx, data)
    )


@router.get(
    MOTION, tags=TAGS, operation_id="get_motion", responses=error_responses(401, 403, 404, 422)
)
async def get_motion(
    motion_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> MotionRead:
    """One motion or amendment with its earlier wordings; the ETag carries its version."""
    read = await service.read_motion(session, ctx, motion_id)
    set_etag(response, read.version)
    return read


@router.patch(MOTION, tags=TAGS, operation_id="update_motion", responses=CHANGE_ERRORS)
async def update_motion(
    motion_id: uuid.UUID,
    data: MotionUpdate,
    response: Response,
    session: SessionDep,
    ctx: Member,
    if_match: IfMatchHeader = None,
) -> MotionRead:
    """Its proposer or a chair (403 `not_proposer`) may change it while it is before the
    meeting and not put to the vote; its wording only until it is seconded (409
    `motion_seconded`), then only by amendment. Send the version you read."""
    read = await service.update_motion(session, ctx, motion_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    MOTION,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=TAGS,
    operation_id="delete_motion",
    responses=DELETE_ERRORS,
)
async def delete_motion(
    motion_id: uuid.UUID,
    session: SessionDep,
    ctx: Chair,
    version: DeleteVersion = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete a motion with its amendments; its vote and the decisions naming it stay."""
    await service.delete_motion(session, ctx, motion_id, delete_expectation(version, if_match))


@router.post(
    f"{MOTION}/second",
    tags=TAGS,
    operation_id="second_motion",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def second_motion(
    motion_id: uuid.UUID, data: Seconding, session: SessionDep, ctx: Member
) -> MotionRead:
    """Second a motion still before the meeting (409 `motion_already_seconded`); never its
    own proposer. A chair may record another member seconding (`seconder_id`)."""
    return await service.second_motion(session, ctx, motion_id, data)


@router.post(
    f"{MOTION}/end",
    tags=TAGS,
    operation_id="end_motion",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def end_motion(
    motion_id: uuid.UUID, data: MotionEnd, session: SessionDep, ctx: Member
) -> MotionRead:
    """Withdraw a motion (its proposer or a chair) or remit it (a chair), while it is before
    the meeting and not put to the vote."""
    return await service.end_motion(session, ctx, motion_id, data)


@router.post(
    f"{MOTION}/vote",
    tags=TAGS,
    operation_id="put_motion_to_vote",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def put_to_vote(
    motion_id: uuid.UUID,
    data: PutToVote,
    session: SessionDep,
    ctx: Chair,
    settings: SettingsDep,
) -> MotionRead:
    """Open a for/against/abstain vote on a seconded motion (409 `motion_not_seconded`): a
    show of hands the chair then records (`record_show_of_hands`), or a secret ballot. Every
    amendment comes first: a motion with amendments undecided is refused (409
    `amendments_pending`), and an amendment cannot be put once its motion has been. When the
    vote closes, a carried vote carries the motion, any other outcome and it falls; a carried
    amendment replaces its motion's wording (the old one kept in `text_history`) and marks it
    `amended`."""
    return await service.put_to_vote(session, ctx, motion_id, data, settings.secret_key)


# --- decisions -----------------------------------------------------------------------------


@router.get(
    "/decisions",
    tags=TAGS,
    operation_id="list_decisions",
    responses=error_responses(401, 403, 404, 422),
)
async def list_decisions(
    session: SessionDep,
    ctx: Reader,
    q: SearchQuery = None,
    meeting_id: Annotated[uuid.UUID | None, Query(description="Taken at this meeting")] = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> DecisionPage:
    """The group's decision log, latest meeting first. `q` finds decisions containing each
    of its words, ignoring case, accents and punctuation."""
    return await service.list_decisions(
        session, ctx, q=q, meeting_id=meeting_id, limit=limit, cursor=cursor
    )


@router.post(
    f"{MEETING}/decisions",
    status_code=status.HTTP_201_CREATED,
    tags=TAGS,
    operation_id="create_decision",
    responses=error_responses(401, 403, 404, 422),
)
async def create_decision(
    meeting_id: uuid.UUID,
    data: DecisionCreate,
    session: SessionDep,
    ctx: Chair,
    idem: IdempotencyDep,
) -> DecisionRead:
    """Minute a decision the meeting took, linked to the motion (of this meeting) or the vote
    behind it; naming a motion links its vote too."""
    return await idem.run(
        ctx.user_id,
        DecisionRead,
        lambda: service.create_decision(session, ctx, meeting_id, data),
    )


@router.get(
    DECISION,
    tags=TAGS,
    operation_id="get_decision",
    responses=error_responses(401, 403, 404, 422),
)
async def get_decision(
    decision_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> DecisionRead:
    """One decision; the ETag carries its version."""
    read = await service.read_decision(session, ctx, decision_id)
    set_etag(response, read.version)
    return read


@router.patch(DECISION, tags=TAGS, operation_id="update_decision", responses=CHANGE_ERRORS)
async def update_decision(
    decision_id: uuid.UUID,
    data: DecisionUpdate,
    response: Response,
    session: SessionDep,
    ctx: Chair,
    if_match: IfMatchHeader = None,
) -> DecisionRead:
    """Correct a decision's wording or links. Send the version you read."""
    read = await service.update_decision(session, ctx, decision_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    DECISION,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=TAGS,
    operation_id="delete_decision",
    responses=DELETE_ERRORS,
)
async def delete_decision(
    decision_id: uuid.UUID,
    session: SessionDep,
    ctx: Chair,
    version: DeleteVersion = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete a decision from the log."""
    await service.delete_decision(session, ctx, decision_id, delete_expectation(version, if_match))
