"""Contacts: adding, listing, reading, changing and deleting them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, false, func, literal, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement, Select
from sqlmodel import col

from api.contacts.models import Contact
from api.contacts.schemas.contacts import ContactCreate, ContactCreated, ContactRead, ContactUpdate
from api.contacts.services.duplicates import find_duplicates
from api.core.context import GroupContext
from api.core.db import UTCDateTime
from api.core.deletion import delete_with_dependents
from api.core.errors import NotFound
from api.core.listing import apply_updated_since, sort_keys
from api.core.pagination import SortKey
from api.core.queries import (
    json_array_contains,
    load_by_columns,
    rows_by_id,
    rows_page,
    schema_columns,
    scoped_row,
)
from api.core.records import RecordWriter
from api.core.references import check_member, check_record, invalid
from api.core.search_text import looks_like_phone, phone_key, search_words
from api.core.tenancy import get_scoped, scoped_select
from api.core.versioning import ExpectedVersion, expected_version, update_checked
from api.workplaces.models import Department, Shift, Workplace

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
UNASSESSED_SORTS_AFTER = 6


class ContactNotFound(NotFound):
    code = "contact_not_found"
    detail = "Contact not found"


def present_contact(record: Contact) -> ContactRead:
    return ContactRead.model_validate(record, from_attributes=True)


async def get_contact(
    session: AsyncSession, ctx: GroupContext, contact_id: uuid.UUID, *, for_update: bool = False
) -> Contact:
    return await get_scoped(
        session, ctx, Contact, contact_id, ContactNotFound, for_update=for_update
    )


async def read_contact(
    session: AsyncSession, ctx: GroupContext, contact_id: uuid.UUID
) -> dict[str, Any]:
    """The contact as `ContactRead`'s JSON, straight from its columns."""
    return await scoped_row(session, ctx, Contact, ContactRead, contact_id, ContactNotFound)


async def check_placement(
    session: AsyncSession,
    ctx: GroupContext,
    workplace_id: uuid.UUID | None,
    department_id: uuid.UUID | None,
    shift_id: uuid.UUID | None,
) -> None:
    """The workplace is the group's, and the department and shift are that workplace's."""
    if workplace_id is not None:
        await check_record(session, ctx, Workplace, workplace_id, "workplace_id", "a workplace")
    for field, model, noun, value in (
        ("department_id", Department, "a department", department_id),
        ("shift_id", Shift, "a shift", shift_id),
    ):
        if value is None:
            continue
        record: Any = await check_record(session, ctx, model, value, field, noun)
        if workplace_id is None:
            raise invalid(field, f"{field} needs workplace_id: choose the workplace too")
        if record.workplace_id != workplace_id:
            raise invalid(field, f"{field} belongs to a different workplace than workplace_id")


async def create_contact(
    session: AsyncSession, ctx: GroupContext, data: ContactCreate
) -> ContactCreated:
    await check_placement(session, ctx, data.workplace_id, data.department_id, data.shift_id)
    if data.organiser_id is not None:
        await check_member(session, ctx, data.organiser_id, "organiser_id")
    record = await RecordWriter.for_context(session, ctx).create(Contact(**data.model_dump()))
    duplicates = await find_duplicates(
        session,
        ctx,
        email=record.email,
        phone=record.phone,
        full_name=record.full_name,
        workplace_id=record.workplace_id,
        exclude_id=record.id,
    )
    return ContactCreated(**present_contact(record).model_dump(), possible_duplicates=duplicates)


@dataclass(frozen=True)
class ContactFilters:
    q: str | None = None
    workplace_id: uuid.UUID | None = None
    department_id: uuid.UUID | None = None
    shift_id: uuid.UUID | None = None
    assessment_level: str | None = None
    membership_status: str | None = None
    tag: str | None = None
    organiser_id: uuid.UUID | None = None
    updated_since: datetime | None = None
    not_contacted_since: datetime | None = None
    speaks: list[str] | None = None
    # A saved filter's id, and (once `api.contacts.services.saved_filters.resolve` has read
    # it) its conditions, which hold as well as those above.
    saved_filter_id: uuid.UUID | None = None
    saved: ContactFilters | None = None


CONTACT_SORTS: dict[str, tuple[Any, type]] = {
    # By the name as search compares it, so "Zoë" sorts beside "Zoe" on either database.
    "full_name": (col(Contact.search_name), str),
    "updated_at": (col(Contact.updated_at), datetime),
    "created_at": (col(Contact.created_at), datetime),
    "assessment_level": (
        func.coalesce(col(Contact.assessment_level), UNASSESSED_SORTS_AFTER),
        int,
    ),
    # Never talked to sorts as the longest ago.
    "last_conversation_at": (
        func.coalesce(col(Contact.last_conversation_at), literal(EPOCH, UTCDateTime)),
        datetime,
    ),
}


def _level_condition(level: str) -> Any:
    value = level.strip().lower()
    if value == "unassessed":
        return col(Contact.assessment_level).is_(None)
    if value in {"1", "2", "3", "4", "5"}:
        return col(Contact.assessment_level) == int(value)
    raise invalid("assessment_level", "assessment_level must be 1-5 or unassessed", where="query")


