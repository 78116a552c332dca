"""Retention rules: a group's owners choose what goes once it is old enough.

Each rule is one statement (`_candidates`) naming the records it would change now; the preview
pages through that statement and the run applies the rule to exactly its rows, so what the
preview shows is what a run removes. Changes go through the record writer (the change feed and
webhooks see them; deleted records leave tombstones), and contacts go by `erasure.erase`, with
every copy of them. Rules are off until an owner turns them on; the daily maintenance and
`shopfloor retention` run the enabled ones, one transaction per group.
"""

from __future__ import annotations

import calendar
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql import Select
from sqlmodel import col, select

from api.contacts.enums import MembershipStatus
from api.contacts.models import Contact
from api.conversations.models import Conversation
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.idempotency import forget_answers_about
from api.core.pagination import SortKey, keyset_page
from api.core.permissions import ROLE_PERMISSIONS, Role
from api.core.records import RecordWriter
from api.core.tenancy import in_group, scoped_select
from api.core.tenants import Group, Membership
from api.exports.service import record_event
from api.privacy import erasure
from api.privacy.enums import RETENTION_DESCRIPTIONS, RetentionKind
from api.privacy.models import RetentionRule
from api.privacy.schemas import (
    RetentionCandidate,
    RetentionOutcome,
    RetentionPreview,
    RetentionRuleRead,
    RetentionRules,
    RetentionRun,
    RetentionUpdate,
)

DEFAULT_MONTHS = {RetentionKind.conversation_notes: 24, RetentionKind.inactive_contacts: 36}
NOTE_FIELDS = ("notes", "outcome", "next_step")


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the month's last day if it
    has no such day)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _conversation_candidates(ctx: GroupContext, cutoff: datetime) -> Select[Any]:
    return (
        scoped_select(
            ctx,
            Conversation,
            col(Conversation.id),
            col(Conversation.contact_id),
            col(Contact.full_name),
            col(Conversation.occurred_at),
        )
        .join(
            Contact,
            and_(col(Contact.id) == col(Conversation.contact_id), in_group(ctx, Contact)),
        )
        .where(
            col(Conversation.occurred_at) < cutoff,
            or_(*(col(getattr(Conversation, name)).is_not(None) for name in NOTE_FIELDS)),
        )
    )


def _contact_candidates(ctx: GroupContext, cutoff: datetime) -> Select[Any]:
    last_seen = func.coalesce(col(Contact.last_conversation_at), col(Contact.created_at))
    return scoped_select(
        ctx, Contact, col(Contact.id), col(Contact.id), col(Contact.full_name), last_seen
    ).where(last_seen < cutoff, col(Contact.membership_status) != MembershipStatus.member)


@dataclass(frozen=True)
class Rule:
    candidates: Callable[[GroupContext, datetime], Select[Any]]
    record_type: str
    id_column: Any


RULES: dict[RetentionKind, Rule] = {
    RetentionKind.conversation_notes: Rule(
        _conversation_candidates, "conversation", col(Conversation.id)
    ),
    RetentionKind.inactive_contacts: Rule(_contact_candidates, "contact", col(Contact.id)),
}


async def _stored(session: AsyncSession, ctx: GroupContext) -> dict[RetentionKind, RetentionRule]:
    rows = (await session.execute(scoped_select(ctx, RetentionRule))).scalars().all()
    return {RetentionKind(row.kind): row for row in rows}


def _present(kind: RetentionKind, rule: RetentionRule | None) -> RetentionRuleRead:
    return RetentionRuleRead(
        kind=kind,
        description=RETENTION_DESCRIPTIONS[kind],
        enabled=rule.enabled if rule else False,
        months=rule.months if rule else DEFAULT_MONTHS[kind],
        last_run_at=rule.last_run_at if rule else None,
        last_removed=rule.last_removed if rule else {},
    )


async def list_rules(session: AsyncSession, ctx: GroupContext) -> RetentionRules:
    stored = await _stored(session, ctx)
    return RetentionRules(rules=[_present(kind, stored.get(kind)) for kind in RetentionKind])


async def save_rules(
    session: AsyncSession, ctx: GroupContext, data: RetentionUpdate
) -> RetentionRules:
    stored = await _stored(session, ctx)
    now = utcnow()
    for kind in RetentionKind:
        wanted = getattr(data, kind.value)
        rule = stored.get(kind)
        if rule is None:
            rule = RetentionRule(group_id=ctx.group_id, kind=kind, months=wanted.months)
            session.add(rule)
        rule.enabled = wanted.enabled
        rule.months = wanted.months
        rule.configured_by = ctx.user_id
        rule.updated_at = now
    await session.flush()
    return await list_rules(session, ctx)


