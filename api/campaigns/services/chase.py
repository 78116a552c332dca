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

from sqlalchemy import and_, func, select
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
from api.campaigns.services.scope import (
    Place,
    WorkerScope,
    place_order,
    with_places,
    workers_in_scope,
)
from api.contacts.enums import MembershipStatus
from api.contacts.models import Contact
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.errors import NotFound
from api.core.pagination import SortKey, keyset_page
from api.core.records import RecordWriter, table_of
from api.core.references import check_all_in_group
from api.core.tenancy import get_scoped, in_group, scoped_select
from api.core.versioning import ExpectedVersion, update_checked
from api.disputes.models import Ballot, DisputeWorkplace
from api.disputes.rules import BallotFacts, ballot_verdict, percent
from api.disputes.services.ballots import BallotNotFound
from api.workplaces.models import Department, Shift


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
    if name in table_of(BallotVoter).columns
]


async def get_ballot(session: AsyncSession, ctx: GroupContext, ballot_id: uuid.UUID) -> Ballot:
    return await get_scoped(session, ctx, Ballot, ballot_id, BallotNotFound)


def _entries(ctx: GroupContext) -> Select[Any]:
    """Roll entries with each contact's name, place and organiser."""
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
    return with_places(ctx, statement)


def _roll(ctx: GroupContext, ballot_id: uuid.UUID) -> Select[Any]:
    """One ballot's roll."""
    return _entries(ctx).where(col(BallotVoter.ballot_id) == ballot_id)


def _voter(row: Any) -> VoterRead:
    # `Row._mapping` builds a new mapping on each access: take it once per row, not per field.
    mapping = row._mapping
    return VoterRead.model_validate({name: mapping[name] for name in VoterRead.model_fields})


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, VoterRead]:
    """Roll entries with these ids, as the roll lists them (for the change feed)."""
    rows = (await session.execute(_entries(ctx).where(col(BallotVoter.id).in_(ids)))).all()
    return {row.id: _voter(row) for row in rows}


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


@dataclass
class _Tally:
    """Counts of roll entries sharing a department, a shift and a responsible organiser."""

    department: Place
    shift: Place
    organiser_id: uuid.UUID | None
    on_roll: int
    address_checked: int
    paper_received: int
    voted: int
    voted_supportive: int


async def _tallies(session: AsyncSession, ctx: GroupContext, ballot_id: uuid.UUID) -> list[_Tally]:
    """The roll counted in the database, a row per department, shift and organiser: a roll of
    thousands comes back as a few dozen rows."""
    counted = scoped_select(
        ctx,
        BallotVoter,
        col(Contact.department_id).label("department_id"),
        col(Contact.shift_id).label("shift_id"),
        col(Contact.organiser_id).label("organiser_id"),
        func.count().label("on_roll"),
        func.count(col(BallotVoter.address_checked_at)).label("address_checked"),
        func.count(col(BallotVoter.paper_received_at)).label("paper_received"),
        func.count(col(BallotVoter.voted_at)).label("voted"),
        func.count(col(BallotVoter.voted_at))
        .filter(col(Contact.assessment_level).in_(SUPPORTIVE))
        .label("voted_supportive"),
    ).select_from(BallotVoter)
    statement = (
        with_places(
            ctx,
            counted.join(
                Contact,
                and_(col(Contact.id) == col(BallotVoter.contact_id), in_group(ctx, Contact)),
            ),
        )
        .where(col(BallotVoter.ballot_id) == ballot_id)
        .group_by(
            col(Contact.department_id),
            col(Department.name),
            col(Contact.shift_id),
            col(Shift.name),
            col(Contact.organiser_id),
        )
    )
    tallies = []
    for row in (await session.execute(statement)).all():
        counts = row._mapping
        tallies.append(
            _Tally(
                department=(counts["department_id"], counts["department_name"]),
                shift=(counts["shift_id"], counts["shift_name"]),
                organiser_id=counts["organiser_id"],
                on_roll=counts["on_roll"],
                address_checked=counts["address_checked"],
                paper_received=counts["paper_received"],
                voted=counts["voted"],
                voted_supportive=counts["voted_supportive"],
            )
        )
    return tallies