def search_condition(query: str) -> ColumnElement[bool]:
    """Every word of the query appears in the name (ignoring accents, case and order), the
    email, the notes or the phone; a query that is a phone number, however it is written,
    is looked for in the phone numbers. Words are compared as `search_key` makes them, so
    both databases compare the same ASCII text."""
    if looks_like_phone(query):
        return col(Contact.search_phone).contains(phone_key(query))
    words = search_words(query)
    if not words:
        return false()
    return and_(
        *(
            or_(
                col(Contact.search_name).contains(word),
                col(Contact.email).ilike(f"%{word}%"),
                col(Contact.notes).ilike(f"%{word}%"),
                *([col(Contact.search_phone).contains(word)] if word.isdigit() else []),
            )
            for word in words
        )
    )


def speaks_any(session: AsyncSession, languages: Sequence[str]) -> Any:
    """Contacts whose preferred or other languages include any of these codes."""
    return or_(
        col(Contact.preferred_language).in_(languages),
        *(json_array_contains(session, col(Contact.other_languages), code) for code in languages),
    )


def filter_conditions(session: AsyncSession, filters: ContactFilters) -> list[Any]:
    conditions: list[Any] = []
    if filters.q is not None and filters.q.strip():
        conditions.append(search_condition(filters.q))
    for column, value in (
        (Contact.workplace_id, filters.workplace_id),
        (Contact.department_id, filters.department_id),
        (Contact.shift_id, filters.shift_id),
        (Contact.organiser_id, filters.organiser_id),
        (Contact.membership_status, filters.membership_status),
    ):
        if value is not None:
            conditions.append(col(column) == value)
    if filters.assessment_level is not None:
        conditions.append(_level_condition(filters.assessment_level))
    if filters.tag is not None and filters.tag.strip():
        tag = " ".join(filters.tag.split()).lower()
        conditions.append(json_array_contains(session, col(Contact.tags), tag))
    if filters.speaks:
        conditions.append(speaks_any(session, filters.speaks))
    if filters.not_contacted_since is not None:
        if filters.not_contacted_since.tzinfo is None:
            raise invalid(
                "not_contacted_since", "Give a time zone, e.g. 2026-11-24T10:00:00Z", where="query"
            )
        last = col(Contact.last_conversation_at)
        conditions.append(or_(last.is_(None), last < filters.not_contacted_since))
    if filters.saved is not None:
        conditions.extend(filter_conditions(session, filters.saved))
    return conditions


def contacts_matching(
    session: AsyncSession, ctx: GroupContext, filters: ContactFilters, *columns: Any
) -> Select[Any]:
    """`SELECT columns` of the group's contacts matching the list filters (shared by the
    list, exports, saved filters and call lists, so all agree on what a filter means)."""
    if filters.saved_filter_id is not None and filters.saved is None:
        raise RuntimeError("resolve the saved filter first (saved_filters.resolve)")
    statement = scoped_select(ctx, Contact, *columns)
    conditions = filter_conditions(session, filters)
    if conditions:
        statement = statement.where(*conditions)
    return apply_updated_since(statement, col(Contact.updated_at), filters.updated_since)


async def list_contacts(
    session: AsyncSession,
    ctx: GroupContext,
    filters: ContactFilters,
    *,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[dict[str, Any]], str | None]:
    """A page of contacts, each as `ContactRead`'s JSON."""
    keys = sort_keys(sort, CONTACT_SORTS, "full_name", SortKey(col(Contact.id), uuid.UUID))
    statement = contacts_matching(session, ctx, filters, *schema_columns(Contact, ContactRead))
    return await rows_page(session, statement, keys, limit=limit, cursor=cursor)


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, ContactRead]:
    """The current contacts with these ids, each as an item of the contact list."""
    return await load_by_columns(session, ctx, Contact, ContactRead, ids)


async def load_rows(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The same contacts as `load_reads`, as their JSON's fields (for the change feed)."""
    return await rows_by_id(session, ctx, Contact, ContactRead, ids)


async def update_contact(
    session: AsyncSession,
    ctx: GroupContext,
    contact_id: uuid.UUID,
    data: ContactUpdate,
    if_match: str | None,
) -> ContactRead:
    record = await get_contact(session, ctx, contact_id)
    expected = expected_version(data.version, if_match)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    placement = ("workplace_id", "department_id", "shift_id")
    if any(field in changes for field in placement):
        await check_placement(
            session,
            ctx,
            *(
                changes[field] if field in changes else getattr(record, field)
                for field in placement
            ),
        )
    if changes.get("organiser_id") is not None:
        await check_member(session, ctx, changes["organiser_id"], "organiser_id")
    writer = RecordWriter.for_context(session, ctx)
    record = await update_checked(writer, record, changes, expected, present_contact)
    return present_contact(record)


async def delete_contact(
    session: AsyncSession,
    ctx: GroupContext,
    contact_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    """The contact's assessments, conversations and follow-ups are deleted with it."""
    record = await get_contact(session, ctx, contact_id, for_update=True)
    await delete_with_dependents(session, ctx, record, expected, present_contact)
