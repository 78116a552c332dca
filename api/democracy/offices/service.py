"""Offices: their holders' terms, nominations with seconders, elections by ranked choice,
and recall petitions that open a recall vote when enough members sign.

Elections and recall votes are ordinary votes (`api.democracy.service`); what their results
mean for an office is applied by `when_vote_closes`, which the democracy service calls in the
transaction that closes a vote."""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.auth.models import User
from api.core.context import GroupContext
from api.core.db import new_id, utcnow
from api.core.deletion import delete_with_dependents
from api.core.errors import Conflict, Forbidden, NotFound
from api.core.fields import DAY_IN_THE_FUTURE
from api.core.pagination import SortKey
from api.core.permissions import Permission
from api.core.queries import any_of, page_of
from api.core.records import RecordWriter
from api.core.references import DATE_IN_FUTURE, check_member, check_record, invalid
from api.core.tenancy import get_scoped, scoped_select
from api.core.tenants import Membership
from api.core.upsert import insert_for
from api.core.versioning import ExpectedVersion, expected_version, update_checked
from api.democracy import service as votes
from api.democracy.enums import VoteMethod, VoteOutcome, VoteSubject
from api.democracy.models import Vote
from api.democracy.offices.enums import (
    DEFAULT_RECALL_THRESHOLD_PERCENT,
    NominationStatus,
    PetitionStatus,
    TermEnd,
)
from api.democracy.offices.models import (
    Nomination,
    Office,
    OfficeTerm,
    RecallPetition,
    RecallSettings,
    RecallSignature,
)
from api.democracy.offices.schemas import (
    ElectionCall,
    ElectionCalled,
    NominationCreate,
    NominationPage,
    NominationRead,
    OfficeCreate,
    OfficePage,
    OfficeRead,
    OfficeUpdate,
    PetitionCreate,
    PetitionPage,
    PetitionRead,
    RecallSettingsRead,
    RecallSettingsUpdate,
    TermCreate,
    TermPage,
    TermRead,
    TermStandDown,
)
from api.democracy.schemas import VOTING_ROLES, VoteCreate
from api.workplaces.models import Department, Workplace

MAX_CANDIDATES = 50  # a vote's options


class _RowId(BaseModel):
    id: uuid.UUID


class OfficeNotFound(NotFound):
    code = "office_not_found"
    detail = "Office not found"


class TermNotFound(NotFound):
    code = "office_term_not_found"
    detail = "Term of office not found"


class NominationNotFound(NotFound):
    code = "nomination_not_found"
    detail = "Nomination not found"


class PetitionNotFound(NotFound):
    code = "recall_petition_not_found"
    detail = "Recall petition not found"


class ElectionUnderWay(Conflict):
    code = "election_under_way"
    detail = "An election for this office is being held"


class AlreadyNominated(Conflict):
    code = "already_nominated"
    detail = "This member is already nominated for this office"


class NominationClosed(Conflict):
    code = "nomination_closed"
    detail = "This nomination has gone forward to an election"


class AlreadySeconded(Conflict):
    code = "already_seconded"
    detail = "This nomination has already been seconded"


class SeconderNotAllowed(Conflict):
    code = "seconder_not_allowed"
    detail = "The proposer and the candidate cannot second a nomination"


class NotEnoughCandidates(Conflict):
    code = "not_enough_candidates"
    detail = "An election needs at least as many seconded nominations as the office has seats"


class CandidatesShareAName(Conflict):
    code = "candidates_share_a_name"
    detail = "Two seconded candidates have the same name on the ballot paper"


class OfficeFull(Conflict):
    code = "office_full"
    detail = "Every seat of this office is held"


class TermEnded(Conflict):
    code = "term_ended"
    detail = "This term has already ended"


class RecallUnderWay(Conflict):
    code = "recall_under_way"
    detail = "A recall petition against this term is already collecting or voting"


class PetitionClosed(Conflict):
    code = "petition_closed"
    detail = "This petition is no longer collecting signatures"


class AlreadySigned(Conflict):
    code = "already_signed"
    detail = "You have already signed this petition"