async def preview(
    session: AsyncSession,
    ctx: GroupContext,
    kind: RetentionKind,
    months: int | None,
    *,
    limit: int,
    cursor: str | None,
) -> RetentionPreview:
    """What the rule would change now (with `months`, or as the rule is set), paged."""
    if months is None:
        months = _present(kind, (await _stored(session, ctx)).get(kind)).months
    cutoff = months_before(utcnow(), months)
    rule = RULES[kind]
    statement = rule.candidates(ctx, cutoff)
    total = (
        await session.execute(select(func.count()).select_from(statement.subquery()))
    ).scalar_one()
    rows, next_cursor = await keyset_page(
        session, statement, [SortKey(rule.id_column, uuid.UUID)], limit=limit, cursor=cursor
    )
    return RetentionPreview(
        kind=kind,
        months=months,
        cutoff=cutoff,
        total=total,
        items=[
            RetentionCandidate(
                type=rule.record_type, id=row[0], contact_id=row[1], contact_name=row[2], at=row[3]
            )
            for row in rows
        ],
        next_cursor=next_cursor,
    )


async def _apply(
    session: AsyncSession, ctx: GroupContext, kind: RetentionKind, cutoff: datetime
) -> dict[str, int]:
    rule = RULES[kind]
    ids = list(
        (await session.execute(rule.candidates(ctx, cutoff).order_by(rule.id_column)))
        .scalars()
        .all()
    )
    removed: Counter[str] = Counter()
    if kind is RetentionKind.conversation_notes:
        writer = RecordWriter.for_context(session, ctx)
        conversations = (
            (
                await session.execute(
                    scoped_select(ctx, Conversation)
                    .where(col(Conversation.id).in_(ids))
                    .order_by(col(Conversation.id))
                    .with_for_update()
                )
            )
            .scalars()
            .all()
        )
        for conversation in conversations:
            await writer.update(conversation, dict.fromkeys(NOTE_FIELDS))
        # A stored answer of the create would still show the notes.
        await forget_answers_about(session, ids)
        removed["conversation_notes"] = len(conversations)
        return dict(removed)
    for contact_id in ids:
        contact = (
            await session.execute(
                scoped_select(ctx, Contact).where(col(Contact.id) == contact_id).with_for_update()
            )
        ).scalar_one()
        removed.update(await erasure.erase(session, ctx, contact))
    return {key: count for key, count in removed.items() if count}


async def run_rules(
    session: AsyncSession, ctx: GroupContext, *, now: datetime | None = None
) -> RetentionRun:
    """Apply the group's enabled rules now, note on each what it removed and keep it in the
    audit trail (counts only)."""
    now = now or utcnow()
    outcomes = []
    for kind, rule in sorted((await _stored(session, ctx)).items()):
        if not rule.enabled:
            continue
        removed = await _apply(session, ctx, kind, months_before(now, rule.months))
        rule.last_run_at = now
        rule.last_removed = removed
        rule.updated_at = now
        await record_event(
            session,
            ctx,
            action="retention",
            record_type=kind.value,
            filters={"months": rule.months, "removed": removed},
            row_count=sum(removed.values()),
        )
        outcomes.append(RetentionOutcome(kind=kind, months=rule.months, removed=removed))
    await session.flush()
    return RetentionRun(ran_at=now, outcomes=outcomes)


async def acting_owner(session: AsyncSession, group_id: uuid.UUID) -> GroupContext | None:
    """Who a scheduled run acts as: the owner who last set a rule if they still are one, else
    the group's longest-standing owner (None if it has none)."""
    configured = select(col(RetentionRule.configured_by)).where(
        col(RetentionRule.group_id) == group_id, col(RetentionRule.configured_by).is_not(None)
    )
    owners = select(col(Membership.id), col(Membership.user_id)).where(
        col(Membership.group_id) == group_id, col(Membership.role) == Role.owner
    )
    chosen = (
        await session.execute(
            owners.order_by(col(Membership.user_id).in_(configured).desc(), col(Membership.id))
        )
    ).first()
    if chosen is None:
        return None
    return GroupContext(
        group_id=group_id,
        user_id=chosen[1],
        membership_id=chosen[0],
        role=Role.owner,
        permissions=ROLE_PERMISSIONS[Role.owner],
    )


@dataclass
class GroupRetention:
    group_id: uuid.UUID
    group_name: str
    run: RetentionRun | None = None
    previews: list[RetentionPreview] | None = None


async def run_everywhere(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    group_id: uuid.UUID | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
    preview_limit: int = 100,
) -> list[GroupRetention]:
    """The enabled rules of every group with any (or of one group), one transaction per group;
    with `dry_run`, each enabled rule's preview instead, and nothing changes."""
    async with sessionmaker() as session:
        statement = (
            select(col(Group.id), col(Group.name))
            .where(
                col(Group.id).in_(
                    select(col(RetentionRule.group_id)).where(col(RetentionRule.enabled))
                )
            )
            .order_by(col(Group.id))
        )
        if group_id is not None:
            statement = statement.where(col(Group.id) == group_id)
        groups = (await session.execute(statement)).all()
    results = []
    for gid, name in groups:
        async with sessionmaker() as session, session.begin():
            ctx = await acting_owner(session, gid)
            if ctx is None:
                continue
            result = GroupRetention(group_id=gid, group_name=name)
            if dry_run:
                result.previews = [
                    await preview(session, ctx, kind, None, limit=preview_limit, cursor=None)
                    for kind, rule in sorted((await _stored(session, ctx)).items())
                    if rule.enabled
                ]
            else:
                result.run = await run_rules(session, ctx, now=now)
            results.append(result)
    return results
