"""The group dashboard (the organisers' Home) and the weekly snapshots its trends are drawn
from.

The snapshots are history kept as it happened: the daily maintenance writes one row per group
per ISO week, the first time it runs in that week (so the current week is filled in on the
first run after an upgrade), and never rewrites it. A week's row is the map as it stood when
taken and the conversations of the seven days before."""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from api.auth.models import User
from api.campaigns.dashboard_models import WeeklySnapshot
from api.campaigns.enums import Participation
from api.campaigns.models import Campaign, StructureTest, TestResponse
from api.campaigns.schemas.dashboard import (
    AssessmentMix,
    GroupDashboard,
    GroupFigures,
    OpenBallot,
    OrganiserActivity,
    OverdueFollowUp,
    TestProgress,
    WeekFigures,
)
from api.campaigns.services.campaigns import get_campaign
from api.campaigns.services.chase import chase_projection
from api.campaigns.services.coverage import held_by_a_member, is_committee
from api.campaigns.services.scope import workers_in_scope
from api.campaigns.services.tests import scope_of
from api.contacts.models import Contact
from api.conversations.models import Conversation
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.permissions import Role
from api.core.tenancy import in_group, scoped_select
from api.core.tenants import Group, Membership
from api.disputes.enums import BallotKind
from api.disputes.models import Ballot, Dispute
from api.followups.models import FollowUp
from api.privacy.retention import acting_owner
from api.workplaces.models import Workplace

logger = logging.getLogger(__name__)

WEEKS_SHOWN = 53
OPEN_TESTS_SHOWN = 20
OPEN_BALLOTS_SHOWN = 10
OVERDUE_SHOWN = 50


def week_start(day: date) -> date:
    """The Monday of the ISO week the day falls in."""
    return day - timedelta(days=day.weekday())


async def group_figures(session: AsyncSession, ctx: GroupContext, now: datetime) -> GroupFigures:
    headcount = (
        await session.execute(
            scoped_select(ctx, Workplace, func.coalesce(func.sum(Workplace.estimated_headcount), 0))
        )
    ).scalar_one()
    level = col(Contact.assessment_level)
    counts = (
        await session.execute(
            scoped_select(
                ctx,
                Contact,
                func.count(),
                func.count().filter(held_by_a_member(ctx)),
                func.count().filter(is_committee()),
                *(func.count().filter(level == value) for value in range(1, 6)),
                func.count().filter(level.is_(None)),
            )
        )
    ).one()
    conversations = (
        await session.execute(
            scoped_select(ctx, Conversation, func.count()).where(
                col(Conversation.occurred_at) > now - timedelta(days=7),
                col(Conversation.occurred_at) <= now,
            )
        )
    ).scalar_one()
    return GroupFigures(
        headcount=int(headcount),
        contacts=int(counts[0]),
        held=int(counts[1]),
        committee=int(counts[2]),
        assessment=AssessmentMix(
            level_1=int(counts[3]),
            level_2=int(counts[4]),
            level_3=int(counts[5]),
            level_4=int(counts[6]),
            level_5=int(counts[7]),
            unassessed=int(counts[8]),
        ),
        conversations=int(conversations),
    )


async def take_snapshot(
    session: AsyncSession, ctx: GroupContext, now: datetime
) -> WeeklySnapshot | None:
    """This week's snapshot of the group, unless it has one; None if it had."""
    week = week_start(now.date())
    taken = (
        await session.execute(
            scoped_select(ctx, WeeklySnapshot, col(WeeklySnapshot.id)).where(
                col(WeeklySnapshot.week_start) == week
            )
        )
    ).first()
    if taken is not None:
        return None
    figures = await group_figures(session, ctx, now)
    snapshot = WeeklySnapshot(
        group_id=ctx.group_id,
        week_start=week,
        taken_at=now,
        **figures.model_dump(exclude={"assessment"}),
        **figures.assessment.model_dump(),
    )
    try:
        # Another worker process may take the same week at the same moment; the unique key
        # keeps one row, and this one steps back.
        async with session.begin_nested():
            session.add(snapshot)
            await session.flush()
    except IntegrityError:
        return None
    return snapshot


async def take_weekly_snapshots(
    sessionmaker: async_sessionmaker[AsyncSession], now: datetime | None = None
) -> int:
    """Every group's snapshot for the current ISO week, for those without one; how many were
    written. One transaction per group, so one failing group does not hold up the others."""
    now = now or utcnow()
    async with sessionmaker() as session:
        group_ids = (
            (await session.execute(select(col(Group.id)).order_by(col(Group.id)))).scalars().all()
        )
    written = 0
    for group_id in group_ids:
        try:
            async with sessionmaker() as session, session.begin():
                ctx = await acting_owner(session, group_id)
                if ctx is not None and await take_snapshot(session, ctx, now) is not None:
                    written += 1
        except Exception:
            logger.exception("weekly snapshot of group %s failed", group_id)
    return written