class NotYourNomination(Forbidden):
    code = "not_your_nomination"
    detail = "Only the proposer, the candidate or an organiser can withdraw a nomination"


class NotYourTerm(Forbidden):
    code = "not_your_term"
    detail = "Only the holder or an organiser can end a term early"


# --- helpers ------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _term(term: OfficeTerm) -> TermRead:
    return TermRead.model_validate(term, from_attributes=True)


async def _display_names(
    session: AsyncSession, user_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, str]:
    if not user_ids:
        return {}
    rows = await session.execute(
        select(col(User.id), col(User.display_name)).where(col(User.id).in_(user_ids))
    )
    return {row.id: row.display_name for row in rows.all()}


async def _check_candidate(
    session: AsyncSession, ctx: GroupContext, user_id: uuid.UUID, field: str
) -> str:
    """A member who may hold office (not an observer); their name as it will be shown."""
    await check_member(session, ctx, user_id, field)
    role = (
        await session.execute(
            scoped_select(ctx, Membership, Membership.role).where(
                col(Membership.user_id) == user_id
            )
        )
    ).scalar_one()
    if role not in {r.value for r in VOTING_ROLES}:
        raise invalid(field, "Observers cannot hold office", type="invalid")
    return (await _display_names(session, [user_id]))[user_id]


async def voting_members(session: AsyncSession, ctx: GroupContext) -> int:
    statement = select(func.count()).select_from(
        scoped_select(ctx, Membership)
        .where(col(Membership.role).in_([r.value for r in VOTING_ROLES]))
        .subquery()
    )
    return int((await session.execute(statement)).scalar_one())


# --- offices ------------------------------------------------------------------------------

_OFFICE_FIELDS = [name for name in OfficeRead.model_fields if name != "holders"]


async def _holders(
    session: AsyncSession, ctx: GroupContext, office_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[TermRead]]:
    found: dict[uuid.UUID, list[TermRead]] = {office_id: [] for office_id in office_ids}
    if not office_ids:
        return found
    statement = (
        scoped_select(ctx, OfficeTerm)
        .where(any_of(session, col(OfficeTerm.office_id), office_ids))
        .where(col(OfficeTerm.ended_on).is_(None))
        .order_by(col(OfficeTerm.starts_on), col(OfficeTerm.id))
    )
    for term in (await session.execute(statement)).scalars().all():
        found[term.office_id].append(_term(term))
    return found


async def _present_offices(
    session: AsyncSession, ctx: GroupContext, offices: Sequence[Office]
) -> list[OfficeRead]:
    holders = await _holders(session, ctx, [office.id for office in offices])
    return [
        OfficeRead.model_validate(
            {name: getattr(office, name) for name in _OFFICE_FIELDS}
            | {"holders": holders[office.id]}
        )
        for office in offices
    ]


async def _office_read(session: AsyncSession, ctx: GroupContext, office: Office) -> OfficeRead:
    return (await _present_offices(session, ctx, [office]))[0]


async def get_office(
    session: AsyncSession, ctx: GroupContext, office_id: uuid.UUID, *, for_update: bool = False
) -> Office:
    return await get_scoped(session, ctx, Office, office_id, OfficeNotFound, for_update=for_update)


async def read_office(session: AsyncSession, ctx: GroupContext, office_id: uuid.UUID) -> OfficeRead:
    return await _office_read(session, ctx, await get_office(session, ctx, office_id))


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, OfficeRead]:
    """The offices with these ids as the list shows them (for the change feed)."""
    statement = scoped_select(ctx, Office).where(any_of(session, col(Office.id), ids))
    offices = (await session.execute(statement)).scalars().all()
    return {office.id: office for office in await _present_offices(session, ctx, offices)}


async def list_offices(
    session: AsyncSession, ctx: GroupContext, *, limit: int, cursor: str | None
) -> OfficePage:
    keys = [SortKey(col(Office.name), str), SortKey(col(Office.id), uuid.UUID)]
    statement = scoped_select(ctx, Office, col(Office.id))
    page, next_cursor = await page_of(session, statement, keys, _RowId, limit=limit, cursor=cursor)
    found = await load_reads(session, ctx, [row.id for row in page])
    return OfficePage(items=[found[row.id] for row in page], next_cursor=next_cursor)


