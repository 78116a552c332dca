"""One-to-one conversations, logged with an optional assessment and follow-up at once."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select
from sqlmodel import col

from api.contacts.models import Assessment, Contact
from api.contacts.services.assessments import present_assessment
from api.contacts.services.contacts import get_contact
from api.contacts.services.summary import (
    refresh_contact_summary,
    summary_with_new_conversation,
)
from api.conversations.models import Conversation
from api.conversations.schemas import (
    ConversationCreate,
    ConversationCreated,
    ConversationRead,
    ConversationUpdate,
)
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.deletion import delete_with_dependents
from api.core.errors import Forbidden, NotFound
from api.core.listing import apply_updated_since, aware_query_time, sort_keys, text_search
from api.core.pagination import SortKey
from api.core.permissions import Permission
from api.core.queries import (
    any_of,
    column_rows,
    columns_for,
    json_array_contains,
    keyed_rows,
    page_of,
    record_fields,
    searchable,
)
from api.core.records import RecordWriter
from api.core.references import check_member
from api.core.tenancy import get_scoped, in_group, scoped_select
from api.core.versioning import ExpectedVersion, expected_version, update_checked
from api.followups.models import FollowUp
from api.followups.service import present_follow_up


class ConversationNotFound(NotFound):
    code = "conversation_not_found"
    detail = "Conversation not found"


CONVERSATION_SORTS: dict[str, tuple[Any, type]] = {
    "occurred_at": (col(Conversation.occurred_at), datetime),
    "created_at": (col(Conversation.created_at), datetime),
    "updated_at": (col(Conversation.updated_at), datetime),
}


def present_conversation(record: Conversation, contact_name: str) -> ConversationRead:
    return ConversationRead.model_validate(
        {**record_fields(record, ConversationRead), "contact_name": contact_name}
    )


def select_reads(ctx: GroupContext, *columns: Any) -> Select[Any]:
    """`SELECT columns` (by default a list item's) of the group's conversations joined to
    their contact."""
    return scoped_select(
        ctx,
        Conversation,
        *(
            columns
            or (
                *columns_for(Conversation, ConversationRead),
                col(Contact.full_name).label("contact_name"),
            )
        ),
    ).join(
        Contact,
        and_(
            col(Contact.id) == col(Conversation.contact_id),
            in_group(ctx, Contact),
        ),
    )


async def create_conversation(
    session: AsyncSession, ctx: GroupContext, contact_id: uuid.UUID, data: ConversationCreate
) -> ConversationCreated:
    """The conversation, its assessment and its follow-up are saved together or not at all,
    and the contact's latest conversation (and assessment) are updated with them."""
    contact = await get_contact(session, ctx, contact_id, for_update=True)
    spoken_by = data.spoken_by or ctx.user_id
    await check_member(session, ctx, spoken_by, "spoken_by")
    if data.assessment is not None and not ctx.can(Permission.contacts_write):
        raise Forbidden(f"Your role ({ctx.role}) does not allow assessments")
    assignee_id = None
    if data.follow_up is not None:
        if not ctx.can(Permission.followups_write):
            raise Forbidden(f"Your role ({ctx.role}) does not allow follow-ups")
        assignee_id = data.follow_up.assignee_id or ctx.user_id
        if assignee_id != spoken_by:
            await check_member(session, ctx, assignee_id, "follow_up.assignee_id")

    writer = RecordWriter.for_context(session, ctx)
    occurred_at = data.occurred_at or utcnow()
    record = await writer.create(
        Conversation(
            contact_id=contact.id,
            occurred_at=occurred_at,
            spoken_by=spoken_by,
            channel=data.channel,
            issues=data.issues,
            notes=data.notes,
            outcome=data.outcome,
            next_step=data.next_step,
        )
    )
    assessment = None
    if data.assessment is not None:
        assessment = await writer.create(
            Assessment(
                contact_id=contact.id,
                level=data.assessment.level,
                reason=data.assessment.reason,
                assessed_at=occurred_at,
                assessed_by=spoken_by,
                conversation_id=record.id,
            )
        )
    follow_up = None
    if data.follow_up is not None:
        follow_up = await writer.create(
            FollowUp(
                title=data.follow_up.title,
                notes=data.follow_up.notes,
                due_on=data.follow_up.due_on,
                assignee_id=assignee_id,
                contact_id=contact.id,
                conversation_id=record.id,
            )
        )
    summary = summary_with_new_conversation(contact, occurred_at, assessment)
    await writer.update(contact, summary)
    return ConversationCreated(
        **present_conversation(record, contact.full_name).model_dump(),
        assessment=present_assessment(assessment) if assessment else None,
        follow_up=present_follow_up(follow_up, contact.full_name) if follow_up else None,
    )


@dataclass(frozen=True)
class ConversationFilters:
    q: str | None = None
    contact_id: uuid.UUID | None = None
    spoken_by: uuid.UUID | None = None
    channel: str | None = None
    issue: str | None = None
    occurred_after: datetime | None = None
    occurred_before: datetime | None = None
    updated_since: datetime | None = None


def conversations_matching(
    session: AsyncSession, ctx: GroupContext, filters: ConversationFilters, *columns: Any
) -> Select[Any]:
    """`SELECT columns` of the group's conversations (joined to their contact) matching the
    list filters (shared by the list and by exports)."""
    statement = select_reads(ctx, *columns)
    search = text_search(
        filters.q,
        searchable(
            col(Conversation.notes),
            col(Conversation.outcome),
            col(Conversation.next_step),
            col(Contact.full_name),
        ),
    )
    if search is not None:
        statement = statement.where(search)
    if filters.contact_id is not None:
        statement = statement.where(col(Conversation.contact_id) == filters.contact_id)
    if filters.spoken_by is not None:
        statement = statement.where(col(Conversation.spoken_by) == filters.spoken_by)
    if filters.channel is not None:
        statement = statement.where(col(Conversation.channel) == filters.channel)
    if filters.issue is not None and filters.issue.strip():
        issue = " ".join(filters.issue.split()).lower()
        statement = statement.where(json_array_contains(session, col(Conversation.issues), issue))
    if filters.occurred_after is not None:
        after = aware_query_time("occurred_after", filters.occurred_after)
        statement = statement.where(col(Conversation.occurred_at) >= after)
    if filters.occurred_before is not None:
        before = aware_query_time("occurred_before", filters.occurred_before)
        statement = statement.where(col(Conversation.occurred_at) < before)
    return apply_updated_since(statement, col(Conversation.updated_at), filters.updated_since)


async def list_conversations(
    session: AsyncSession,
    ctx: GroupContext,
    filters: ConversationFilters,
    *,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[ConversationRead], str | None]:
    keys = sort_keys(
        sort, CONVERSATION_SORTS, "-occurred_at", SortKey(col(Conversation.id), uuid.UUID)
    )
    statement = conversations_matching(session, ctx, filters)
    return await page_of(session, statement, keys, ConversationRead, limit=limit, cursor=cursor)


async def load_rows(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The same conversations as `load_reads`, as their JSON's fields (for the change feed)."""
    statement = select_reads(ctx).where(any_of(session, col(Conversation.id), ids))
    return keyed_rows(await column_rows(session, statement), ConversationRead)


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, ConversationRead]:
    """The current conversations with these ids, each as an item of the conversation list."""
    rows = await load_rows(session, ctx, ids)
    return {row_id: ConversationRead.model_validate(row) for row_id, row in rows.items()}


async def get_conversation(
    session: AsyncSession, ctx: GroupContext, conversation_id: uuid.UUID
) -> Conversation:
    return await get_scoped(session, ctx, Conversation, conversation_id, ConversationNotFound)


async def read_conversation(
    session: AsyncSession, ctx: GroupContext, conversation_id: uuid.UUID
) -> tuple[Conversation, ConversationRead]:
    record = await get_conversation(session, ctx, conversation_id)
    contact = await get_contact(session, ctx, record.contact_id)
    return record, present_conversation(record, contact.full_name)


async def update_conversation(
    session: AsyncSession,
    ctx: GroupContext,
    conversation_id: uuid.UUID,
    data: ConversationUpdate,
    if_match: str | None,
) -> ConversationRead:
    record = await get_conversation(session, ctx, conversation_id)
    expected = expected_version(data.version, if_match)
    contact = await get_contact(session, ctx, record.contact_id, for_update=True)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    if "spoken_by" in changes:
        await check_member(session, ctx, changes["spoken_by"], "spoken_by")
    writer = RecordWriter.for_context(session, ctx)
    name = contact.full_name
    record = await update_checked(
        writer, record, changes, expected, lambda current: present_conversation(current, name)
    )
    if "occurred_at" in changes:
        await refresh_contact_summary(session, ctx, contact, conversation=True)
    return present_conversation(record, name)


async def delete_conversation(
    session: AsyncSession,
    ctx: GroupContext,
    conversation_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    """Assessments and follow-ups made in it are kept, no longer linked to it."""
    record = await get_conversation(session, ctx, conversation_id)
    contact = await get_contact(session, ctx, record.contact_id, for_update=True)
    name = contact.full_name
    await delete_with_dependents(
        session, ctx, record, expected, lambda current: present_conversation(current, name)
    )
    await refresh_contact_summary(session, ctx, contact, conversation=True)
