"""Meetings, their agenda and minutes, the motions moved at them, and the decision log.

A motion is put to the vote through the votes domain (a show of hands or a secret ballot);
when that vote closes, `outcomes.settle_motion` sets the motion's status."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select
from sqlmodel import col

from api.core.context import GroupContext
from api.core.deletion import delete_with_dependents
from api.core.errors import Conflict, Forbidden, NotFound
from api.core.listing import sort_keys
from api.core.pagination import SortKey
from api.core.permissions import Permission
from api.core.queries import (
    any_of,
    column_rows,
    columns_for,
    load_by_columns,
    page_of,
    record_fields,
    schema_columns,
)
from api.core.records import RecordWriter
from api.core.references import check_all_in_group, check_member, check_record, invalid
from api.core.search_text import search_words
from api.core.tenancy import get_scoped, in_group, scoped_select
from api.core.versioning import ExpectedVersion, expected_version, update_checked
from api.democracy import service as votes
from api.democracy.enums import VoteMethod, VoteSubject
from api.democracy.meetings.enums import UNDECIDED, MotionEnding, MotionStatus
from api.democracy.meetings.models import AgendaItem, Decision, Meeting, Motion
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
from api.democracy.models import Vote
from api.democracy.schemas import VoteCreate


class MeetingNotFound(NotFound):
    code = "meeting_not_found"
    detail = "Meeting not found"


class AgendaItemNotFound(NotFound):
    code = "agenda_item_not_found"
    detail = "Agenda item not found"


class MotionNotFound(NotFound):
    code = "motion_not_found"
    detail = "Motion not found"


class DecisionNotFound(NotFound):
    code = "decision_not_found"
    detail = "Decision not found"


class MotionDecided(Conflict):
    code = "motion_decided"
    detail = "This motion is no longer before the meeting"


class MotionBeingVoted(Conflict):
    code = "motion_being_voted"
    detail = "This motion has been put to the vote"


class MotionNotSeconded(Conflict):
    code = "motion_not_seconded"
    detail = "A motion must be seconded before it is put to the vote"


class MotionAlreadySeconded(Conflict):
    code = "motion_already_seconded"
    detail = "This motion has already been seconded"


class AmendmentsPending(Conflict):
    code = "amendments_pending"
    detail = "Every amendment must be decided before the substantive motion is put to the vote"


class NotProposer(Forbidden):
    code = "not_proposer"
    detail = "Only its proposer or a chair may do this"


class ChairOnly(Forbidden):
    code = "chair_only"
    detail = "Only a chair may record this for someone else"


def _is_chair(ctx: GroupContext) -> bool:
    return ctx.can(Permission.votes_manage)


async def _check_attendance(
    session: AsyncSession, ctx: GroupContext, values: Mapping[str, Any], sent: set[str]
) -> None:
    for field in ("present_ids", "apologies_ids"):
        if field in sent:
            for index, user_id in enumerate(values[field]):
                await check_member(session, ctx, user_id, f"{field}.{index}")
    both = set(values["present_ids"]) & set(values["apologies_ids"])
    if both:
        field = "apologies_ids" if "apologies_ids" in sent else "present_ids"
        raise invalid(field, "Someone present has not sent apologies", type="present_and_absent")


# --- meetings ------------------------------------------------------------------------------


def _present_meeting(meeting: Meeting) -> MeetingRead:
    return MeetingRead.model_validate(meeting, from_attributes=True)


def _stored_ids(values: dict[str, Any]) -> dict[str, Any]:
    """Attendance is kept as JSON lists of id strings."""
    for field in ("present_ids", "apologies_ids"):
        if values.get(field) is not None:
            values[field] = [str(user_id) for user_id in values[field]]
    return values


async def get_meeting(session: AsyncSession, ctx: GroupContext, meeting_id: uuid.UUID) -> Meeting:
    return await get_scoped(session, ctx, Meeting, meeting_id, MeetingNotFound)


async def read_meeting(
    session: AsyncSession, ctx: GroupContext, meeting_id: uuid.UUID
) -> MeetingRead:
    return _present_meeting(await get_meeting(session, ctx, meeting_id))


async def list_meetings(
    session: AsyncSession, ctx: GroupContext, *, limit: int, cursor: str | None
) -> MeetingPage:
    keys = sort_keys(
        None,
        {"starts_at": (col(Meeting.starts_at), datetime)},
        "-starts_at",
        SortKey(col(Meeting.id), uuid.UUID),
    )
    statement = scoped_select(ctx, Meeting, *schema_columns(Meeting, MeetingRead))
    items, next_cursor = await page_of(
        session, statement, keys, MeetingRead, limit=limit, cursor=cursor
    )
    return MeetingPage(items=items, next_cursor=next_cursor)


async def load_meeting_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, MeetingRead]:
    return await load_by_columns(session, ctx, Meeting, MeetingRead, ids)


async def create_meeting(
    session: AsyncSession, ctx: GroupContext, data: MeetingCreate
) -> MeetingRead:
    values = data.model_dump()
    await _check_attendance(session, ctx, values, {"present_ids", "apologies_ids"})
    meeting = await RecordWriter.for_context(session, ctx).create(Meeting(**_stored_ids(values)))
    return _present_meeting(meeting)


async def update_meeting(
    session: AsyncSession,
    ctx: GroupContext,
    meeting_id: uuid.UUID,
    data: MeetingUpdate,
    if_match: str | None,
) -> MeetingRead:
    meeting = await get_meeting(session, ctx, meeting_id)
    expected = expected_version(data.version, if_match)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    merged = record_fields(meeting, MeetingRead) | changes
    merged = {
        **merged,
        "present_ids": [uuid.UUID(str(i)) for i in merged["present_ids"]],
        "apologies_ids": [uuid.UUID(str(i)) for i in merged["apologies_ids"]],
    }
    await _check_attendance(session, ctx, merged, set(changes))
    await update_checked(
        RecordWriter.for_context(session, ctx),
        meeting,
        _stored_ids(changes),
        expected,
        lambda record: _present_meeting(record),
    )
    return _present_meeting(meeting)


async def delete_meeting(
    session: AsyncSession,
    ctx: GroupContext,
    meeting_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    """Deletes the meeting with its agenda, motions and decisions (a tombstone for each)."""
    meeting = await get_meeting(session, ctx, meeting_id)
    before = _present_meeting(meeting)
    await delete_with_dependents(session, ctx, meeting, expected, lambda _record: before)


# --- agenda items --------------------------------------------------------------------------


def _present_item(item: AgendaItem) -> AgendaItemRead:
    return AgendaItemRead.model_validate(item, from_attributes=True)


async def get_agenda_item(
    session: AsyncSession, ctx: GroupContext, item_id: uuid.UUID
) -> AgendaItem:
    return await get_scoped(session, ctx, AgendaItem, item_id, AgendaItemNotFound)


async def _agenda(
    session: AsyncSession, ctx: GroupContext, meeting_id: uuid.UUID
) -> list[AgendaItem]:
    statement = (
        scoped_select(ctx, AgendaItem)
        .where(col(AgendaItem.meeting_id) == meeting_id)
        .order_by(col(AgendaItem.position), col(AgendaItem.id))
    )
    return list((await session.execute(statement)).scalars().all())


async def list_agenda(
    session: AsyncSession, ctx: GroupContext, meeting_id: uuid.UUID
) -> AgendaItemList:
    await get_meeting(session, ctx, meeting_id)
    items = await _agenda(session, ctx, meeting_id)
    return AgendaItemList(items=[_present_item(item) for item in items])


async def load_agenda_item_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, AgendaItemRead]:
    return await load_by_columns(session, ctx, AgendaItem, AgendaItemRead, ids)


async def add_agenda_item(
    session: AsyncSession, ctx: GroupContext, meeting_id: uuid.UUID, data: AgendaItemCreate
) -> AgendaItemRead:
    meeting = await get_meeting(session, ctx, meeting_id)
    last = scoped_select(ctx, AgendaItem, func.max(col(AgendaItem.position))).where(
        col(AgendaItem.meeting_id) == meeting.id
    )
    position = ((await session.execute(last)).scalar_one_or_none() or 0) + 1
    item = await RecordWriter.for_context(session, ctx).create(
        AgendaItem(meeting_id=meeting.id, position=position, **data.model_dump())
    )
    return _present_item(item)


async def update_agenda_item(
    session: AsyncSession,
    ctx: GroupContext,
    item_id: uuid.UUID,
    data: AgendaItemUpdate,
    if_match: str | None,
) -> AgendaItemRead:
    item = await get_agenda_item(session, ctx, item_id)
    expected = expected_version(data.version, if_match)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    await update_checked(
        RecordWriter.for_context(session, ctx),
        item,
        changes,
        expected,
        lambda record: _present_item(record),
    )
    return _present_item(item)


async def reorder_agenda(
    session: AsyncSession, ctx: GroupContext, meeting_id: uuid.UUID, data: AgendaOrder
) -> AgendaItemList:
    """Numbers the items in the order given; the list must name each item exactly once."""
    meeting = await get_meeting(session, ctx, meeting_id)
    items = await _agenda(session, ctx, meeting.id)
    by_id = {item.id: item for item in items}
    await check_all_in_group(session, ctx, AgendaItem, data.item_ids, "item_ids", "an agenda item")
    if set(data.item_ids) != set(by_id):
        # The agenda changed since the client read it (or the list is not the agenda).
        raise Conflict("List every item of this meeting's agenda as it stands, each once")
    writer = RecordWriter.for_context(session, ctx)
    for position, item_id in enumerate(data.item_ids, start=1):
        if by_id[item_id].position != position:
            await writer.update(by_id[item_id], {"position": position})
    return await list_agenda(session, ctx, meeting.id)


async def delete_agenda_item(
    session: AsyncSession, ctx: GroupContext, item_id: uuid.UUID, expected: ExpectedVersion | None
) -> None:
    """Deletes the item; motions and decisions under it stay with the meeting."""
    item = await get_agenda_item(session, ctx, item_id)
    before = _present_item(item)
    await delete_with_dependents(session, ctx, item, expected, lambda _record: before)


# --- motions -------------------------------------------------------------------------------


def _present_motion(motion: Motion) -> MotionRead:
    return MotionRead.model_validate(motion, from_attributes=True)


async def get_motion(
    session: AsyncSession, ctx: GroupContext, motion_id: uuid.UUID, *, for_update: bool = False
) -> Motion:
    return await get_scoped(session, ctx, Motion, motion_id, MotionNotFound, for_update=for_update)


async def read_motion(session: AsyncSession, ctx: GroupContext, motion_id: uuid.UUID) -> MotionRead:
    return _present_motion(await get_motion(session, ctx, motion_id))


async def list_motions(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    meeting_id: uuid.UUID | None,
    amends_id: uuid.UUID | None,
    status: list[MotionStatus] | None,
    limit: int,
    cursor: str | None,
) -> MotionPage:
    statement = scoped_select(ctx, Motion, *schema_columns(Motion, MotionRead))
    if meeting_id is not None:
        statement = statement.where(col(Motion.meeting_id) == meeting_id)
    if amends_id is not None:
        statement = statement.where(col(Motion.amends_id) == amends_id)
    if status:
        statement = statement.where(col(Motion.status).in_([s.value for s in status]))
    keys = sort_keys(
        None,
        {"created_at": (col(Motion.created_at), datetime)},
        "created_at",
        SortKey(col(Motion.id), uuid.UUID),
    )
    items, next_cursor = await page_of(
        session, statement, keys, MotionRead, limit=limit, cursor=cursor
    )
    return MotionPage(items=items, next_cursor=next_cursor)


async def load_motion_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, MotionRead]:
    return await load_by_columns(session, ctx, Motion, MotionRead, ids)


async def _check_agenda_item(
    session: AsyncSession, ctx: GroupContext, item_id: uuid.UUID | None, meeting_id: uuid.UUID
) -> None:
    if item_id is None:
        return
    item = await check_record(session, ctx, AgendaItem, item_id, "agenda_item_id", "an agenda item")
    if item.meeting_id != meeting_id:
        raise invalid("agenda_item_id", "Choose an item of this meeting's agenda")


async def create_motion(session: AsyncSession, ctx: GroupContext, data: MotionCreate) -> MotionRead:
    meeting = await check_record(session, ctx, Meeting, data.meeting_id, "meeting_id", "a meeting")
    await _check_agenda_item(session, ctx, data.agenda_item_id, meeting.id)
    agenda_item_id = data.agenda_item_id
    if data.amends_id is not None:
        substantive = await check_record(
            session, ctx, Motion, data.amends_id, "amends_id", "a motion"
        )
        if substantive.amends_id is not None:
            raise invalid("amends_id", "An amendment is moved to a motion, not to an amendment")
        if substantive.meeting_id != meeting.id:
            raise invalid("amends_id", "Choose a motion moved at this meeting")
        if substantive.status not in UNDECIDED:
            raise MotionDecided()
        if substantive.vote_id is not None:
            raise MotionBeingVoted()
        agenda_item_id = agenda_item_id or substantive.agenda_item_id
    proposer_id = data.proposer_id or ctx.user_id
    if proposer_id != ctx.user_id:
        if not _is_chair(ctx):
            raise ChairOnly()
        await check_member(session, ctx, proposer_id, "proposer_id")
    motion = await RecordWriter.for_context(session, ctx).create(
        Motion(
            meeting_id=meeting.id,
            agenda_item_id=agenda_item_id,
            amends_id=data.amends_id,
            title=data.title,
            text=data.text,
            proposer_id=proposer_id,
            text_history=[],
        )
    )
    return _present_motion(motion)


def _check_may_change(ctx: GroupContext, motion: Motion) -> None:
    if motion.proposer_id != ctx.user_id and not _is_chair(ctx):
        raise NotProposer()
    if motion.status not in UNDECIDED:
        raise MotionDecided()
    if motion.vote_id is not None:
        raise MotionBeingVoted()


async def update_motion(
    session: AsyncSession,
    ctx: GroupContext,
    motion_id: uuid.UUID,
    data: MotionUpdate,
    if_match: str | None,
) -> MotionRead:
    """Its wording may change until it is seconded (by its proposer or a chair)."""
    motion = await get_motion(session, ctx, motion_id)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    _check_may_change(ctx, motion)
    if motion.seconder_id is not None and {"title", "text"} & changes.keys():
        raise MotionAlreadySeconded(
            "A seconded motion's wording changes only by amendment", code="motion_seconded"
        )
    if "agenda_item_id" in changes:
        await _check_agenda_item(session, ctx, changes["agenda_item_id"], motion.meeting_id)
    # Ids named in the body are checked first: a foreign one is refused as such, with or
    # without a version.
    expected = expected_version(data.version, if_match)
    await update_checked(
        RecordWriter.for_context(session, ctx),
        motion,
        changes,
        expected,
        lambda record: _present_motion(record),
    )
    return _present_motion(motion)


async def second_motion(
    session: AsyncSession, ctx: GroupContext, motion_id: uuid.UUID, data: Seconding
) -> MotionRead:
    motion = await get_motion(session, ctx, motion_id, for_update=True)
    if motion.status not in UNDECIDED:
        raise MotionDecided()
    if motion.seconder_id is not None:
        raise MotionAlreadySeconded()
    seconder_id = data.seconder_id or ctx.user_id
    if seconder_id != ctx.user_id:
        if not _is_chair(ctx):
            raise ChairOnly()
        await check_member(session, ctx, seconder_id, "seconder_id")
    if seconder_id == motion.proposer_id:
        raise invalid("seconder_id", "A motion is seconded by someone other than its proposer")
    await RecordWriter.for_context(session, ctx).update(motion, {"seconder_id": seconder_id})
    return _present_motion(motion)


async def end_motion(
    session: AsyncSession, ctx: GroupContext, motion_id: uuid.UUID, data: MotionEnd
) -> MotionRead:
    """Withdrawn by its proposer (or a chair), or remitted by a chair, before any vote."""
    motion = await get_motion(session, ctx, motion_id, for_update=True)
    _check_may_change(ctx, motion)
    if data.status is MotionEnding.remitted and not _is_chair(ctx):
        raise ChairOnly("Only a chair remits a motion", code="chair_only")
    await RecordWriter.for_context(session, ctx).update(motion, {"status": data.status.value})
    return _present_motion(motion)


async def put_to_vote(
    session: AsyncSession,
    ctx: GroupContext,
    motion_id: uuid.UUID,
    data: PutToVote,
    secret_key: str,
) -> MotionRead:
    """Opens a for/against/abstain vote on the motion. Amendments come first: a substantive
    motion waits until every amendment to it is decided, and an amendment cannot be put while
    its motion is being voted."""
    motion = await get_motion(session, ctx, motion_id, for_update=True)
    if motion.status not in UNDECIDED:
        raise MotionDecided()
    if motion.vote_id is not None:
        raise MotionBeingVoted()
    if motion.seconder_id is None:
        raise MotionNotSeconded()
    if motion.amends_id is None:
        pending = scoped_select(ctx, Motion, col(Motion.id)).where(
            col(Motion.amends_id) == motion.id,
            col(Motion.status).in_([status.value for status in UNDECIDED]),
        )
        if (await session.execute(pending.limit(1))).first() is not None:
            raise AmendmentsPending()
    else:
        substantive = await get_motion(session, ctx, motion.amends_id)
        if substantive.status not in UNDECIDED:
            raise MotionDecided("The motion this amends is no longer before the meeting")
        if substantive.vote_id is not None:
            raise MotionBeingVoted("The motion this amends has been put to the vote")
    if data.closes_at is not None and not data.secret:
        raise invalid("closes_at", "A show of hands has no closing time: the chair records it")
    vote = await votes.create_vote(
        session,
        ctx,
        VoteCreate(
            title=motion.title,
            description=motion.text,
            subject=VoteSubject.amendment if motion.amends_id else VoteSubject.motion,
            method=VoteMethod.for_against_abstain,
            secret=data.secret,
            quorum=data.quorum,
            majority=data.majority,
            closes_at=data.closes_at,
        ),
    )
    await RecordWriter.for_context(session, ctx).update(motion, {"vote_id": vote.id})
    await votes.open_vote(session, ctx, vote.id, secret_key)
    return _present_motion(motion)


async def delete_motion(
    session: AsyncSession, ctx: GroupContext, motion_id: uuid.UUID, expected: ExpectedVersion | None
) -> None:
    """Deletes the motion with its amendments; its vote and decisions stay."""
    motion = await get_motion(session, ctx, motion_id)
    before = _present_motion(motion)
    await delete_with_dependents(session, ctx, motion, expected, lambda _record: before)


# --- decisions -----------------------------------------------------------------------------


def _decision_select(ctx: GroupContext) -> Select[Any]:
    """The decision's columns with its meeting's title: DecisionRead's fields."""
    return (
        scoped_select(ctx, Decision, *columns_for(Decision, DecisionRead))
        .add_columns(col(Meeting.title).label("meeting_title"))
        .join(Meeting, and_(col(Meeting.id) == col(Decision.meeting_id), in_group(ctx, Meeting)))
    )