async def _check_place(
    session: AsyncSession, ctx: GroupContext, merged: Mapping[str, Any], sent: set[str]
) -> None:
    if "workplace_id" in sent and merged["workplace_id"] is not None:
        await check_record(
            session, ctx, Workplace, merged["workplace_id"], "workplace_id", "a workplace"
        )
    if merged["department_id"] is None:
        return
    field = "department_id" if "department_id" in sent else "workplace_id"
    department = await check_record(
        session, ctx, Department, merged["department_id"], "department_id", "a department"
    )
    if department.workplace_id != merged["workplace_id"]:
        raise invalid(field, "The department must be one of the office's workplace's")


async def create_office(session: AsyncSession, ctx: GroupContext, data: OfficeCreate) -> OfficeRead:
    values = data.model_dump()
    await _check_place(session, ctx, values, data.model_fields_set)
    office = await RecordWriter.for_context(session, ctx).create(Office(**values))
    return await _office_read(session, ctx, office)


async def update_office(
    session: AsyncSession,
    ctx: GroupContext,
    office_id: uuid.UUID,
    data: OfficeUpdate,
    if_match: str | None,
) -> OfficeRead:
    office = await get_office(session, ctx, office_id)
    expected = expected_version(data.version, if_match)
    before = await _office_read(session, ctx, office)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    merged = {name: getattr(office, name) for name in _OFFICE_FIELDS} | changes
    await _check_place(session, ctx, merged, data.model_fields_set)
    writer = RecordWriter.for_context(session, ctx)
    await update_checked(writer, office, changes, expected, lambda _record: before)
    return await _office_read(session, ctx, office)


async def delete_office(
    session: AsyncSession, ctx: GroupContext, office_id: uuid.UUID, expected: ExpectedVersion | None
) -> None:
    """Deletes the office with its terms, nominations and recall petitions (not the votes)."""
    office = await get_office(session, ctx, office_id)
    before = await _office_read(session, ctx, office)
    await delete_with_dependents(session, ctx, office, expected, lambda _record: before)


# --- terms --------------------------------------------------------------------------------


async def get_term(
    session: AsyncSession, ctx: GroupContext, term_id: uuid.UUID, *, for_update: bool = False
) -> OfficeTerm:
    return await get_scoped(session, ctx, OfficeTerm, term_id, TermNotFound, for_update=for_update)


async def list_terms(
    session: AsyncSession,
    ctx: GroupContext,
    office_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
) -> TermPage:
    """Every term the office has had, the latest first: its history."""
    await get_office(session, ctx, office_id)
    statement = scoped_select(ctx, OfficeTerm, *_TERM_COLUMNS).where(
        col(OfficeTerm.office_id) == office_id
    )
    keys = [
        SortKey(col(OfficeTerm.starts_on), date, descending=True),
        SortKey(col(OfficeTerm.id), uuid.UUID, descending=True),
    ]
    items, next_cursor = await page_of(
        session, statement, keys, TermRead, limit=limit, cursor=cursor
    )
    return TermPage(items=items, next_cursor=next_cursor)


_TERM_COLUMNS = [getattr(OfficeTerm, name).label(name) for name in TermRead.model_fields]


async def load_term_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, TermRead]:
    statement = scoped_select(ctx, OfficeTerm).where(any_of(session, col(OfficeTerm.id), ids))
    return {term.id: _term(term) for term in (await session.execute(statement)).scalars().all()}


async def _current_terms(
    session: AsyncSession, ctx: GroupContext, office_id: uuid.UUID
) -> list[OfficeTerm]:
    statement = scoped_select(ctx, OfficeTerm).where(
        col(OfficeTerm.office_id) == office_id, col(OfficeTerm.ended_on).is_(None)
    )
    return list((await session.execute(statement)).scalars().all())


