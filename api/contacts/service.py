"""Contacts, duplicate warnings, bulk changes, assessments and a contact's history."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, and_, case, func, literal, literal_column, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select
from sqlmodel import col

from api.auth.models import User
from api.contacts.models import Assessment, AssessmentScale, Contact, Conversation
from api.contacts.schemas import (
    AddTag,
    AssessmentCreate,
    AssessmentRead,
    AssessmentScaleRead,
    AssessmentScaleUpdate,
    AssessmentUpdate,
    BulkChange,
    ContactBulkResult,
    ContactBulkUpdate,
    ContactCreate,
    ContactCreated,
    ContactRead,
    ContactUpdate,
    DuplicateMatch,
    DuplicateReason,
    HistoryAssessment,
    HistoryConversation,
    HistoryEdit,
    HistoryEntry,
    HistoryKind,
    RemoveTag,
    SetMembershipStatus,
    SetOrganiser,
)
from api.core.changelog import Change
from api.core.context import GroupContext
from api.core.db import UTCDateTime, utcnow
from api.core.deletion import delete_with_dependents
from api.core.errors import NotFound, PreconditionFailed
from api.core.listing import apply_updated_since, sort_keys, text_search
from api.core.pagination import SortKey, encode_cursor, keyset_page
from api.core.queries import (
    columns_for,
    json_array_contains,
    page_of,
    phone_digits,
    phone_digits_sql,
    searchable,
)
from api.core.records import RecordWriter, VersionConflict
from api.core.references import check_member, check_record, invalid
from api.core.tenancy import get_scoped, in_group, scoped_select
from api.core.tenants import Group
from api.core.versioning import ExpectedVersion, expected_version, update_checked
from api.workplaces.models import Department, Shift, Workplace

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
UNASSESSED_SORTS_AFTER = 6
DUPLICATE_LIMIT = 20
# Copied onto the contact when an assessment or conversation is logged; those entries show
# in the history themselves, so edits touching only these are not listed again.
DERIVED_FIELDS = frozenset({"assessment_level", "assessed_at", "last_conversation_at"})
LABEL_FIELDS = ("label_1", "label_2", "label_3", "label_4", "label_5", "label_unassessed")


class ContactNotFound(NotFound):
    code = "contact_not_found"
    detail = "Contact not found"


class AssessmentNotFound(NotFound):
    code = "assessment_not_found"
    detail = "Assessment not found"


def present_contact(record: Contact) -> ContactRead:
    return ContactRead.model_validate(record, from_attributes=True)


def present_assessment(record: Assessment) -> AssessmentRead:
    return AssessmentRead.model_validate(record, from_attributes=True)


async def get_contact(
    session: AsyncSession, ctx: GroupContext, contact_id: uuid.UUID, *, for_update: bool = False
) -> Contact:
    return await get_scoped(
        session, ctx, Contact, contact_id, ContactNotFound, for_update=for_update
    )


# --- placement and references --------------------------------------------------------------


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


# --- contacts ------------------------------------------------------------------------------


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


async def find_duplicates(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    email: str | None,
    phone: str | None,
    full_name: str | None,
    workplace_id: uuid.UUID | None,
    exclude_id: uuid.UUID | None = None,
) -> list[DuplicateMatch]:
    """Contacts with the same email, the same phone once spaces and punctuation are dropped,
    or the same name at the same workplace. The first matching reason is reported."""
    rules: list[tuple[Any, DuplicateReason]] = []
    if email and email.strip():
        rules.append(
            (func.lower(col(Contact.email)) == email.strip().lower(), DuplicateReason.email)
        )
    digits = phone_digits(phone or "")
    if sum(character.isdigit() for character in digits) >= 5:
        rules.append((phone_digits_sql(col(Contact.phone)) == digits, DuplicateReason.phone))
    name = " ".join((full_name or "").split())
    if name and workplace_id is not None:
        rules.append(
            (
                and_(
                    func.lower(col(Contact.full_name)) == func.lower(literal(name)),
                    col(Contact.workplace_id) == workplace_id,
                ),
                DuplicateReason.name_at_workplace,
            )
        )
    if not rules:
        return []
    reason = case(*((condition, literal(r.value)) for condition, r in rules))
    statement = (
        scoped_select(ctx, Contact, Contact.id, Contact.full_name, reason.label("reason"))
        .where(or_(*(condition for condition, _ in rules)))
        .order_by(func.lower(col(Contact.full_name)), col(Contact.id))
        .limit(DUPLICATE_LIMIT)
    )
    if exclude_id is not None:
        statement = statement.where(col(Contact.id) != exclude_id)
    rows = (await session.execute(statement)).all()
    return [DuplicateMatch(id=row[0], full_name=row[1], reason=row[2]) for row in rows]


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


CONTACT_SORTS: dict[str, tuple[Any, type]] = {
    "full_name": (func.lower(col(Contact.full_name)), str),
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


def contacts_matching(
    session: AsyncSession, ctx: GroupContext, filters: ContactFilters, *columns: Any
) -> Select[Any]:
    """`SELECT columns` of the group's contacts matching the list filters (shared by the
    list and by exports, so both always agree on what a filter means)."""
    statement = scoped_select(ctx, Contact, *columns)
    conditions: list[Any] = []
    search = text_search(
        filters.q,
        searchable(
            col(Contact.full_name), col(Contact.email), col(Contact.phone), col(Contact.notes)
        ),
    )
    if search is not None:
        digits = phone_digits(filters.q or "")
        if len(digits) >= 4 and digits.lstrip("+").isdigit():
            search = or_(search, phone_digits_sql(col(Contact.phone)).contains(digits))
        conditions.append(search)
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
    if filters.not_contacted_since is not None:
        if filters.not_contacted_since.tzinfo is None:
            raise invalid(
                "not_contacted_since", "Give a time zone, e.g. 2026-11-24T10:00:00Z", where="query"
            )
        last = col(Contact.last_conversation_at)
        conditions.append(or_(last.is_(None), last < filters.not_contacted_since))
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
) -> tuple[list[ContactRead], str | None]:
    keys = sort_keys(sort, CONTACT_SORTS, "full_name", SortKey(col(Contact.id), uuid.UUID))
    statement = contacts_matching(session, ctx, filters, *columns_for(Contact, ContactRead))
    return await page_of(session, statement, keys, ContactRead, limit=limit, cursor=cursor)


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


def _bulk_changes(record: Contact, change: BulkChange) -> dict[str, Any]:
    if isinstance(change, RemoveTag):
        return {"tags": [tag for tag in record.tags if tag != change.tag]}
    if isinstance(change, AddTag):
        return {"tags": record.tags if change.tag in record.tags else [*record.tags, change.tag]}
    if isinstance(change, SetOrganiser):
        return {"organiser_id": change.organiser_id}
    if isinstance(change, SetMembershipStatus):
        return {"membership_status": change.membership_status.value}
    raise TypeError(f"unknown bulk change {change!r}")


async def bulk_update(
    session: AsyncSession, ctx: GroupContext, data: ContactBulkUpdate
) -> ContactBulkResult:
    """All or nothing: one change to every listed contact, in this one transaction."""
    ids = list(dict.fromkeys(data.contact_ids))
    found = set(
        (
            await session.execute(
                scoped_select(ctx, Contact, col(Contact.id)).where(col(Contact.id).in_(ids))
            )
        )
        .scalars()
        .all()
    )
    missing = [contact_id for contact_id in ids if contact_id not in found]
    if missing:
        shown = ", ".join(str(contact_id) for contact_id in missing[:20])
        error = invalid(
            "contact_ids",
            f"contact_ids includes {len(missing)} id(s) that are not contacts of this group: "
            f"{shown}; nothing was changed",
        )
        error.extra = {"invalid_ids": [str(contact_id) for contact_id in missing]}
        raise error
    if isinstance(data.change, SetOrganiser) and data.change.organiser_id is not None:
        await check_member(session, ctx, data.change.organiser_id, "change.organiser_id")
    records = (
        (
            await session.execute(
                scoped_select(ctx, Contact)
                .where(col(Contact.id).in_(ids))
                .order_by(col(Contact.id))
                .with_for_update()
            )
        )
        .scalars()
        .all()
    )
    writer = RecordWriter.for_context(session, ctx)
    changed = 0
    for record in records:
        before = record.version
        await writer.update(record, _bulk_changes(record, data.change))
        changed += record.version != before
    return ContactBulkResult(matched=len(ids), changed=changed)


# --- the latest assessment and conversation, copied onto the contact -----------------------


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


# --- assessments ---------------------------------------------------------------------------


async def create_assessment(
    session: AsyncSession, ctx: GroupContext, contact_id: uuid.UUID, data: AssessmentCreate
) -> AssessmentRead:
    contact = await get_contact(session, ctx, contact_id, for_update=True)
    assessed_by = data.assessed_by or ctx.user_id
    await check_member(session, ctx, assessed_by, "assessed_by")
    record = await RecordWriter.for_context(session, ctx).create(
        Assessment(
            contact_id=contact.id,
            level=data.level,
            reason=data.reason,
            assessed_at=data.assessed_at or utcnow(),
            assessed_by=assessed_by,
        )
    )
    await refresh_contact_summary(session, ctx, contact, assessment=True)
    return present_assessment(record)


ASSESSMENT_SORTS: dict[str, tuple[Any, type]] = {
    "assessed_at": (col(Assessment.assessed_at), datetime),
    "created_at": (col(Assessment.created_at), datetime),
    "updated_at": (col(Assessment.updated_at), datetime),
}


async def list_assessments(
    session: AsyncSession,
    ctx: GroupContext,
    contact_id: uuid.UUID,
    *,
    updated_since: datetime | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[AssessmentRead], str | None]:
    await get_contact(session, ctx, contact_id)
    keys = sort_keys(sort, ASSESSMENT_SORTS, "-assessed_at", SortKey(col(Assessment.id), uuid.UUID))
    statement = scoped_select(ctx, Assessment, *columns_for(Assessment, AssessmentRead)).where(
        col(Assessment.contact_id) == contact_id
    )
    statement = apply_updated_since(statement, col(Assessment.updated_at), updated_since)
    return await page_of(session, statement, keys, AssessmentRead, limit=limit, cursor=cursor)


async def get_assessment(
    session: AsyncSession, ctx: GroupContext, assessment_id: uuid.UUID
) -> Assessment:
    return await get_scoped(session, ctx, Assessment, assessment_id, AssessmentNotFound)


async def update_assessment(
    session: AsyncSession,
    ctx: GroupContext,
    assessment_id: uuid.UUID,
    data: AssessmentUpdate,
    if_match: str | None,
) -> AssessmentRead:
    record = await get_assessment(session, ctx, assessment_id)
    expected = expected_version(data.version, if_match)
    contact = await get_contact(session, ctx, record.contact_id, for_update=True)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    if "assessed_by" in changes:
        await check_member(session, ctx, changes["assessed_by"], "assessed_by")
    writer = RecordWriter.for_context(session, ctx)
    record = await update_checked(writer, record, changes, expected, present_assessment)
    await refresh_contact_summary(session, ctx, contact, assessment=True)
    return present_assessment(record)


async def delete_assessment(
    session: AsyncSession,
    ctx: GroupContext,
    assessment_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    record = await get_assessment(session, ctx, assessment_id)
    contact = await get_contact(session, ctx, record.contact_id, for_update=True)
    await delete_with_dependents(session, ctx, record, expected, present_assessment)
    await refresh_contact_summary(session, ctx, contact, assessment=True)


# --- the assessment scale ------------------------------------------------------------------


def _default_labels() -> dict[str, str]:
    return {name: str(AssessmentScale.model_fields[name].default) for name in LABEL_FIELDS}


def present_scale(record: AssessmentScale | None) -> AssessmentScaleRead:
    if record is None:
        return AssessmentScaleRead(**_default_labels(), version=0, updated_at=None)
    return AssessmentScaleRead.model_validate(record, from_attributes=True)


async def _scale_row(session: AsyncSession, ctx: GroupContext) -> AssessmentScale | None:
    return (await session.execute(scoped_select(ctx, AssessmentScale))).scalars().first()  # type: ignore[no-any-return]


async def read_scale(session: AsyncSession, ctx: GroupContext) -> AssessmentScaleRead:
    return present_scale(await _scale_row(session, ctx))


async def update_scale(
    session: AsyncSession,
    ctx: GroupContext,
    data: AssessmentScaleUpdate,
    if_match: str | None,
) -> AssessmentScaleRead:
    """Labels are per group; the levels' meanings (1 leader ... 5 hostile) are fixed."""
    # Serialises first saves, so two organisers cannot both create the group's scale.
    await session.execute(
        select(col(Group.id)).where(col(Group.id) == ctx.group_id).with_for_update()
    )
    record = await _scale_row(session, ctx)
    expected = expected_version(data.version, if_match)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    writer = RecordWriter.for_context(session, ctx)
    if record is None:
        if expected.number != 0:
            current = present_scale(None).model_dump(mode="json")
            if expected.from_header:
                raise PreconditionFailed(
                    VersionConflict.detail, code="version_conflict", extra={"current": current}
                )
            raise VersionConflict().with_current(current)
        record = await writer.create(AssessmentScale(**(_default_labels() | changes)))
        return present_scale(record)
    record = await update_checked(writer, record, changes, expected, present_scale)
    return present_scale(record)


