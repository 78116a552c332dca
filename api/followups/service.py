"""Follow-ups: tasks with an assignee and a due date, usually about a contact."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, literal
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select
from sqlmodel import col

from api.contacts.models import Contact
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.deletion import delete_with_dependents
from api.core.errors import NotFound
from api.core.listing import apply_updated_since, sort_keys, text_search
from api.core.pagination import SortKey
from api.core.queries import any_of, columns_for, page_of, record_fields, searchable
from api.core.records import RecordWriter
from api.core.references import check_member, check_record, refuse_unconfirmed_day
from api.core.tenancy import get_scoped, in_group, scoped_select
from api.core.versioning import ExpectedVersion, expected_version, update_checked
from api.followups.models import FollowUp
from api.followups.schemas import FollowUpCreate, FollowUpRead, FollowUpUpdate

# Undated follow-ups sort after every dated one.
NO_DUE_DATE = date(9999, 12, 31)


class FollowUpNotFound(NotFound):
    code = "follow_up_not_found"
    detail = "Follow-up not found"


def _due_key() -> Any:
    return func.coalesce(col(FollowUp.due_on), literal(NO_DUE_DATE))


FOLLOW_UP_SORTS: dict[str, tuple[Any, type]] = {
    "due_on": (_due_key(), date),
    "created_at": (col(FollowUp.created_at), datetime),
    "updated_at": (col(FollowUp.updated_at), datetime),
}


def present_follow_up(record: FollowUp, contact_name: str | None) -> FollowUpRead:
    return FollowUpRead.model_validate(
        {**record_fields(record, FollowUpRead), "contact_name": contact_name}
    )


async def _contact_name(
    session: AsyncSession, ctx: GroupContext, contact_id: uuid.UUID | None
) -> str | None:
    if contact_id is None:
        return None
    statement = scoped_select(ctx, Contact, Contact.full_name).where(col(Contact.id) == contact_id)
    name: str | None = (await session.execute(statement)).scalar_one_or_none()
    return name


async def read_follow_up(
    session: AsyncSession, ctx: GroupContext, record: FollowUp
) -> FollowUpRead:
    return present_follow_up(record, await _contact_name(session, ctx, record.contact_id))


def select_reads(ctx: GroupContext) -> Select[Any]:
    """The group's follow-ups as list items, with their contact's name."""
    return scoped_select(
        ctx,
        FollowUp,
        *columns_for(FollowUp, FollowUpRead),
        col(Contact.full_name).label("contact_name"),
    ).outerjoin(
        Contact,
        and_(col(Contact.id) == col(FollowUp.contact_id), in_group(ctx, Contact)),
    )


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, FollowUpRead]:
    """The current follow-ups with these ids, each as an item of the follow-up list."""
    statement = select_reads(ctx).where(any_of(session, col(FollowUp.id), ids))
    rows = (await session.execute(statement)).all()
    return {row.id: FollowUpRead.model_validate(dict(row._mapping)) for row in rows}


async def create_follow_up(
    session: AsyncSession, ctx: GroupContext, data: FollowUpCreate
) -> FollowUpRead:
    refuse_unconfirmed_day("due_on", data.due_on, allow=data.allow_past_due, past=True)
    assignee_id = data.assignee_id if "assignee_id" in data.model_fields_set else ctx.user_id
    if assignee_id is not None:
        await check_member(session, ctx, assignee_id, "assignee_id")
    if data.contact_id is not None:
        await check_record(session, ctx, Contact, data.contact_id, "contact_id", "a contact")
    record = await RecordWriter.for_context(session, ctx).create(
        FollowUp(
            title=data.title,
            notes=data.notes,
            assignee_id=assignee_id,
            due_on=data.due_on,
            contact_id=data.contact_id,
        )
    )
    return await read_follow_up(session, ctx, record)


async def get_follow_up(
    session: AsyncSession, ctx: GroupContext, follow_up_id: uuid.UUID
) -> FollowUp:
    return await get_scoped(session, ctx, FollowUp, follow_up_id, FollowUpNotFound)


@dataclass(frozen=True)
class FollowUpFilters:
    q: str | None = None
    assignee_id: uuid.UUID | None = None
    contact_id: uuid.UUID | None = None
    done: bool | None = None
    due_before: date | None = None
    due_after: date | None = None
    updated_since: datetime | None = None


async def list_follow_ups(
    session: AsyncSession,
    ctx: GroupContext,
    filters: FollowUpFilters,
    *,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[FollowUpRead], str | None]:
    keys = sort_keys(sort, FOLLOW_UP_SORTS, "due_on", SortKey(col(FollowUp.id), uuid.UUID))
    statement = select_reads(ctx)
    search = text_search(filters.q, searchable(col(FollowUp.title), col(FollowUp.notes)))
    if search is not None:
        statement = statement.where(search)
    if filters.assignee_id is not None:
        statement = statement.where(col(FollowUp.assignee_id) == filters.assignee_id)
    if filters.contact_id is not None:
        statement = statement.where(col(FollowUp.contact_id) == filters.contact_id)
    if filters.done is not None:
        done_at = col(FollowUp.done_at)
        statement = statement.where(done_at.is_not(None) if filters.done else done_at.is_(None))
    if filters.due_before is not None:
        statement = statement.where(col(FollowUp.due_on) < filters.due_before)
    if filters.due_after is not None:
        statement = statement.where(col(FollowUp.due_on) > filters.due_after)
    statement = apply_updated_since(statement, col(FollowUp.updated_at), filters.updated_since)
    return await page_of(session, statement, keys, FollowUpRead, limit=limit, cursor=cursor)


async def my_follow_ups(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    updated_since: datetime | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[FollowUpRead], str | None]:
    """The caller's open follow-ups: overdue first, then by due date, undated last."""
    keys = [SortKey(_due_key(), date), SortKey(col(FollowUp.id), uuid.UUID)]
    statement = select_reads(ctx).where(
        col(FollowUp.assignee_id) == ctx.user_id, col(FollowUp.done_at).is_(None)
    )
    statement = apply_updated_since(statement, col(FollowUp.updated_at), updated_since)
    return await page_of(session, statement, keys, FollowUpRead, limit=limit, cursor=cursor)


