"""A statutory ballot's deadlines as follow-ups for the dispute's reps.

The dates come from the dated ballot rules (`api.disputes.rules`). Each deadline has a stable
key (ballot, kind of deadline, rep), so the follow-up is made once and moved when the ballot's
dates change; one already done is left as it is, and one whose deadline no longer applies (no
scrutineer needed any more, no mandate after a failed ballot) is removed while still open.
A rep is one of the group's contacts, so the follow-up is about the rep and assigned to the
member who holds them; with no reps, one follow-up per deadline goes to whoever recorded the
ballot. When the reps change, a departed rep's follow-ups pass to a rep who has none for that
deadline (open ones reassigned, done ones kept done); a ballot deleted takes its open
follow-ups with it and leaves the done ones as the record of what was done.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.campaigns.enums import BallotDuty
from api.campaigns.models import BallotDutyFollowUp, BallotVoter
from api.contacts.models import Contact
from api.core.context import GroupContext
from api.core.messages import Translator, translator
from api.core.records import RecordWriter
from api.core.tenancy import in_group, scoped_select
from api.core.tenants import Group
from api.disputes.enums import BallotKind, DisputePart
from api.disputes.models import Ballot, Dispute, DisputeContact
from api.disputes.rules import BallotFacts, ballot_verdict
from api.followups.models import FollowUp


@dataclass(frozen=True)
class Rep:
    contact_id: uuid.UUID | None
    assignee_id: uuid.UUID | None

    @property
    def key(self) -> str:
        return "" if self.contact_id is None else str(self.contact_id)


def duty_title(t: Translator, duty: BallotDuty, dispute: str) -> str:
    titles = {
        BallotDuty.ballot_notice: t.gettext(
            "Give the employer notice of the ballot ({dispute})", dispute=dispute
        ),
        BallotDuty.scrutineer: t.gettext(
            "Appoint the ballot's independent scrutineer ({dispute})", dispute=dispute
        ),
        BallotDuty.sample_paper: t.gettext(
            "Send the employer a sample voting paper ({dispute})", dispute=dispute
        ),
        BallotDuty.close: t.gettext("The ballot closes ({dispute})", dispute=dispute),
        BallotDuty.action_notice: t.gettext(
            "Give the employer notice of industrial action ({dispute})", dispute=dispute
        ),
        BallotDuty.mandate_end: t.gettext(
            "The mandate for industrial action ends ({dispute})", dispute=dispute
        ),
    }
    return titles[duty]


async def roll_size(session: AsyncSession, ctx: GroupContext, ballot_id: uuid.UUID) -> int:
    statement = scoped_select(ctx, BallotVoter, func.count()).where(
        col(BallotVoter.ballot_id) == ballot_id
    )
    return int((await session.execute(statement)).scalar_one())


async def duty_dates(
    session: AsyncSession,
    ctx: GroupContext,
    ballot: Ballot,
    turnout_threshold_ends_on: date | None,
) -> dict[BallotDuty, date]:
    """The deadlines that apply to the ballot, from the rule set in force when it opens. Those
    entitled are the ballot's own figure, or the roll's size while it has none."""
    if BallotKind(ballot.kind) is not BallotKind.statutory:
        return {}
    entitled = ballot.entitled_to_vote
    if entitled is None:
        entitled = await roll_size(session, ctx, ballot.id) or None
    verdict = ballot_verdict(
        BallotFacts(
            kind=ballot.kind,
            opens_on=ballot.opens_on,
            closes_on=ballot.closes_on,
            entitled_to_vote=entitled,
            votes_cast=ballot.votes_cast,
            yes_votes=ballot.yes_votes,
            no_votes=ballot.no_votes,
            spoilt=ballot.spoilt,
            important_public_service=ballot.important_public_service,
            employer_agreed_longer_mandate=ballot.employer_agreed_longer_mandate,
            employer_agreed_shorter_notice=ballot.employer_agreed_shorter_notice,
        ),
        turnout_threshold_ends_on=turnout_threshold_ends_on,
    )
    pre = verdict.pre_ballot
    if pre is None:
        return {}
    dates = {
        BallotDuty.ballot_notice: pre.ballot_notice_by,
        BallotDuty.sample_paper: pre.sample_paper_by,
        BallotDuty.close: ballot.closes_on,
    }
    if pre.scrutineer_required:
        # The scrutineer is named in the notice of ballot, so is needed by then.
        dates[BallotDuty.scrutineer] = pre.ballot_notice_by
    if verdict.passed is not False:
        # The rules assume notice of action is given on the closing day.
        dates[BallotDuty.action_notice] = ballot.closes_on
    if verdict.mandate_ends_on is not None:
        dates[BallotDuty.mandate_end] = verdict.mandate_ends_on
    return dates


async def _reps(session: AsyncSession, ctx: GroupContext, ballot: Ballot) -> list[Rep]:
    statement = (
        scoped_select(ctx, DisputeContact, col(Contact.id), col(Contact.organiser_id))
        .select_from(DisputeContact)
        .join(
            Contact,
            and_(col(Contact.id) == col(DisputeContact.contact_id), in_group(ctx, Contact)),
        )
        .where(
            col(DisputeContact.dispute_id) == ballot.dispute_id,
            col(DisputeContact.part) == DisputePart.rep.value,
        )
        .order_by(col(Contact.full_name), col(Contact.id))
    )
    reps = [
        Rep(contact_id, organiser) for contact_id, organiser in await session.execute(statement)
    ]
    return reps or [Rep(None, ballot.created_by)]


async def keep_duty_follow_ups(
    session: AsyncSession,
    ctx: GroupContext,
    ballot_id: uuid.UUID,
    turnout_threshold_ends_on: date | None,
) -> None:
    """Make, move or remove the ballot's deadline follow-ups so they match its dates now."""
    ballot = (
        (await session.execute(scoped_select(ctx, Ballot).where(col(Ballot.id) == ballot_id)))
        .scalars()
        .one()
    )
    dates = await duty_dates(session, ctx, ballot, turnout_threshold_ends_on)
    reps = await _reps(session, ctx, ballot) if dates else []
    language = (
        await session.execute(
            select(col(Group.default_language)).where(col(Group.id) == ctx.group_id)
        )
    ).scalar_one()
    dispute = (
        await session.execute(
            scoped_select(ctx, Dispute, Dispute.title).where(col(Dispute.id) == ballot.dispute_id)
        )
    ).scalar_one()
    t = translator(language)
    wanted = {(duty, rep.key): (due, rep) for duty, due in dates.items() for rep in reps}
    existing = (
        await session.execute(
            scoped_select(ctx, BallotDutyFollowUp, BallotDutyFollowUp, FollowUp)
            .join(FollowUp, col(FollowUp.id) == col(BallotDutyFollowUp.follow_up_id))
            .where(col(BallotDutyFollowUp.ballot_id) == ballot.id)
        )
    ).all()
    writer = RecordWriter.for_context(session, ctx)
    # Follow-ups of a deadline that still applies, held for someone no longer a rep: they
    # pass to a rep who has none for that deadline, so the work moves and is not made again.
    # A done one passes first (the deadline was met; the new rep is not asked again) and
    # stays done and as it was; an open one is reassigned, or removed if no rep is free.
    rep_left: list[tuple[BallotDutyFollowUp, FollowUp]] = []
    for link, follow_up in existing:
        duty = BallotDuty(link.duty)
        target = wanted.pop((duty, link.rep_key), None)
        if target is None and duty in dates:
            rep_left.append((link, follow_up))
        elif follow_up.done_at is not None:
            continue
        elif target is None:
            await _remove(session, writer, link, follow_up)
        else:
            await _move(writer, follow_up, duty_title(t, duty, dispute), *target)
    rep_left.sort(key=lambda pair: pair[1].done_at is None)
    for link, follow_up in rep_left:
        duty = BallotDuty(link.duty)
        free = next((key for key in wanted if key[0] is duty), None)
        if free is None:
            if follow_up.done_at is None:
                await _remove(session, writer, link, follow_up)
            continue
        due, rep = wanted.pop(free)
        link.rep_key = rep.key
        session.add(link)
        if follow_up.done_at is None:
            await _move(writer, follow_up, duty_title(t, duty, dispute), due, rep)
    for (duty, rep_key), (due, rep) in wanted.items():
        follow_up = await writer.create(
            FollowUp(
                title=duty_title(t, duty, dispute),
                due_on=due,
                assignee_id=rep.assignee_id,
                contact_id=rep.contact_id,
            )
        )
        session.add(
            BallotDutyFollowUp(
                group_id=ctx.group_id,
                ballot_id=ballot.id,
                duty=duty,
                rep_key=rep_key,
                follow_up_id=follow_up.id,
            )
        )
    await session.flush()