async def record_term(
    session: AsyncSession, ctx: GroupContext, office_id: uuid.UUID, data: TermCreate
) -> TermRead:
    """A holder chosen outside Shopfloor (before the group used it, or at a meeting)."""
    office = await get_office(session, ctx, office_id, for_update=True)
    if data.starts_on > utcnow().date():
        raise invalid("starts_on", DAY_IN_THE_FUTURE, code=DATE_IN_FUTURE, type="in_the_future")
    name = await _check_candidate(session, ctx, data.holder_id, "holder_id")
    current = await _current_terms(session, ctx, office.id)
    if len(current) >= office.seats:
        raise OfficeFull()
    if any(term.holder_id == data.holder_id for term in current):
        raise invalid("holder_id", "They already hold this office")
    term = await RecordWriter.for_context(session, ctx).create(
        OfficeTerm(
            office_id=office.id,
            holder_id=data.holder_id,
            holder_name=name,
            starts_on=data.starts_on,
            due_to_end_on=add_months(data.starts_on, office.term_months),
        )
    )
    return _term(term)


async def stand_down(
    session: AsyncSession,
    ctx: GroupContext,
    term_id: uuid.UUID,
    data: TermStandDown,
    if_match: str | None,
) -> TermRead:
    """The holder stands down before the term runs out (or an organiser records that they
    did). The seat is vacant from that day; a recall petition against the term lapses, and its
    recall vote, if open, is closed and counted (the count no longer changes the term)."""
    term = await get_term(session, ctx, term_id)
    if ctx.user_id != term.holder_id and not ctx.can(Permission.votes_manage):
        raise NotYourTerm()
    expected = expected_version(data.version, if_match)
    # The office first, as an election's count locks it before the terms it ends; then the
    # recall vote, as its count locks it before the petition and the term: a stand-down and
    # either count wait for each other, never deadlock.
    await get_office(session, ctx, term.office_id, for_update=True)
    for petition in await _petitions_under_way(session, ctx, term.id):
        if petition.vote_id is not None:
            await votes.get_vote(session, ctx, petition.vote_id, for_update=True)
    await session.refresh(term, with_for_update=True)
    if term.ended_on is not None:
        raise TermEnded()
    today = utcnow().date()
    ended_on = data.ended_on or today
    if ended_on > today:
        raise invalid("ended_on", DAY_IN_THE_FUTURE, code=DATE_IN_FUTURE, type="in_the_future")
    if ended_on < term.starts_on:
        raise invalid("ended_on", "A term cannot end before it started", type="date_order")
    changes = {"ended_on": ended_on, "end_reason": TermEnd.stood_down, "end_note": data.end_note}
    writer = RecordWriter.for_context(session, ctx)
    await update_checked(writer, term, changes, expected, _term)
    for petition in await _petitions_under_way(session, ctx, term.id, for_update=True):
        recall_vote_open = petition.status == PetitionStatus.voting
        await writer.update(petition, {"status": PetitionStatus.lapsed})
        if recall_vote_open and petition.vote_id is not None:
            await votes.close_vote(session, ctx, petition.vote_id)
    return _term(term)


# --- nominations --------------------------------------------------------------------------

_NOMINATION_COLUMNS = [
    getattr(Nomination, name).label(name) for name in NominationRead.model_fields
]


def _nomination(nomination: Nomination) -> NominationRead:
    return NominationRead.model_validate(nomination, from_attributes=True)


async def get_nomination(
    session: AsyncSession, ctx: GroupContext, nomination_id: uuid.UUID, *, for_update: bool = False
) -> Nomination:
    return await get_scoped(
        session, ctx, Nomination, nomination_id, NominationNotFound, for_update=for_update
    )


async def load_nomination_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, NominationRead]:
    statement = scoped_select(ctx, Nomination).where(any_of(session, col(Nomination.id), ids))
    return {n.id: _nomination(n) for n in (await session.execute(statement)).scalars().all()}


async def list_nominations(
    session: AsyncSession,
    ctx: GroupContext,
    office_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
) -> NominationPage:
    """The office's nominations, the latest first: those still open and those that went to an
    election."""
    await get_office(session, ctx, office_id)
    statement = scoped_select(ctx, Nomination, *_NOMINATION_COLUMNS).where(
        col(Nomination.office_id) == office_id
    )
    keys = [SortKey(col(Nomination.id), uuid.UUID, descending=True)]
    items, next_cursor = await page_of(
        session, statement, keys, NominationRead, limit=limit, cursor=cursor
    )
    return NominationPage(items=items, next_cursor=next_cursor)


