"""The latest assessment and conversation, copied onto the contact."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.contacts.models import Assessment, Contact
from api.conversations.models import Conversation
from api.core.context import GroupContext
from api.core.records import RecordWriter
from api.core.tenancy import scoped_select


async def latest_assessment_fields(
    session: AsyncSession, ctx: GroupContext, contact_id: uuid.UUID
) -> dict[str, Any]:
    """The contact's current level: its assessment with the latest `assessed_at` (so a
    back-dated entry never overrides a newer one), or unassessed if there is none."""
    row = (
        await session.execute(
            scoped_select(ctx, Assessment, Assessment.level, Assessment.assessed_at)
            .where(col(Assessment.contact_id) == contact_id)
            .order_by(col(Assessment.assessed_at).desc(), col(Assessment.id).desc())
            .limit(1)
        )
    ).first()
    if row is None:
        return {"assessment_level": None, "assessed_at": None}
    return {"assessment_level": row[0], "assessed_at": row[1]}


async def last_conversation_fields(
    session: AsyncSession, ctx: GroupContext, contact_id: uuid.UUID
) -> dict[str, Any]:
    latest = (
        await session.execute(
            scoped_select(ctx, Conversation, func.max(col(Conversation.occurred_at))).where(
                col(Conversation.contact_id) == contact_id
            )
        )
    ).scalar_one()
    return {"last_conversation_at": latest}


def summary_with_new_conversation(
    contact: Contact, occurred_at: datetime, assessment: Assessment | None
) -> dict[str, Any]:
    """The copied fields once a conversation (and the assessment made in it, if any) joins the
    history. The contact must be locked: its copied fields then hold the latest of the history
    so far, so only the newcomers need comparing and no history is read. A newcomer wins a tie,
    as it would in `latest_assessment_fields` (its id is the newest)."""
    changes: dict[str, Any] = {}
    if contact.last_conversation_at is None or occurred_at > contact.last_conversation_at:
        changes["last_conversation_at"] = occurred_at
    if assessment is not None and (
        contact.assessed_at is None or assessment.assessed_at >= contact.assessed_at
    ):
        changes |= {"assessment_level": assessment.level, "assessed_at": assessment.assessed_at}
    return changes


async def refresh_contact_summary(
    session: AsyncSession,
    ctx: GroupContext,
    contact: Contact,
    *,
    assessment: bool = False,
    conversation: bool = False,
) -> None:
    """Recompute the copied fields from the history, in the caller's transaction."""
    changes: dict[str, Any] = {}
    if assessment:
        changes |= await latest_assessment_fields(session, ctx, contact.id)
    if conversation:
        changes |= await last_conversation_fields(session, ctx, contact.id)
    if changes:
        await RecordWriter.for_context(session, ctx).update(contact, changes)