# --- history -------------------------------------------------------------------------------


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


async def _history_details(
    session: AsyncSession, ctx: GroupContext, rows: Sequence[Any]
) -> dict[uuid.UUID, HistoryEntry | None]:
    by_kind: dict[str, list[uuid.UUID]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row.id)
    at = {row.id: row.at for row in rows}
    entries: dict[uuid.UUID, HistoryEntry | None] = {}
    actors: dict[uuid.UUID, uuid.UUID | None] = {}
    if by_kind.get(HistoryKind.assessment.value):
        for a in (
            await session.execute(
                scoped_select(
                    ctx,
                    Assessment,
                    Assessment.id,
                    Assessment.assessed_by,
                    Assessment.level,
                    Assessment.reason,
                    Assessment.conversation_id,
                ).where(col(Assessment.id).in_(by_kind[HistoryKind.assessment.value]))
            )
        ).all():
            actors[a.id] = a.assessed_by
            entries[a.id] = HistoryEntry(
                kind=HistoryKind.assessment,
                id=a.id,
                at=at[a.id],
                by=a.assessed_by,
                by_name=None,
                assessment=HistoryAssessment(
                    level=a.level, reason=a.reason, conversation_id=a.conversation_id
                ),
            )
    if by_kind.get(HistoryKind.conversation.value):
        for c in (
            await session.execute(
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
                ).where(col(Conversation.id).in_(by_kind[HistoryKind.conversation.value]))
            )
        ).all():
            actors[c.id] = c.spoken_by
            entries[c.id] = HistoryEntry(
                kind=HistoryKind.conversation,
                id=c.id,
                at=at[c.id],
                by=c.spoken_by,
                by_name=None,
                conversation=HistoryConversation(
                    channel=c.channel,
                    issues=c.issues,
                    notes=c.notes,
                    outcome=c.outcome,
                    next_step=c.next_step,
                ),
            )
    if by_kind.get(HistoryKind.edit.value):
        for e in (
            await session.execute(
                select(
                    col(Change.id),
                    col(Change.actor_user_id),
                    col(Change.operation),
                    col(Change.changed_fields),
                ).where(
                    in_group(ctx, Change),
                    col(Change.id).in_(by_kind[HistoryKind.edit.value]),
                )
            )
        ).all():
            fields = list(e.changed_fields)
            if e.operation == "update" and set(fields) <= DERIVED_FIELDS:
                entries[e.id] = None
                continue
            actors[e.id] = e.actor_user_id
            entries[e.id] = HistoryEntry(
                kind=HistoryKind.edit,
                id=e.id,
                at=at[e.id],
                by=e.actor_user_id,
                by_name=None,
                edit=HistoryEdit(operation=e.operation, fields=fields),
            )
    user_ids = {user_id for user_id in actors.values() if user_id is not None}
    names: dict[uuid.UUID, str] = {}
    if user_ids:
        names = {
            row[0]: row[1]
            for row in (
                await session.execute(
                    select(col(User.id), col(User.display_name)).where(col(User.id).in_(user_ids))
                )
            ).all()
        }
    for entry in entries.values():
        if entry is not None and entry.by is not None:
            entry.by_name = names.get(entry.by)
    return entries


async def contact_history(
    session: AsyncSession,
    ctx: GroupContext,
    contact_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
) -> tuple[list[HistoryEntry], str | None]:
    """Assessments, conversations and edits, newest first. Pages are filled after edits
    that only copied a new assessment or conversation onto the contact are left out."""
    await get_contact(session, ctx, contact_id)
    timeline = _timeline(ctx, contact_id)
    keys = [SortKey(timeline.c.at, datetime, True), SortKey(timeline.c.id, uuid.UUID, True)]
    statement = select(timeline.c.kind)
    items: list[HistoryEntry] = []
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