async def nominate(
    session: AsyncSession, ctx: GroupContext, office_id: uuid.UUID, data: NominationCreate
) -> NominationRead:
    office = await get_office(session, ctx, office_id, for_update=True)
    if office.election_vote_id is not None:
        raise ElectionUnderWay()
    name = await _check_candidate(session, ctx, data.candidate_id, "candidate_id")
    existing = scoped_select(ctx, Nomination, Nomination.id).where(
        col(Nomination.office_id) == office.id,
        col(Nomination.candidate_id) == data.candidate_id,
        col(Nomination.status) == NominationStatus.open,
    )
    if (await session.execute(existing)).first() is not None:
        raise AlreadyNominated()
    nomination = await RecordWriter.for_context(session, ctx).create(
        Nomination(
            office_id=office.id,
            candidate_id=data.candidate_id,
            candidate_name=name,
            statement=data.statement,
        )
    )
    return _nomination(nomination)


async def second_nomination(
    session: AsyncSession, ctx: GroupContext, nomination_id: uuid.UUID
) -> NominationRead:
    nomination = await get_nomination(session, ctx, nomination_id, for_update=True)
    if nomination.status != NominationStatus.open:
        raise NominationClosed()
    if nomination.seconded_by is not None:
        raise AlreadySeconded()
    if ctx.user_id in {nomination.created_by, nomination.candidate_id}:
        raise SeconderNotAllowed()
    names = await _display_names(session, [ctx.user_id])
    await RecordWriter.for_context(session, ctx).update(
        nomination,
        {
            "seconded_by": ctx.user_id,
            "seconder_name": names.get(ctx.user_id),
            "seconded_at": utcnow(),
        },
    )
    return _nomination(nomination)


