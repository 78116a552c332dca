"""Subject access: everything the group holds about one person, in one answer (GDPR Art. 15).

Each part is read through its domain's public read functions, so the bundle shows records
exactly as the app does. Solidarity actions name only the action, never the other people who
took part: a person's bundle holds no one else's personal data beyond what their own records
already name (who logged a conversation, who assessed them)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.contacts.models import Assessment
from api.contacts.services import assessments, contacts, history
from api.conversations import service as conversations
from api.conversations.models import Conversation
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.tenancy import in_group, scoped_select
from api.disputes.models import DisputeContact
from api.disputes.services import people
from api.exports.models import AuditEvent
from api.exports.schemas import SubjectAccessAction, SubjectAccessBundle
from api.followups import service as followups
from api.followups.models import FollowUp
from api.solidarity.models import SolidarityAction, SolidarityParticipant

HISTORY_PAGE = 200


async def _ids(session: AsyncSession, statement: Any) -> list[uuid.UUID]:
    return list((await session.execute(statement)).scalars().all())


async def _reads(
    load_reads: Any, session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> list[Any]:
    """Records through their domain's `load_reads`, in the order of `ids`."""
    reads = await load_reads(session, ctx, ids)
    return [reads[record_id] for record_id in ids if record_id in reads]


async def subject_access(
    session: AsyncSession, ctx: GroupContext, contact_id: uuid.UUID
) -> SubjectAccessBundle:
    """The bundle for one contact, and an audit entry saying who asked for it."""
    contact = await contacts.get_contact(session, ctx, contact_id)
    about = contact.id

    def linked(model: Any) -> Any:
        return (
            scoped_select(ctx, model, col(model.id))
            .where(col(model.contact_id) == about)
            .order_by(col(model.id))
        )

    assessment_ids = await _ids(session, linked(Assessment))
    conversation_ids = await _ids(session, linked(Conversation))
    follow_up_ids = await _ids(session, linked(FollowUp))
    dispute_link_ids = await _ids(session, linked(DisputeContact))
    actions = (
        await session.execute(
            scoped_select(
                ctx,
                SolidarityAction,
                col(SolidarityAction.id),
                col(SolidarityAction.title),
                col(SolidarityAction.kind),
                col(SolidarityAction.occurs_at),
            )
            .join(
                SolidarityParticipant,
                and_(
                    col(SolidarityParticipant.action_id) == col(SolidarityAction.id),
                    in_group(ctx, SolidarityParticipant),
                ),
            )
            .where(col(SolidarityParticipant.contact_id) == about)
            .order_by(col(SolidarityAction.occurs_at))
        )
    ).all()
    timeline: list[Any] = []
    cursor: str | None = None
    while True:
        page, cursor = await history.contact_history(
            session, ctx, about, limit=HISTORY_PAGE, cursor=cursor
        )
        timeline.extend(page)
        if cursor is None:
            break
    bundle = SubjectAccessBundle(
        generated_at=utcnow(),
        contact=(await contacts.load_reads(session, ctx, [about]))[about],
        assessments=await _reads(assessments.load_reads, session, ctx, assessment_ids),
        conversations=await _reads(conversations.load_reads, session, ctx, conversation_ids),
        follow_ups=await _reads(followups.load_reads, session, ctx, follow_up_ids),
        disputes=await _reads(people.load_reads, session, ctx, dispute_link_ids),
        solidarity_actions=[
            SubjectAccessAction(id=row[0], title=row[1], kind=row[2], occurs_at=row[3])
            for row in actions
        ],
        history=timeline,
    )
    session.add(
        AuditEvent(
            group_id=ctx.group_id,
            actor_user_id=ctx.user_id,
            actor_token_id=ctx.token_id,
            action="subject_access",
            record_type="contact",
            filters={"contact_id": str(about)},
            row_count=1,
            created_at=utcnow(),
        )
    )
    await session.flush()
    return bundle