async def get_decision(
    session: AsyncSession, ctx: GroupContext, decision_id: uuid.UUID
) -> Decision:
    return await get_scoped(session, ctx, Decision, decision_id, DecisionNotFound)


async def _read_decision(
    session: AsyncSession, ctx: GroupContext, decision_id: uuid.UUID
) -> DecisionRead:
    found = await load_decision_reads(session, ctx, [decision_id])
    if decision_id not in found:
        raise DecisionNotFound()
    return found[decision_id]


async def read_decision(
    session: AsyncSession, ctx: GroupContext, decision_id: uuid.UUID
) -> DecisionRead:
    return await _read_decision(session, ctx, decision_id)


async def load_decision_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, DecisionRead]:
    statement = _decision_select(ctx).where(any_of(session, col(Decision.id), ids))
    rows = await column_rows(session, statement)
    return {row.id: DecisionRead.model_validate(dict(row._mapping)) for row in rows}


async def list_decisions(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    q: str | None,
    meeting_id: uuid.UUID | None,
    limit: int,
    cursor: str | None,
) -> DecisionPage:
    """The decision log, latest meeting first. `q` finds decisions holding every word of it,
    ignoring accents, case and punctuation (the normalisation contact search uses)."""
    statement = _decision_select(ctx)
    for word in search_words(q):
        statement = statement.where(col(Decision.search_text).contains(word))
    if meeting_id is not None:
        statement = statement.where(col(Decision.meeting_id) == meeting_id)
    keys = sort_keys(
        None,
        {"decided_at": (col(Decision.decided_at), datetime)},
        "-decided_at",
        SortKey(col(Decision.id), uuid.UUID),
    )
    items, next_cursor = await page_of(
        session, statement, keys, DecisionRead, limit=limit, cursor=cursor
    )
    return DecisionPage(items=items, next_cursor=next_cursor)