async def withdraw_nomination(
    session: AsyncSession,
    ctx: GroupContext,
    nomination_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    nomination = await get_nomination(session, ctx, nomination_id)
    allowed = ctx.user_id in {nomination.created_by, nomination.candidate_id} or ctx.can(
        Permission.votes_manage
    )
    if not allowed:
        raise NotYourNomination()
    if nomination.status != NominationStatus.open:
        raise NominationClosed()
    before = _nomination(nomination)
    await delete_with_dependents(session, ctx, nomination, expected, lambda _record: before)


# --- elections ----------------------------------------------------------------------------


async def call_election(
    session: AsyncSession,
    ctx: GroupContext,
    office_id: uuid.UUID,
    data: ElectionCall,
    secret_key: str,
) -> ElectionCalled:
    """Put the seconded nominations to a ranked-choice secret ballot, opened now. As many
    candidates as seats are elected unopposed, with no vote."""
    office = await get_office(session, ctx, office_id, for_update=True)
    if office.election_vote_id is not None:
        raise ElectionUnderWay()
    statement = (
        scoped_select(ctx, Nomination)
        .where(
            col(Nomination.office_id) == office.id,
            col(Nomination.status) == NominationStatus.open,
            col(Nomination.seconded_by).is_not(None),
        )
        .order_by(col(Nomination.candidate_name), col(Nomination.id))
    )
    nominations = list((await session.execute(statement)).scalars().all())
    if len(nominations) < office.seats:
        raise NotEnoughCandidates()
    if len(nominations) > MAX_CANDIDATES:
        raise NotEnoughCandidates(f"A ballot paper holds at most {MAX_CANDIDATES} candidates")
    names = [nomination.candidate_name for nomination in nominations]
    if len({name.casefold() for name in names}) != len(names):
        raise CandidatesShareAName()
    writer = RecordWriter.for_context(session, ctx)
    if len(nominations) == office.seats:
        await _seat(session, ctx, office, nominations, vote_id=None)
        return ElectionCalled(office=await _office_read(session, ctx, office), vote_id=None)
    vote = await votes.create_vote(
        session,
        ctx,
        VoteCreate(
            title=f"Election: {office.name}"[:200],
            description=None,
            subject=VoteSubject.election,
            method=VoteMethod.ranked,
            options=names,
            seats=office.seats,
            secret=True,
            quorum=data.quorum,
            closes_at=data.closes_at,
        ),
    )
    await writer.update(office, {"election_vote_id": vote.id})
    for nomination in nominations:
        await writer.update(
            nomination, {"election_vote_id": vote.id, "status": NominationStatus.standing}
        )
    await votes.open_vote(session, ctx, vote.id, secret_key)
    return ElectionCalled(office=await _office_read(session, ctx, office), vote_id=vote.id)


async def _seat(
    session: AsyncSession,
    ctx: GroupContext,
    office: Office,
    elected: Sequence[Nomination],
    vote_id: uuid.UUID | None,
) -> None:
    """The elected start their terms today; those they replace end theirs."""
    today = utcnow().date()
    writer = RecordWriter.for_context(session, ctx)
    for term in await _current_terms(session, ctx, office.id):
        reason = TermEnd.term_over if term.due_to_end_on <= today else TermEnd.replaced
        await writer.update(term, {"ended_on": today, "end_reason": reason})
    for nomination in elected:
        if nomination.status != NominationStatus.elected:
            await writer.update(nomination, {"status": NominationStatus.elected})
        await writer.create(
            OfficeTerm(
                office_id=office.id,
                holder_id=nomination.candidate_id,
                holder_name=nomination.candidate_name,
                starts_on=today,
                due_to_end_on=add_months(today, office.term_months),
                elected_by_vote_id=vote_id,
            )
        )


async def _election_closed(session: AsyncSession, ctx: GroupContext, vote: Vote) -> None:
    statement = scoped_select(ctx, Office).where(col(Office.election_vote_id) == vote.id)
    office = (await session.execute(statement.with_for_update())).scalars().first()
    if office is None:
        return
    results = vote.results or {}
    chosen = (
        set(results.get("elected", [])) if results.get("outcome") == VoteOutcome.elected else set()
    )
    statement = scoped_select(ctx, Nomination).where(col(Nomination.election_vote_id) == vote.id)
    nominations = (await session.execute(statement)).scalars().all()
    elected = [n for n in nominations if n.candidate_name in chosen]
    writer = RecordWriter.for_context(session, ctx)
    for nomination in nominations:
        if nomination.candidate_name not in chosen:
            await writer.update(nomination, {"status": NominationStatus.not_elected})
    if elected:
        await _seat(session, ctx, office, elected, vote_id=vote.id)
    await writer.update(office, {"election_vote_id": None})


# --- recall -------------------------------------------------------------------------------


async def read_recall_settings(session: AsyncSession, ctx: GroupContext) -> RecallSettingsRead:
    stored = await _recall_settings(session, ctx)
    if stored is None:
        return RecallSettingsRead(threshold_percent=DEFAULT_RECALL_THRESHOLD_PERCENT, version=0)
    return RecallSettingsRead(threshold_percent=stored.threshold_percent, version=stored.version)


async def _recall_settings(
    session: AsyncSession, ctx: GroupContext, *, for_update: bool = False
) -> RecallSettings | None:
    statement = scoped_select(ctx, RecallSettings)
    if for_update:
        statement = statement.with_for_update()
    found: RecallSettings | None = (await session.execute(statement)).scalars().first()
    return found


async def update_recall_settings(
    session: AsyncSession, ctx: GroupContext, data: RecallSettingsUpdate, if_match: str | None
) -> RecallSettingsRead:
    expected = expected_version(data.version, if_match)
    stored = await _recall_settings(session, ctx, for_update=True)
    writer = RecordWriter.for_context(session, ctx)
    if stored is None:
        if expected.number != 0:
            current = await read_recall_settings(session, ctx)
            raise Conflict(
                "Someone changed the recall threshold since you loaded it",
                code="version_conflict",
                extra={"current": current.model_dump(mode="json")},
            )
        try:
            async with session.begin_nested():
                await writer.create(RecallSettings(threshold_percent=data.threshold_percent))
        except IntegrityError:
            raise Conflict(
                "Someone changed the recall threshold since you loaded it",
                code="version_conflict",
            ) from None
    else:
        before = await read_recall_settings(session, ctx)
        await update_checked(
            writer,
            stored,
            {"threshold_percent": data.threshold_percent},
            expected,
            lambda _record: before,
        )
    return await read_recall_settings(session, ctx)


_PETITION_FIELDS = [name for name in PetitionRead.model_fields if name != "signed"]


async def _present_petitions(
    session: AsyncSession, ctx: GroupContext, petitions: Sequence[RecallPetition]
) -> list[PetitionRead]:
    signed: set[uuid.UUID] = set()
    if petitions:
        statement = scoped_select(ctx, RecallSignature, RecallSignature.petition_id).where(
            col(RecallSignature.user_id) == ctx.user_id,
            any_of(session, col(RecallSignature.petition_id), [p.id for p in petitions]),
        )
        signed = set((await session.execute(statement)).scalars().all())
    return [
        PetitionRead.model_validate(
            {name: getattr(petition, name) for name in _PETITION_FIELDS}
            | {"signed": petition.id in signed}
        )
        for petition in petitions
    ]


async def get_petition(
    session: AsyncSession, ctx: GroupContext, petition_id: uuid.UUID, *, for_update: bool = False
) -> RecallPetition:
    return await get_scoped(
        session, ctx, RecallPetition, petition_id, PetitionNotFound, for_update=for_update
    )


async def read_petition(
    session: AsyncSession, ctx: GroupContext, petition_id: uuid.UUID
) -> PetitionRead:
    petition = await get_petition(session, ctx, petition_id)
    return (await _present_petitions(session, ctx, [petition]))[0]


async def load_petition_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, PetitionRead]:
    statement = scoped_select(ctx, RecallPetition).where(
        any_of(session, col(RecallPetition.id), ids)
    )
    petitions = (await session.execute(statement)).scalars().all()
    return {p.id: p for p in await _present_petitions(session, ctx, petitions)}