async def _weeks(session: AsyncSession, ctx: GroupContext) -> list[WeekFigures]:
    rows = (
        (
            await session.execute(
                scoped_select(ctx, WeeklySnapshot)
                .order_by(col(WeeklySnapshot.week_start).desc())
                .limit(WEEKS_SHOWN)
            )
        )
        .scalars()
        .all()
    )
    return [
        WeekFigures(
            week_start=row.week_start,
            taken_at=row.taken_at,
            headcount=row.headcount,
            contacts=row.contacts,
            held=row.held,
            committee=row.committee,
            assessment=AssessmentMix(
                level_1=row.level_1,
                level_2=row.level_2,
                level_3=row.level_3,
                level_4=row.level_4,
                level_5=row.level_5,
                unassessed=row.unassessed,
            ),
            conversations=row.conversations,
        )
        for row in reversed(rows)
    ]


async def _organisers(
    session: AsyncSession, ctx: GroupContext, now: datetime
) -> list[OrganiserActivity]:
    members = (
        await session.execute(
            scoped_select(ctx, Membership, col(Membership.user_id), col(User.display_name))
            .join(User, col(User.id) == col(Membership.user_id))
            .where(col(Membership.role) != Role.observer.value)
        )
    ).all()
    holds = Counter(
        dict(
            (
                await session.execute(
                    scoped_select(ctx, Contact, col(Contact.organiser_id), func.count())
                    .where(col(Contact.organiser_id).is_not(None))
                    .group_by(col(Contact.organiser_id))
                )
            ).all()
        )
    )
    week_ago, four_weeks_ago = now - timedelta(days=7), now - timedelta(days=28)
    spoken = {
        user_id: (int(recent), int(month))
        for user_id, recent, month in await session.execute(
            scoped_select(
                ctx,
                Conversation,
                col(Conversation.spoken_by),
                func.count().filter(col(Conversation.occurred_at) > week_ago),
                func.count(),
            )
            .where(
                col(Conversation.spoken_by).is_not(None),
                col(Conversation.occurred_at) > four_weeks_ago,
                col(Conversation.occurred_at) <= now,
            )
            .group_by(col(Conversation.spoken_by))
        )
    }
    overdue = Counter(
        dict(
            (
                await session.execute(
                    _overdue(ctx, now.date())
                    .with_only_columns(col(FollowUp.assignee_id), func.count())
                    .where(col(FollowUp.assignee_id).is_not(None))
                    .group_by(col(FollowUp.assignee_id))
                )
            ).all()
        )
    )
    activity = [
        OrganiserActivity(
            user_id=user_id,
            display_name=name,
            holds=int(holds[user_id]),
            conversations_7_days=spoken.get(user_id, (0, 0))[0],
            conversations_28_days=spoken.get(user_id, (0, 0))[1],
            overdue_follow_ups=int(overdue[user_id]),
        )
        for user_id, name in members
    ]
    return sorted(
        activity,
        key=lambda item: (-item.conversations_28_days, -item.holds, item.display_name.casefold()),
    )


def _overdue(ctx: GroupContext, today: date) -> Any:
    return scoped_select(ctx, FollowUp).where(
        col(FollowUp.done_at).is_(None), col(FollowUp.due_on) < today
    )


async def _open_tests(session: AsyncSession, ctx: GroupContext, today: date) -> list[TestProgress]:
    tests = (
        await session.execute(
            scoped_select(ctx, StructureTest, StructureTest, Campaign)
            .join(
                Campaign,
                and_(col(Campaign.id) == col(StructureTest.campaign_id), in_group(ctx, Campaign)),
            )
            .where(or_(col(StructureTest.deadline).is_(None), col(StructureTest.deadline) >= today))
            .order_by(
                case((col(StructureTest.deadline).is_(None), 1), else_=0),
                col(StructureTest.deadline),
                col(Campaign.name),
                col(StructureTest.position),
                col(StructureTest.id),
            )
            .limit(OPEN_TESTS_SHOWN)
        )
    ).all()
    return await progress_of(session, ctx, [(test, campaign) for test, campaign in tests])


