"""A contact's history: assessments, conversations and edits, newest first."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import String, literal_column, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.auth.models import User
from api.contacts.models import Assessment
from api.contacts.schemas.history import HistoryKind
from api.contacts.services.contacts import get_contact
from api.conversations.models import Conversation
from api.core.changelog import Change
from api.core.context import GroupContext
from api.core.pagination import SortKey, encode_cursor, keyset_page
from api.core.queries import any_of, column_rows
from api.core.tenancy import in_group, scoped_select

# Copied onto the contact when an assessment or conversation is logged; those entries show
# in the history themselves, so edits touching only these are not listed again.
DERIVED_FIELDS = frozenset({"assessment_level", "assessed_at", "last_conversation_at"})


def _timeline(ctx: GroupContext, contact_id: uuid.UUID) -> Any:
    def kind(name: str) -> Any:
        return literal_column(f"'{name}'", String).label("kind")

    assessments = scoped_select(
        ctx,
        Assessment,
        kind(HistoryKind.assessment.value),
        col(Assessment.id).label("id"),
        col(Assessment.assessed_at).label("at"),
    ).where(col(Assessment.contact_id) == contact_id)
    conversations = scoped_select(
        ctx,
        Conversation,
        kind(HistoryKind.conversation.value),
        col(Conversation.id).label("id"),
        col(Conversation.occurred_at).label("at"),
    ).where(col(Conversation.contact_id) == contact_id)
    edits = select(
        kind(HistoryKind.edit.value), col(Change.id).label("id"), col(Change.at).label("at")
    ).where(
        in_group(ctx, Change),
        col(Change.entity_type) == "contact",
        col(Change.entity_id) == contact_id,
    )
    return union_all(assessments, conversations, edits).subquery("timeline")


def _entry(
    kind: HistoryKind, entry_id: uuid.UUID, at: datetime, by: uuid.UUID | None, **detail: Any
) -> dict[str, Any]:
    """A `HistoryEntry` as its JSON's fields (`api.core.rendering`)."""
    return {
        "kind": kind.value,
        "id": entry_id,
        "at": at,
        "by": by,
        "by_name": None,
        "assessment": None,
        "conversation": None,
        "edit": None,
        **detail,
    }


async def _history_details(
    session: AsyncSession, ctx: GroupContext, rows: Sequence[Any]
) -> dict[uuid.UUID, dict[str, Any] | None]:
    """Each timeline row's entry (None for an edit that is not listed), one query per kind
    and one for the names of who made them, read column by column."""
    by_kind: dict[str, list[uuid.UUID]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row.id)
    at = {row.id: row.at for row in rows}
    entries: dict[uuid.UUID, dict[str, Any] | None] = {}
    if by_kind.get(HistoryKind.assessment.value):
        for a in await column_rows(
            session,
            scoped_select(
                ctx,
                Assessment,
                Assessment.id,
                Assessment.assessed_by,
                Assessment.level,
                Assessment.reason,
                Assessment.conversation_id,
            ).where(any_of(session, col(Assessment.id), by_kind[HistoryKind.assessment.value])),
        ):
            entries[a.id] = _entry(
                HistoryKind.assessment,
                a.id,
                at[a.id],
                a.assessed_by,
                assessment={
                    "level": a.level,
                    "reason": a.reason,
                    "conversation_id": a.conversation_id,
                },
            )
    if by_kind.get(HistoryKind.conversation.value):
        for c in await column_rows(
            session,
            scoped_select(
                ctx,
                Conversation,
                Conversation.id,
                Conversation.spoken_by,
                Conversation.channel,
                Conversation.issues,
                Conversation.notes,
                Conversation.outcome,
                Conversation.next_step,
            ).where(any_of(session, col(Conversation.id), by_kind[HistoryKind.conversation.value])),
        ):
            entries[c.id] = _entry(
                HistoryKind.conversation,
                c.id,
                at[c.id],
                c.spoken_by,
                conversation={
                    "channel": c.channel,
                    "issues": c.issues,
                    "notes": c.notes,
                    "outcome": c.outcome,
                    "next_step": c.next_step,
                },
            )
    if by_kind.get(HistoryKind.edit.value):
        for e in await column_rows(
            session,
            select(
                col(Change.id),
                col(Change.actor_user_id),
                col(Change.operation),
                col(Change.changed_fields),
            ).where(
                in_group(ctx, Change),
                any_of(session, col(Change.id), by_kind[HistoryKind.edit.value]),
            ),
        ):
            fields = list(e.changed_fields)
            if e.operation == "update" and set(fields) <= DERIVED_FIELDS:
                entries[e.id] = None
                continue
            entries[e.id] = _entry(
                HistoryKind.edit,
                e.id,
                at[e.id],
                e.actor_user_id,
                edit={"operation": e.operation, "fields": fields},
            )
    user_ids = {entry["by"] for entry in entries.values() if entry and entry["by"] is not None}
    if user_ids:
        names = {
            row.id: row.display_name
            for row in await column_rows(
                session,
                select(col(User.id), col(User.display_name)).where(
                    any_of(session, col(User.id), sorted(user_ids))
                ),
            )
        }
        for entry in entries.values():
            if entry is not None and entry["by"] is not None:
                entry["by_name"] = names.get(entry["by"])
    return entries


async def contact_history(
    session: AsyncSession,
    ctx: GroupContext,
    contact_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Assessments, conversations and edits, newest first, each as a `HistoryEntry`'s JSON
    fields. Pages are filled after edits that only copied a new assessment or conversation
    onto the contact are left out."""
    await get_contact(session, ctx, contact_id)
    timeline = _timeline(ctx, contact_id)
    keys = [SortKey(timeline.c.at, datetime, True), SortKey(timeline.c.id, uuid.UUID, True)]
    statement = select(timeline.c.kind)
    items: list[dict[str, Any]] = []
    while True:
        rows, page_cursor = await keyset_page(session, statement, keys, limit=limit, cursor=cursor)
        details = await _history_details(session, ctx, rows)
        for index, row in enumerate(rows):
            entry = details.get(row.id)
            if entry is None:
                continue
            items.append(entry)
            if len(items) == limit:
                more = index < len(rows) - 1 or page_cursor is not None
                return items, encode_cursor([row.at, row.id]) if more else None
        if page_cursor is None:
            return items, None
        cursor = page_cursor
