"""Telling the members when a vote opens, closes and is decided: a notice in the group's
notifications (`group_notifications`, which every member sees for these kinds) and a mail to
everyone entitled to vote, in their own language.

The notice is written in the transaction that opens or closes the vote. The mail goes after
the answer has been sent (so after the commit), for the routes that declare
`VoteMailDep`: they are the ones that can open or close a vote."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC
from typing import Annotated

from fastapi import BackgroundTasks, Depends, Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from api.auth.models import User
from api.core.context import GroupContext, SessionDep
from api.core.mail import Mailer, Recipient
from api.core.messages import Translator, first_language, translator
from api.core.pagination import Page, SortKey
from api.core.queries import columns_for, page_of
from api.core.tenancy import scoped_select
from api.core.tenants import Group, Membership
from api.democracy.enums import VoteOutcome
from api.democracy.models import Vote
from api.webhooks.models import GroupNotification
from api.webhooks.schemas import NotificationRead

logger = logging.getLogger("shopfloor.democracy")

VOTE_OPENED = "vote_opened"
VOTE_CLOSED = "vote_closed"  # closed with no decision: no quorum, no majority, a tie
VOTE_DECIDED = "vote_decided"  # carried, fell, or someone elected
VOTE_NOTICE_KINDS = (VOTE_OPENED, VOTE_CLOSED, VOTE_DECIDED)
_DECISIONS = {VoteOutcome.carried, VoteOutcome.fell, VoteOutcome.elected}
_PENDING_MAIL = "democracy.vote_mail"


@dataclass(frozen=True)
class VoteMail:
    group_id: uuid.UUID
    vote_id: uuid.UUID
    kind: str


async def when_vote_opens(session: AsyncSession, ctx: GroupContext, vote: Vote) -> None:
    await _notify(session, ctx, vote, VOTE_OPENED)


async def when_vote_closes(session: AsyncSession, ctx: GroupContext, vote: Vote) -> None:
    outcome = (vote.results or {}).get("outcome")
    await _notify(session, ctx, vote, VOTE_DECIDED if outcome in _DECISIONS else VOTE_CLOSED)


async def _notify(session: AsyncSession, ctx: GroupContext, vote: Vote, kind: str) -> None:
    # The message is the vote's title: the web app words the notice in the reader's language.
    session.add(
        GroupNotification(group_id=ctx.group_id, kind=kind, subject_id=vote.id, message=vote.title)
    )
    pending = session.info.get(_PENDING_MAIL)
    if pending is not None:
        pending.append(VoteMail(ctx.group_id, vote.id, kind))


def _outcome(t: Translator, outcome: str | None) -> str:
    match outcome:
        case VoteOutcome.carried:
            return t.gettext("Carried.")
        case VoteOutcome.fell:
            return t.gettext("Fell.")
        case VoteOutcome.elected:
            return t.gettext("Elected: see the vote for who.")
        case VoteOutcome.no_quorum:
            return t.gettext("Not enough ballots for a valid result (quorum not reached).")
        case VoteOutcome.tied:
            return t.gettext("Tied.")
        case _:
            return t.gettext("No majority.")


def vote_mail(t: Translator, kind: str, group: str, vote: Vote, link: str) -> tuple[str, str]:
    """The subject and body of one notice, in the translator's language."""
    if kind == VOTE_OPENED:
        subject = t.gettext("A vote has opened in {group}: {title}", group=group, title=vote.title)
        lead = t.gettext(
            "A vote has opened in {group}: {title}. You may vote in it.",
            group=group,
            title=vote.title,
        )
        if vote.closes_at is not None:
            lead += " " + t.gettext(
                "It closes on {day} at {time} UTC.",
                day=t.date(vote.closes_at.astimezone(UTC).date()),
                time=t.time(vote.closes_at, UTC),
            )
    else:
        subject = t.gettext("A vote has closed in {group}: {title}", group=group, title=vote.title)
        lead = (
            t.gettext("The vote {title} has closed.", title=vote.title)
            + " "
            + _outcome(t, (vote.results or {}).get("outcome"))
        )
    body = lead + "\n\n" + t.gettext("Open it in Shopfloor:\n{link}", link=link) + "\n"
    return subject, body


async def _recipients(
    sessionmaker: async_sessionmaker[AsyncSession], item: VoteMail
) -> tuple[Vote, str, list[Recipient]] | None:
    # No request, so no GroupContext: every statement names the one group it reads.
    async with sessionmaker() as session:
        vote = await session.get(Vote, item.vote_id)
        group = await session.get(Group, item.group_id)
        if vote is None or group is None or vote.group_id != group.id:
            return None
        rows = (
            await session.execute(
                select(col(User.email), col(User.language))
                .join(Membership, col(Membership.user_id) == col(User.id))
                .where(
                    col(Membership.group_id) == group.id,
                    col(Membership.role).in_(vote.eligible_roles),
                    col(User.is_active).is_(True),
                    col(User.is_demo).is_(False),
                )
                .order_by(col(User.email))
            )
        ).all()
        return (
            vote,
            group.name,
            [
                Recipient(email, first_language(language, group.default_language))
                for email, language in rows
            ],
        )


async def send_vote_mail(
    sessionmaker: async_sessionmaker[AsyncSession],
    mailer: Mailer,
    public_url: str,
    pending: list[VoteMail],
) -> None:
    """Mail each notice to everyone entitled to vote, after the answer was sent."""
    for item in pending:
        found = await _recipients(sessionmaker, item)
        if found is None:
            continue
        vote, group, recipients = found
        link = f"{public_url.rstrip('/')}/groups/{item.group_id}/votes/{item.vote_id}"
        for recipient in recipients:
            subject, body = vote_mail(translator(recipient.language), item.kind, group, vote, link)
            try:
                await mailer.send(recipient.email, subject, body)
            except Exception:  # one unreachable address must not stop the others' mail
                logger.exception("could not mail a vote notice")


async def vote_mail_after_answer(
    request: Request, session: SessionDep, background: BackgroundTasks
) -> None:
    """For a route that can open or close a vote: collects the notices its transaction writes
    and mails them once the answer is sent (a failed request sends none)."""
    pending: list[VoteMail] = []
    session.info[_PENDING_MAIL] = pending
    state = request.app.state
    background.add_task(
        send_vote_mail, state.sessionmaker, state.mailer, state.settings.public_url, pending
    )


VoteMailDep = Depends(vote_mail_after_answer)
VoteMailAfterAnswer = Annotated[None, VoteMailDep]


async def list_vote_notices(
    session: AsyncSession, ctx: GroupContext, *, limit: int, cursor: str | None
) -> Page[NotificationRead]:
    """The group's notices about votes, newest first: what every member may see of its
    notifications."""
    statement = scoped_select(
        ctx, GroupNotification, *columns_for(GroupNotification, NotificationRead)
    ).where(col(GroupNotification.kind).in_(VOTE_NOTICE_KINDS))
    keys = [SortKey(col(GroupNotification.id), uuid.UUID, descending=True)]
    items, next_cursor = await page_of(
        session, statement, keys, NotificationRead, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)