async def progress_of(
    session: AsyncSession, ctx: GroupContext, tests: Sequence[tuple[StructureTest, Campaign]]
) -> list[TestProgress]:
    """How many of the workers in each test's scope took part: counts only, naming no one."""
    result = []
    for test, campaign in tests:
        in_scope, took_part = (
            await session.execute(
                workers_in_scope(
                    ctx,
                    scope_of(session, ctx, test, campaign.workplace_id),
                    func.count(),
                    func.count(col(TestResponse.id)).filter(
                        col(TestResponse.status) == Participation.took_part.value
                    ),
                )
                .select_from(Contact)
                .outerjoin(
                    TestResponse,
                    and_(
                        col(TestResponse.contact_id) == col(Contact.id),
                        col(TestResponse.test_id) == test.id,
                        in_group(ctx, TestResponse),
                    ),
                )
            )
        ).one()
        percent = round(100 * took_part / in_scope, 1) if in_scope else None
        result.append(
            TestProgress(
                test_id=test.id,
                campaign_id=campaign.id,
                campaign_name=campaign.name,
                title=test.title,
                kind=test.kind,
                own_kind=test.own_kind,
                position=test.position,
                deadline=test.deadline,
                in_scope=int(in_scope),
                took_part=int(took_part),
                took_part_percent=percent,
                target_percent=test.target_percent,
                target_met=bool(in_scope) and 100 * took_part >= test.target_percent * in_scope,
            )
        )
    return result


async def campaign_progress(
    session: AsyncSession, ctx: GroupContext, campaign_id: uuid.UUID | None
) -> list[TestProgress]:
    """Every structure test (of one campaign, or of all), in ladder order, with its progress."""
    statement = (
        scoped_select(ctx, StructureTest, StructureTest, Campaign)
        .join(
            Campaign,
            and_(col(Campaign.id) == col(StructureTest.campaign_id), in_group(ctx, Campaign)),
        )
        .order_by(col(Campaign.id), col(StructureTest.position), col(StructureTest.id))
    )
    if campaign_id is not None:
        await get_campaign(session, ctx, campaign_id)
        statement = statement.where(col(Campaign.id) == campaign_id)
    rows = (await session.execute(statement)).all()
    return await progress_of(session, ctx, [(test, campaign) for test, campaign in rows])


async def _open_ballots(
    session: AsyncSession,
    ctx: GroupContext,
    today: date,
    turnout_threshold_ends_on: date | None,
) -> list[OpenBallot]:
    ballots = (
        await session.execute(
            scoped_select(
                ctx,
                Ballot,
                col(Ballot.id),
                col(Ballot.dispute_id),
                col(Dispute.title),
                col(Ballot.opens_on),
                col(Ballot.closes_on),
            )
            .join(Dispute, and_(col(Dispute.id) == col(Ballot.dispute_id), in_group(ctx, Dispute)))
            .where(
                col(Ballot.kind) == BallotKind.statutory.value,
                col(Ballot.closes_on) >= today,
            )
            .order_by(col(Ballot.closes_on), col(Ballot.id))
            .limit(OPEN_BALLOTS_SHOWN)
        )
    ).all()
    result = []
    for ballot_id, dispute_id, title, opens_on, closes_on in ballots:
        chase = await chase_projection(
            session, ctx, ballot_id, turnout_threshold_ends_on, today=today
        )
        turnout = next((check for check in chase.thresholds if check.key == "turnout"), None)
        result.append(
            OpenBallot(
                ballot_id=ballot_id,
                dispute_id=dispute_id,
                dispute_title=title,
                opens_on=opens_on,
                closes_on=closes_on,
                on_roll=chase.on_roll,
                voted=chase.voted,
                turnout_percent=chase.turnout_percent,
                turnout_met=turnout.met if turnout else None,
                turnout_needed=turnout.required_votes if turnout else None,
            )
        )
    return result


async def group_dashboard(
    session: AsyncSession,
    ctx: GroupContext,
    turnout_threshold_ends_on: date | None,
    now: datetime | None = None,
) -> GroupDashboard:
    now = now or utcnow()
    today = now.date()
    overdue_count = (
        await session.execute(_overdue(ctx, today).with_only_columns(func.count()))
    ).scalar_one()
    overdue_rows = await session.execute(
        _overdue(ctx, today)
        .with_only_columns(
            col(FollowUp.id),
            col(FollowUp.title),
            col(FollowUp.due_on),
            col(FollowUp.assignee_id),
            col(User.display_name),
            col(FollowUp.contact_id),
        )
        .outerjoin(User, col(User.id) == col(FollowUp.assignee_id))
        .order_by(col(FollowUp.due_on), col(FollowUp.id))
        .limit(OVERDUE_SHOWN)
    )
    return GroupDashboard(
        now=await group_figures(session, ctx, now),
        weeks=await _weeks(session, ctx),
        organisers=await _organisers(session, ctx, now),
        open_tests=await _open_tests(session, ctx, today),
        open_ballots=await _open_ballots(session, ctx, today, turnout_threshold_ends_on),
        overdue_count=int(overdue_count),
        overdue=[
            OverdueFollowUp(
                follow_up_id=follow_up_id,
                title=title,
                due_on=due_on,
                assignee_id=assignee_id,
                assignee_name=assignee_name,
                contact_id=contact_id,
            )
            for follow_up_id, title, due_on, assignee_id, assignee_name, contact_id in overdue_rows
        ],
    )