async def list_petitions(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    office_id: uuid.UUID | None,
    status: list[PetitionStatus] | None,
    limit: int,
    cursor: str | None,
) -> PetitionPage:
    statement = scoped_select(ctx, RecallPetition, col(RecallPetition.id))
    if office_id is not None:
        statement = statement.where(col(RecallPetition.office_id) == office_id)
    if status:
        statement = statement.where(col(RecallPetition.status).in_([s.value for s in status]))
    keys = [SortKey(col(RecallPetition.id), uuid.UUID, descending=True)]
    page, next_cursor = await page_of(session, statement, keys, _RowId, limit=limit, cursor=cursor)
    found = await load_petition_reads(session, ctx, [row.id for row in page])
    return PetitionPage(items=[found[row.id] for row in page], next_cursor=next_cursor)


async def _petitions_under_way(
    session: AsyncSession, ctx: GroupContext, term_id: uuid.UUID, *, for_update: bool = False
) -> list[RecallPetition]:
    """The term's recall petition collecting signatures or being voted on, if any
    (`start_petition` lets a term have one at a time)."""
    statement = scoped_select(ctx, RecallPetition).where(
        col(RecallPetition.term_id) == term_id,
        col(RecallPetition.status).in_([PetitionStatus.collecting, PetitionStatus.voting]),
    )
    if for_update:
        statement = statement.with_for_update().execution_options(populate_existing=True)
    return list((await session.execute(statement)).scalars().all())