async def _remove(
    session: AsyncSession, writer: RecordWriter, link: BallotDutyFollowUp, follow_up: FollowUp
) -> None:
    await session.execute(delete(BallotDutyFollowUp).where(col(BallotDutyFollowUp.id) == link.id))
    await writer.delete(follow_up)


async def _move(writer: RecordWriter, follow_up: FollowUp, title: str, due: date, rep: Rep) -> None:
    """Bring an open follow-up in line with its deadline's day and the rep it is for."""
    changes = {
        "due_on": due,
        "title": title,
        "assignee_id": rep.assignee_id,
        "contact_id": rep.contact_id,
    }
    changed = {name: value for name, value in changes.items() if getattr(follow_up, name) != value}
    if changed:
        await writer.update(follow_up, changed, expected_version=follow_up.version)


async def keep_dispute_duty_follow_ups(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    turnout_threshold_ends_on: date | None,
) -> None:
    """After the dispute's reps change: every ballot's deadline follow-ups for the reps now."""
    ballot_ids = (
        (
            await session.execute(
                scoped_select(ctx, Ballot, col(Ballot.id)).where(
                    col(Ballot.dispute_id) == dispute_id
                )
            )
        )
        .scalars()
        .all()
    )
    for ballot_id in ballot_ids:
        await keep_duty_follow_ups(session, ctx, ballot_id, turnout_threshold_ends_on)


async def drop_duty_follow_ups(
    session: AsyncSession, ctx: GroupContext, ballot_ids: Sequence[uuid.UUID]
) -> None:
    """Before ballots are deleted: their open deadline follow-ups go too (a deadline of a
    ballot that is not held is no work for anyone); done ones stay, as the record of what
    was done, no longer tied to the ballot."""
    if not ballot_ids:
        return
    links = (
        await session.execute(
            scoped_select(ctx, BallotDutyFollowUp, BallotDutyFollowUp, FollowUp)
            .join(FollowUp, col(FollowUp.id) == col(BallotDutyFollowUp.follow_up_id))
            .where(col(BallotDutyFollowUp.ballot_id).in_(list(ballot_ids)))
        )
    ).all()
    writer = RecordWriter.for_context(session, ctx)
    for link, follow_up in links:
        if follow_up.done_at is None:
            await _remove(session, writer, link, follow_up)
    await session.flush()