async def _check_decision_links(
    session: AsyncSession, ctx: GroupContext, meeting_id: uuid.UUID, values: Mapping[str, Any]
) -> None:
    await _check_agenda_item(session, ctx, values.get("agenda_item_id"), meeting_id)
    if values.get("motion_id") is not None:
        motion = await check_record(
            session, ctx, Motion, values["motion_id"], "motion_id", "a motion"
        )
        if motion.meeting_id != meeting_id:
            raise invalid("motion_id", "Choose a motion moved at this meeting")
    if values.get("vote_id") is not None:
        await check_record(session, ctx, Vote, values["vote_id"], "vote_id", "a vote")


async def create_decision(
    session: AsyncSession, ctx: GroupContext, meeting_id: uuid.UUID, data: DecisionCreate
) -> DecisionRead:
    meeting = await get_meeting(session, ctx, meeting_id)
    values = data.model_dump()
    await _check_decision_links(session, ctx, meeting.id, values)
    if values["motion_id"] is not None and values["vote_id"] is None:
        motion = await get_motion(session, ctx, values["motion_id"])
        values["vote_id"] = motion.vote_id
    decision = await RecordWriter.for_context(session, ctx).create(
        Decision(meeting_id=meeting.id, decided_at=meeting.starts_at, **values)
    )
    return await _read_decision(session, ctx, decision.id)


async def update_decision(
    session: AsyncSession,
    ctx: GroupContext,
    decision_id: uuid.UUID,
    data: DecisionUpdate,
    if_match: str | None,
) -> DecisionRead:
    decision = await get_decision(session, ctx, decision_id)
    before = await _read_decision(session, ctx, decision.id)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    await _check_decision_links(session, ctx, decision.meeting_id, changes)
    expected = expected_version(data.version, if_match)
    await update_checked(
        RecordWriter.for_context(session, ctx),
        decision,
        changes,
        expected,
        lambda record: DecisionRead.model_validate(
            {**record_fields(record, DecisionRead), "meeting_title": before.meeting_title}
        ),
    )
    return await _read_decision(session, ctx, decision.id)


async def delete_decision(
    session: AsyncSession,
    ctx: GroupContext,
    decision_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    decision = await get_decision(session, ctx, decision_id)
    before = await _read_decision(session, ctx, decision.id)
    await delete_with_dependents(session, ctx, decision, expected, lambda _record: before)