async def start_petition(
    session: AsyncSession,
    ctx: GroupContext,
    term_id: uuid.UUID,
    data: PetitionCreate,
    secret_key: str,
) -> PetitionRead:
    """Start a recall petition against a term running now; the starter is its first
    signature. The signatures needed are set now from the group's threshold."""
    term = await get_term(session, ctx, term_id, for_update=True)
    if term.ended_on is not None:
        raise TermEnded()
    if await _petitions_under_way(session, ctx, term.id):
        raise RecallUnderWay()
    settings = await read_recall_settings(session, ctx)
    members = await voting_members(session, ctx)
    # Whole-number arithmetic, so 20% of 5 members is exactly 1 signature, never 2.
    needed = max(1, -(-settings.threshold_percent * members // 100))
    petition = await RecordWriter.for_context(session, ctx).create(
        RecallPetition(
            office_id=term.office_id,
            term_id=term.id,
            holder_name=term.holder_name,
            reason=data.reason,
            signatures_needed=needed,
        )
    )
    return await _sign(session, ctx, petition, secret_key)


async def sign_petition(
    session: AsyncSession, ctx: GroupContext, petition_id: uuid.UUID, secret_key: str
) -> PetitionRead:
    # The row lock makes concurrent signers take turns: each counts the signatures with every
    # earlier one committed, so exactly one of them reaches the threshold and opens the vote.
    petition = await get_petition(session, ctx, petition_id, for_update=True)
    return await _sign(session, ctx, petition, secret_key)


async def _sign(
    session: AsyncSession, ctx: GroupContext, petition: RecallPetition, secret_key: str
) -> PetitionRead:
    if petition.status != PetitionStatus.collecting:
        raise PetitionClosed()
    # ON CONFLICT DO NOTHING rather than a savepoint: the unique key counts a member once even
    # when they sign twice at the same moment, and the refusal leaves the transaction usable.
    now = utcnow()
    signed = await session.execute(
        insert_for(session, RecallSignature)
        .values(
            id=new_id(),
            group_id=ctx.group_id,
            petition_id=petition.id,
            user_id=ctx.user_id,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing()
    )
    if not signed.rowcount:  # type: ignore[attr-defined]
        raise AlreadySigned()
    # Where the database has no row locks (SQLite), another signer may have committed while
    # this one waited to write: read the petition again before counting.
    await session.refresh(petition)
    if petition.status != PetitionStatus.collecting:
        raise PetitionClosed()
    count = select(func.count()).select_from(
        scoped_select(ctx, RecallSignature)
        .where(col(RecallSignature.petition_id) == petition.id)
        .subquery()
    )
    signatures = int((await session.execute(count)).scalar_one())
    changes: dict[str, Any] = {"signature_count": signatures}
    if signatures >= petition.signatures_needed:
        changes |= {
            "status": PetitionStatus.voting,
            "vote_id": await _open_recall_vote(session, ctx, petition, secret_key),
        }
    await RecordWriter.for_context(session, ctx).update(petition, changes)
    return (await _present_petitions(session, ctx, [petition]))[0]


async def _open_recall_vote(
    session: AsyncSession, ctx: GroupContext, petition: RecallPetition, secret_key: str
) -> uuid.UUID:
    office = await get_office(session, ctx, petition.office_id)
    vote = await votes.create_vote(
        session,
        ctx,
        VoteCreate(
            title=f"Recall: {petition.holder_name} as {office.name}"[:200],
            description=petition.reason,
            subject=VoteSubject.question,
            method=VoteMethod.for_against_abstain,
            secret=True,
        ),
    )
    await votes.open_vote(session, ctx, vote.id, secret_key)
    return vote.id


async def _recall_closed(session: AsyncSession, ctx: GroupContext, vote: Vote) -> None:
    statement = scoped_select(ctx, RecallPetition).where(col(RecallPetition.vote_id) == vote.id)
    petition = (await session.execute(statement.with_for_update())).scalars().first()
    # A petition that lapsed when its holder stood down is settled already.
    if petition is None or petition.status != PetitionStatus.voting:
        return
    carried = (vote.results or {}).get("outcome") == VoteOutcome.carried
    writer = RecordWriter.for_context(session, ctx)
    if carried:
        term = await get_term(session, ctx, petition.term_id, for_update=True)
        if term.ended_on is None:
            await writer.update(term, {"ended_on": utcnow().date(), "end_reason": TermEnd.recalled})
    status = PetitionStatus.carried if carried else PetitionStatus.failed
    await writer.update(petition, {"status": status})


async def when_vote_closes(session: AsyncSession, ctx: GroupContext, vote: Vote) -> None:
    """An election's result seats its winners; a carried recall vote vacates the office."""
    await _election_closed(session, ctx, vote)
    await _recall_closed(session, ctx, vote)
