"""A ballot's roll and its turnout chase: who is entitled to vote, who has had their address
checked, received a paper and says they have voted, and the ballot as it would stand now
against the thresholds of the rule set in force on its opening day."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select
from sqlmodel import col

from api.auth.models import User
from api.campaigns.models import BallotVoter
from api.campaigns.schemas.chase import (
    ChaseProjection,
    DailyTurnout,
    OrganiserChase,
    RollAddition,
    RollSummary,
    TurnoutByPlace,
    VoterRead,
    VoterTicks,
)
from api.campaigns.services.duties import keep_duty_follow_ups
from api.campaigns.services.locking import wait_for_group_writers
from api.campaigns.services.responses import SUPPORTIVE
from api.campaigns.services.scope import WorkerScope, with_places, workers_in_scope
from api.contacts.enums import MembershipStatus
from api.contacts.models import Contact
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.errors import NotFound
from api.core.pagination import SortKey, keyset_page
from api.core.records import RecordWriter
from api.core.references import check_all_in_group
from api.core.tenancy import get_scoped, in_group, scoped_select
from api.core.versioning import ExpectedVersion, update_checked
from api.disputes.models import Ballot, DisputeWorkplace
from api.disputes.rules import BallotFacts, ballot_verdict, percent
from api.disputes.services.ballots import BallotNotFound


class VoterNotFound(NotFound):
    code = "voter_not_found"
    detail = "This contact is not on the ballot's roll"


@dataclass(frozen=True)
class RollFilters:
    organiser_id: uuid.UUID | None = None
    department_id: uuid.UUID | None = None
    shift_id: uuid.UUID | None = None
    not_voted: bool = False


_TICKS = {
    "address_checked": ("address_checked_at", "address_checked_by"),
    "paper_received": ("paper_received_at", "paper_received_by"),
    "voted": ("voted_at", "voted_by"),
}
_VOTER_COLUMNS = [
    getattr(BallotVoter, name).label(name)
    for name in VoterRead.model_fields
    if name in BallotVoter.__table__.columns  # type: ignore[attr-defined]
]


async def get_ballot(session: AsyncSession, ctx: GroupContext, ballot_id: uuid.UUID) -> Ballot:
    return await get_scoped(session, ctx, Ballot, ballot_id, BallotNotFound)


def _roll(ctx: GroupContext, ballot_id: uuid.UUID) -> Select[Any]:
    """The roll's rows with each contact's name, place and organiser."""
    statement = (
        scoped_select(
            ctx,
            BallotVoter,
            *_VOTER_COLUMNS,
            col(Contact.full_name).label("full_name"),
            col(Contact.department_id).label("department_id"),
            col(Contact.shift_id).label("shift_id"),
            col(Contact.organiser_id).label("organiser_id"),
            col(Contact.assessment_level).label("assessment_level"),
        )
        .select_from(BallotVoter)
        .join(Contact, and_(col(Contact.id) == col(BallotVoter.contact_id), in_group(ctx, Contact)))
    )
    return with_places(ctx, statement).where(col(BallotVoter.ballot_id) == ballot_id)


def _voter(row: Any) -> VoterRead:
    # `Row._mapping` builds a new mapping on each access: take it once per row, not per field.
    mapping = row._mapping
    return VoterRead.model_validate({name: mapping[name] for name in VoterRead.model_fields})


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, VoterRead]:
    """Roll entries with these ids, as the roll lists them (for the change feed)."""
    statement = scoped_select(ctx, BallotVoter, *_VOTER_COLUMNS).where(col(BallotVoter.id).in_(ids))
    found: dict[uuid.UUID, VoterRead] = {}
    for row in (await session.execute(statement)).all():
        roll = _roll(ctx, row.ballot_id).where(col(BallotVoter.id) == row.id)
        entry = (await session.execute(roll)).first()
        if entry is not None:
            found[row.id] = _voter(entry)
    return found


async def list_roll(
    session: AsyncSession,
    ctx: GroupContext,
    ballot_id: uuid.UUID,
    filters: RollFilters,
    *,
    limit: int,
    cursor: str | None,
) -> tuple[list[VoterRead], str | None]:
    await get_ballot(session, ctx, ballot_id)
    statement = _roll(ctx, ballot_id)
    if filters.organiser_id is not None:
        statement = statement.where(col(Contact.organiser_id) == filters.organiser_id)
    if filters.department_id is not None:
        statement = statement.where(col(Contact.department_id) == filters.department_id)
    if filters.shift_id is not None:
        statement = statement.where(col(Contact.shift_id) == filters.shift_id)
    if filters.not_voted:
        statement = statement.where(col(BallotVoter.voted_at).is_(None))
    keys = [SortKey(col(Contact.full_name), str), SortKey(col(BallotVoter.id), uuid.UUID)]
    rows, next_cursor = await keyset_page(session, statement, keys, limit=limit, cursor=cursor)
    return [_voter(row) for row in rows], next_cursor


async def add_to_roll(
    session: AsyncSession,
    ctx: GroupContext,
    ballot_id: uuid.UUID,
    data: RollAddition,
    turnout_threshold_ends_on: date | None,
) -> RollSummary:
    ballot = await get_ballot(session, ctx, ballot_id)
    await check_all_in_group(session, ctx, Contact, data.contact_ids, "contact_ids", "a contact")
    wanted = list(data.contact_ids)
    if data.members_at_dispute_workplaces:
        workplaces = scoped_select(ctx, DisputeWorkplace, DisputeWorkplace.workplace_id).where(
            col(DisputeWorkplace.dispute_id) == ballot.dispute_id
        )
        workplace_ids = list((await session.execute(workplaces)).scalars().all())
        members = workers_in_scope(ctx, WorkerScope(workplace_ids), col(Contact.id)).where(
            col(Contact.membership_status) == MembershipStatus.member.value
        )
        wanted.extend((await session.execute(members)).scalars().all())
    on_roll = scoped_select(ctx, BallotVoter, BallotVoter.contact_id).where(
        col(BallotVoter.ballot_id) == ballot.id
    )
    already = set((await session.execute(on_roll)).scalars().all())
    new = [contact_id for contact_id in dict.fromkeys(wanted) if contact_id not in already]
    if new:
        await RecordWriter.for_context(session, ctx).create_many(
            BallotVoter, [{"ballot_id": ballot.id, "contact_id": contact_id} for contact_id in new]
        )
        await keep_duty_follow_ups(session, ctx, ballot.id, turnout_threshold_ends_on)
    return RollSummary(added=len(new), on_roll=len(already) + len(new))


async def _voter_row(
    session: AsyncSession, ctx: GroupContext, ballot_id: uuid.UUID, contact_id: uuid.UUID
) -> BallotVoter:
    statement = (
        scoped_select(ctx, BallotVoter)
        .where(col(BallotVoter.ballot_id) == ballot_id, col(BallotVoter.contact_id) == contact_id)
        .execution_options(populate_existing=True)
    )
    row: BallotVoter | None = (await session.execute(statement)).scalars().first()
    if row is None:
        raise VoterNotFound()
    return row


async def read_voter(
    session: AsyncSession, ctx: GroupContext, ballot_id: uuid.UUID, contact_id: uuid.UUID
) -> VoterRead:
    row = await _voter_row(session, ctx, ballot_id, contact_id)
    entry = (
        await session.execute(_roll(ctx, ballot_id).where(col(BallotVoter.id) == row.id))
    ).one()
    return _voter(entry)


async def tick_voter(
    session: AsyncSession,
    ctx: GroupContext,
    ballot_id: uuid.UUID,
    contact_id: uuid.UUID,
    data: VoterTicks,
) -> VoterRead:
    """Set or clear chase steps. Members ticking the same person at once are applied one after
    the other, each on the row as the other left it; with `version`, a change made since is
    refused instead."""
    await get_ballot(session, ctx, ballot_id)
    # Two members' first recordings of a worker cannot both insert, and a later one is
    # applied to the row as the earlier left it.
    await wait_for_group_writers(session, ctx)
    row = await _voter_row(session, ctx, ballot_id, contact_id)
    now = utcnow()
    changes: dict[str, Any] = {}
    for name, (at, by) in _TICKS.items():
        ticked = getattr(data, name)
        if ticked is None or ticked == (getattr(row, at) is not None):
            continue
        changes[at] = now if ticked else None
        changes[by] = ctx.user_id if ticked else None
    if changes or data.version is not None:
        seen = data.version if data.version is not None else row.version
        current = await read_voter(session, ctx, ballot_id, contact_id)
        await update_checked(
            RecordWriter.for_context(session, ctx),
            row,
            changes,
            ExpectedVersion(seen, from_header=False),
            lambda _row: current,
        )
    return await read_voter(session, ctx, ballot_id, contact_id)


async def remove_from_roll(
    session: AsyncSession,
    ctx: GroupContext,
    ballot_id: uuid.UUID,
    contact_id: uuid.UUID,
    turnout_threshold_ends_on: date | None,
) -> None:
    await get_ballot(session, ctx, ballot_id)
    row = await _voter_row(session, ctx, ballot_id, contact_id)
    await RecordWriter.for_context(session, ctx).delete(row)
    await keep_duty_follow_ups(session, ctx, ballot_id, turnout_threshold_ends_on)


def _turnout_by(
    voters: Sequence[VoterRead],
    place: Callable[[VoterRead], tuple[uuid.UUID | None, str | None]],
) -> list[TurnoutByPlace]:
    on_roll: Counter[tuple[uuid.UUID | None, str | None]] = Counter()
    voted: Counter[tuple[uuid.UUID | None, str | None]] = Counter()
    for voter in voters:
        on_roll[place(voter)] += 1
        if voter.voted_at is not None:
            voted[place(voter)] += 1
    ordered = sorted(on_roll, key=lambda key: (key[1] is None, key[1] or ""))
    return [
        TurnoutByPlace(
            id=key[0],
            name=key[1],
            on_roll=on_roll[key],
            voted=voted[key],
            turnout_percent=percent(voted[key], on_roll[key]),
        )
        for key in ordered
    ]


def _daily(voters: Sequence[VoterRead], ballot: Ballot, today: date) -> list[DailyTurnout]:
    """Cumulative "says they voted" at the end of each day the ballot has been open, from the
    times those ticks were recorded (a tick before the opening counts on the opening day, one
    recorded after the close on the closing day)."""
    last = min(today, ballot.closes_on)
    if last < ballot.opens_on:
        return []
    per_day: Counter[date] = Counter()
    for voter in voters:
        if voter.voted_at is not None:
            per_day[min(max(voter.voted_at.date(), ballot.opens_on), last)] += 1
    series = []
    total = 0
    day = ballot.opens_on
    while day <= last:
        total += per_day[day]
        series.append(
            DailyTurnout(day=day, voted=total, turnout_percent=percent(total, len(voters)))
        )
        day += timedelta(days=1)
    return series


async def _organisers(
    session: AsyncSession, ctx: GroupContext, voters: Sequence[VoterRead]
) -> list[OrganiserChase]:
    waiting: Counter[uuid.UUID | None] = Counter(
        voter.organiser_id for voter in voters if voter.voted_at is None
    )
    ids = [organiser for organiser in waiting if organiser is not None]
    names: dict[uuid.UUID, str] = {}
    if ids:
        rows = await session.execute(
            select(col(User.id), col(User.display_name)).where(col(User.id).in_(ids))
        )
        names = dict(rows.all())
    chase = [
        OrganiserChase(
            organiser_id=organiser,
            display_name=names.get(organiser) if organiser else None,
            not_voted=count,
        )
        for organiser, count in waiting.items()
    ]
    return sorted(chase, key=lambda item: (item.organiser_id is None, -item.not_voted))


async def chase_projection(
    session: AsyncSession,
    ctx: GroupContext,
    ballot_id: uuid.UUID,
    turnout_threshold_ends_on: date | None,
    today: date | None = None,
) -> ChaseProjection:
    ballot = await get_ballot(session, ctx, ballot_id)
    rows = (await session.execute(_roll(ctx, ballot.id))).all()
    voters = [_voter(row) for row in rows]
    voted = [voter for voter in voters if voter.voted_at is not None]
    projected_yes = sum(1 for voter in voted if voter.assessment_level in SUPPORTIVE)
    verdict = ballot_verdict(
        BallotFacts(
            kind=ballot.kind,
            opens_on=ballot.opens_on,
            closes_on=ballot.closes_on,
            entitled_to_vote=len(voters),
            votes_cast=len(voted),
            yes_votes=projected_yes,
            no_votes=len(voted) - projected_yes,
            spoilt=0,
            important_public_service=ballot.important_public_service,
        ),
        turnout_threshold_ends_on=turnout_threshold_ends_on,
    )
    by_organiser = await _organisers(session, ctx, voters)
    return ChaseProjection(
        on_roll=len(voters),
        address_checked=sum(1 for voter in voters if voter.address_checked_at is not None),
        paper_received=sum(1 for voter in voters if voter.paper_received_at is not None),
        voted=len(voted),
        projected_yes=projected_yes,
        turnout_percent=verdict.turnout_percent,
        rule_set=verdict.rule_set,
        thresholds=[check for check in verdict.thresholds if check.key != "majority"],
        notes=verdict.notes,
        by_department=_turnout_by(voters, lambda v: (v.department_id, v.department_name)),
        by_shift=_turnout_by(voters, lambda v: (v.shift_id, v.shift_name)),
        daily=_daily(voters, ballot, today or utcnow().date()),
        organisers=by_organiser,
    )