async def update_follow_up(
    session: AsyncSession,
    ctx: GroupContext,
    follow_up_id: uuid.UUID,
    data: FollowUpUpdate,
    if_match: str | None,
) -> FollowUpRead:
    record = await get_follow_up(session, ctx, follow_up_id)
    expected = expected_version(data.version, if_match)
    changes = data.model_dump(exclude_unset=True, exclude={"version", "done", "allow_past_due"})
    if changes.get("due_on") != record.due_on:
        refuse_unconfirmed_day(
            "due_on", changes.get("due_on"), allow=data.allow_past_due, past=True
        )
    if changes.get("assignee_id") is not None:
        await check_member(session, ctx, changes["assignee_id"], "assignee_id")
    if changes.get("contact_id") is not None:
        await check_record(session, ctx, Contact, changes["contact_id"], "contact_id", "a contact")
    if data.done is True and record.done_at is None:
        changes |= {"done_at": utcnow(), "done_by": ctx.user_id}
    elif data.done is False and record.done_at is not None:
        changes |= {"done_at": None, "done_by": None}
    name = await _contact_name(session, ctx, record.contact_id)
    writer = RecordWriter.for_context(session, ctx)
    record = await update_checked(
        writer, record, changes, expected, lambda current: present_follow_up(current, name)
    )
    return await read_follow_up(session, ctx, record)


async def delete_follow_up(
    session: AsyncSession,
    ctx: GroupContext,
    follow_up_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    record = await get_follow_up(session, ctx, follow_up_id)
    name = await _contact_name(session, ctx, record.contact_id)
    await delete_with_dependents(
        session, ctx, record, expected, lambda current: present_follow_up(current, name)
    )