def _turnout_by(
    tallies: Sequence[_Tally],
    place: Callable[[_Tally], Place],
) -> list[TurnoutByPlace]:
    on_roll: Counter[Place] = Counter()
    voted: Counter[Place] = Counter()
    for tally in tallies:
        on_roll[place(tally)] += tally.on_roll
        voted[place(tally)] += tally.voted
    ordered = sorted(on_roll, key=place_order)
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


async def _daily(
    session: AsyncSession, ctx: GroupContext, ballot: Ballot, on_roll: int, today: date
) -> list[DailyTurnout]:
    """Cumulative "says they voted" at the end of each day the ballot has been open, from the
    times those ticks were recorded (a tick before the opening counts on the opening day, one
    recorded after the close on the closing day)."""
    last = min(today, ballot.closes_on)
    if last < ballot.opens_on:
        return []
    # The days are taken in Python from the UTC times: a database's date() of a timestamp
    # would follow its session's time zone.
    ticks = await session.execute(
        scoped_select(ctx, BallotVoter, col(BallotVoter.voted_at)).where(
            col(BallotVoter.ballot_id) == ballot.id, col(BallotVoter.voted_at).is_not(None)
        )
    )
    per_day: Counter[date] = Counter(
        min(max(voted_at.date(), ballot.opens_on), last) for voted_at in ticks.scalars()
    )
    series = []
    total = 0
    day = ballot.opens_on
    while day <= last:
        total += per_day[day]
        series.append(DailyTurnout(day=day, voted=total, turnout_percent=percent(total, on_roll)))
        day += timedelta(days=1)
    return series


async def _organisers(
    session: AsyncSession, ctx: GroupContext, tallies: Sequence[_Tally]
) -> list[OrganiserChase]:
    waiting: Counter[uuid.UUID | None] = Counter()
    for tally in tallies:
        if tally.on_roll > tally.voted:
            waiting[tally.organiser_id] += tally.on_roll - tally.voted
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
    return sorted(
        chase,
        key=lambda item: (item.organiser_id is None, -item.not_voted, str(item.organiser_id)),
    )


async def chase_projection(
    session: AsyncSession,
    ctx: GroupContext,
    ballot_id: uuid.UUID,
    turnout_threshold_ends_on: date | None,
    today: date | None = None,
) -> ChaseProjection:
    ballot = await get_ballot(session, ctx, ballot_id)
    tallies = await _tallies(session, ctx, ballot.id)
    on_roll = sum(tally.on_roll for tally in tallies)
    voted = sum(tally.voted for tally in tallies)
    projected_yes = sum(tally.voted_supportive for tally in tallies)
    verdict = ballot_verdict(
        BallotFacts(
            kind=ballot.kind,
            opens_on=ballot.opens_on,
            closes_on=ballot.closes_on,
            entitled_to_vote=on_roll,
            votes_cast=voted,
            yes_votes=projected_yes,
            no_votes=voted - projected_yes,
            spoilt=0,
            important_public_service=ballot.important_public_service,
        ),
        turnout_threshold_ends_on=turnout_threshold_ends_on,
    )
    return ChaseProjection(
        on_roll=on_roll,
        address_checked=sum(tally.address_checked for tally in tallies),
        paper_received=sum(tally.paper_received for tally in tallies),
        voted=voted,
        projected_yes=projected_yes,
        turnout_percent=verdict.turnout_percent,
        rule_set=verdict.rule_set,
        thresholds=[check for check in verdict.thresholds if check.key != "majority"],
        notes=verdict.notes,
        by_department=_turnout_by(tallies, lambda tally: tally.department),
        by_shift=_turnout_by(tallies, lambda tally: tally.shift),
        daily=await _daily(session, ctx, ballot, on_roll, today or utcnow().date()),
        organisers=await _organisers(session, ctx, tallies),
    )
