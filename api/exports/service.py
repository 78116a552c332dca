"""Exports of contacts, conversations, disputes, solidarity actions and the bulletins'
distribution log to CSV or XLSX.

Each export uses the same filter as its list view (the domain's `*_matching` statement), is
written to the group's audit trail in the request's transaction, and is read in slices of
rows ordered by id, so a large CSV streams without holding the whole file in memory.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any

from sqlalchemy import and_, func
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Select
from sqlmodel import col, select

from api.auth.models import User
from api.bulletins.editions.models import Bulletin, Edition, Handout
from api.bulletins.editions.services.distribution import HandoutFilters, handouts_matching
from api.contacts.models import Contact
from api.contacts.services.contacts import ContactFilters, contacts_matching
from api.conversations.models import Conversation
from api.conversations.service import ConversationFilters, conversations_matching
from api.core.context import GroupContext
from api.core.db import utcnow, write_from_here
from api.core.fields import money
from api.core.pagination import SortKey, keyset_page
from api.core.spreadsheets import safe_cell
from api.core.tenancy import in_group, scoped_select
from api.disputes.models import Dispute, DisputeWorkplace
from api.disputes.services.disputes import DisputeFilters, disputes_matching
from api.exports.models import AuditEvent
from api.exports.schemas import AuditEventRead
from api.solidarity.models import SolidarityAction, SolidarityParticipant
from api.solidarity.service import ActionFilters, actions_matching
from api.workplaces.models import Department, Shift, Workplace

SLICE = 1000
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportKind(StrEnum):
    contacts = "contacts"
    conversations = "conversations"
    disputes = "disputes"
    actions = "actions"
    handouts = "handouts"


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


Filters = ContactFilters | ConversationFilters | DisputeFilters | ActionFilters | HandoutFilters
Converter = Callable[[AsyncSession, Sequence[Any]], Awaitable[list[list[Any]]]]


@dataclass(frozen=True)
class Export:
    kind: ExportKind
    ctx: GroupContext
    headers: list[str]
    statement: Select[Any]  # must select the record's id labelled `id`
    id_column: Any
    convert: Converter
    # The contacts whose records the file holds (their ids labelled `contact_id`), for the
    # read audit; None when its rows name no one.
    people: Select[Any] | None


def _utc(value: datetime) -> datetime:
    """UTC without a zone: spreadsheets cannot hold one (the column headers say UTC)."""
    return value.astimezone(UTC).replace(tzinfo=None)


def _joined(values: Sequence[Any] | None) -> str:
    return ", ".join(str(value) for value in values or [])


def _value(value: Any) -> Any:
    if isinstance(value, list):
        return _joined(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return _utc(value)
    return value


# --- contacts --------------------------------------------------------------------------------

CONTACT_HEADERS = [
    "Shopfloor id",
    "Full name",
    "Email",
    "Phone",
    "Workplace",
    "Department",
    "Shift",
    "Job title",
    "Union",
    "Membership status",
    "Assessment level",
    "Assessed at (UTC)",
    "Last conversation at (UTC)",
    "Organiser",
    "Tags",
    "Notes",
    "Preferred language",
    "Other languages",
    "Source",
    "Lawful basis",
    "Consent note",
    "External id",
    "Created at (UTC)",
    "Updated at (UTC)",
]


def contacts_export(session: AsyncSession, ctx: GroupContext, filters: ContactFilters) -> Export:
    organiser = aliased(User)
    statement = (
        contacts_matching(
            session,
            ctx,
            filters,
            col(Contact.id).label("id"),
            Contact.full_name,
            Contact.email,
            Contact.phone,
            col(Workplace.name).label("workplace"),
            col(Department.name).label("department"),
            col(Shift.name).label("shift"),
            Contact.job_title,
            Contact.union,
            Contact.membership_status,
            Contact.assessment_level,
            Contact.assessed_at,
            Contact.last_conversation_at,
            col(organiser.display_name).label("organiser"),
            Contact.tags,
            Contact.notes,
            Contact.preferred_language,
            Contact.other_languages,
            Contact.source,
            Contact.lawful_basis,
            Contact.consent_note,
            Contact.external_id,
            Contact.created_at,
            Contact.updated_at,
        )
        .outerjoin(
            Workplace,
            and_(
                col(Workplace.id) == col(Contact.workplace_id),
                in_group(ctx, Workplace),
            ),
        )
        .outerjoin(
            Department,
            and_(
                col(Department.id) == col(Contact.department_id),
                in_group(ctx, Department),
            ),
        )
        .outerjoin(
            Shift,
            and_(col(Shift.id) == col(Contact.shift_id), in_group(ctx, Shift)),
        )
        .outerjoin(organiser, col(organiser.id) == col(Contact.organiser_id))
    )

    async def convert(_: AsyncSession, rows: Sequence[Any]) -> list[list[Any]]:
        return [[_value(value) for value in row] for row in rows]

    people = contacts_matching(session, ctx, filters, col(Contact.id).label("contact_id"))
    return Export(
        ExportKind.contacts, ctx, CONTACT_HEADERS, statement, col(Contact.id), convert, people
    )


# --- conversations ---------------------------------------------------------------------------

CONVERSATION_HEADERS = [
    "Shopfloor id",
    "Occurred at (UTC)",
    "Contact",
    "Contact id",
    "Spoken by",
    "Channel",
    "Issues",
    "Notes",
    "Outcome",
    "Next step",
    "Created at (UTC)",
    "Updated at (UTC)",
]


def conversations_export(
    session: AsyncSession, ctx: GroupContext, filters: ConversationFilters
) -> Export:
    speaker = aliased(User)
    statement = conversations_matching(
        session,
        ctx,
        filters,
        col(Conversation.id).label("id"),
        Conversation.occurred_at,
        col(Contact.full_name).label("contact"),
        Conversation.contact_id,
        col(speaker.display_name).label("spoken_by"),
        Conversation.channel,
        Conversation.issues,
        Conversation.notes,
        Conversation.outcome,
        Conversation.next_step,
        Conversation.created_at,
        Conversation.updated_at,
    ).outerjoin(speaker, col(speaker.id) == col(Conversation.spoken_by))

    async def convert(_: AsyncSession, rows: Sequence[Any]) -> list[list[Any]]:
        return [[_value(value) for value in row] for row in rows]

    people = conversations_matching(
        session, ctx, filters, col(Conversation.contact_id).label("contact_id")
    )
    return Export(
        ExportKind.conversations,
        ctx,
        CONVERSATION_HEADERS,
        statement,
        col(Conversation.id),
        convert,
        people,
    )


# --- disputes --------------------------------------------------------------------------------

DISPUTE_HEADERS = [
    "Shopfloor id",
    "Title",
    "Status",
    "Summary",
    "Unions",
    "Workplaces",
    "Started on",
    "Strike fund target",
    "Strike fund raised",
    "Created at (UTC)",
    "Updated at (UTC)",
]


def disputes_export(session: AsyncSession, ctx: GroupContext, filters: DisputeFilters) -> Export:
    statement = disputes_matching(
        session,
        ctx,
        filters,
        col(Dispute.id).label("id"),
        Dispute.title,
        Dispute.status,
        Dispute.summary,
        Dispute.unions,
        Dispute.started_on,
        Dispute.strike_fund_target,
        Dispute.strike_fund_raised,
        Dispute.created_at,
        Dispute.updated_at,
    )

    async def convert(session: AsyncSession, rows: Sequence[Any]) -> list[list[Any]]:
        places: dict[uuid.UUID, list[str]] = {row.id: [] for row in rows}
        linked = (
            scoped_select(ctx, DisputeWorkplace, DisputeWorkplace.dispute_id, Workplace.name)
            .join(
                Workplace,
                and_(
                    col(Workplace.id) == col(DisputeWorkplace.workplace_id),
                    in_group(ctx, Workplace),
                ),
            )
            .where(col(DisputeWorkplace.dispute_id).in_(list(places)))
            .order_by(func.lower(col(Workplace.name)))
        )
        for dispute_id, name in (await session.execute(linked)).all():
            places[dispute_id].append(name)
        return [
            [
                str(row.id),
                row.title,
                _value(row.status),
                row.summary,
                _joined(row.unions),
                _joined(places[row.id]),
                row.started_on,
                money(row.strike_fund_target),
                money(row.strike_fund_raised),
                _utc(row.created_at),
                _utc(row.updated_at),
            ]
            for row in rows
        ]

    # The file names workplaces and unions, never the people linked to a dispute.
    return Export(
        ExportKind.disputes, ctx, DISPUTE_HEADERS, statement, col(Dispute.id), convert, None
    )


# --- solidarity actions ---------------------------------------------------------------------

ACTION_HEADERS = [
    "Shopfloor id",
    "Kind",
    "Title",
    "Occurs at (UTC)",
    "Place",
    "Dispute",
    "Outside dispute",
    "Head count",
    "Participants",
    "Money raised",
    "Outcome",
    "Notes",
    "Created at (UTC)",
    "Updated at (UTC)",
]


def actions_export(ctx: GroupContext, filters: ActionFilters) -> Export:
    statement = actions_matching(
        ctx,
        filters,
        col(SolidarityAction.id).label("id"),
        SolidarityAction.kind,
        SolidarityAction.title,
        SolidarityAction.occurs_at,
        SolidarityAction.place,
        col(Dispute.title).label("dispute"),
        SolidarityAction.outside_dispute,
        SolidarityAction.head_count,
        SolidarityAction.money_raised,
        SolidarityAction.outcome,
        SolidarityAction.notes,
        SolidarityAction.created_at,
        SolidarityAction.updated_at,
    ).outerjoin(
        Dispute,
        and_(
            col(Dispute.id) == col(SolidarityAction.dispute_id),
            in_group(ctx, Dispute),
        ),
    )

    async def convert(session: AsyncSession, rows: Sequence[Any]) -> list[list[Any]]:
        people: dict[uuid.UUID, list[str]] = {row.id: [] for row in rows}
        taking_part = (
            scoped_select(
                ctx, SolidarityParticipant, SolidarityParticipant.action_id, Contact.full_name
            )
            .join(
                Contact,
                and_(
                    col(Contact.id) == col(SolidarityParticipant.contact_id),
                    in_group(ctx, Contact),
                ),
            )
            .where(col(SolidarityParticipant.action_id).in_(list(people)))
            .order_by(col(Contact.full_name))
        )
        for action_id, name in (await session.execute(taking_part)).all():
            people[action_id].append(name)
        return [
            [
                str(row.id),
                _value(row.kind),
                row.title,
                _utc(row.occurs_at),
                row.place,
                row.dispute,
                row.outside_dispute,
                row.head_count,
                _joined(people[row.id]),
                money(row.money_raised),
                row.outcome,
                row.notes,
                _utc(row.created_at),
                _utc(row.updated_at),
            ]
            for row in rows
        ]

    people = scoped_select(
        ctx, SolidarityParticipant, col(SolidarityParticipant.contact_id).label("contact_id")
    ).where(
        col(SolidarityParticipant.action_id).in_(
            actions_matching(ctx, filters, col(SolidarityAction.id))
        )
    )
    return Export(
        ExportKind.actions,
        ctx,
        ACTION_HEADERS,
        statement,
        col(SolidarityAction.id),
        convert,
        people,
    )


# --- the bulletins' distribution log ----------------------------------------------------------

HANDOUT_HEADERS = [
    "Shopfloor id",
    "Bulletin",
    "Edition",
    "Edition date",
    "Workplace",
    "Shift",
    "Gate or place",
    "Handed out at (UTC)",
    "Copies given",
    "Copies left",
    "Handed out by",
    "Created at (UTC)",
    "Updated at (UTC)",
]


def handouts_export(ctx: GroupContext, filters: HandoutFilters) -> Export:
    statement = (
        handouts_matching(
            ctx,
            filters,
            col(Handout.id).label("id"),
            col(Bulletin.title).label("bulletin"),
            col(Edition.number).label("edition"),
            Edition.edition_date,
            col(Workplace.name).label("workplace"),
            col(Shift.name).label("shift"),
            Handout.place,
            Handout.handed_out_at,
            Handout.copies_given,
            Handout.copies_left,
            Handout.distributor,
            Handout.created_at,
            Handout.updated_at,
        )
        .join(Edition, and_(col(Edition.id) == col(Handout.edition_id), in_group(ctx, Edition)))
        .join(Bulletin, and_(col(Bulletin.id) == col(Edition.bulletin_id), in_group(ctx, Bulletin)))
        .join(
            Workplace,
            and_(col(Workplace.id) == col(Handout.workplace_id), in_group(ctx, Workplace)),
        )
        .outerjoin(Shift, and_(col(Shift.id) == col(Handout.shift_id), in_group(ctx, Shift)))
    )

    async def convert(_: AsyncSession, rows: Sequence[Any]) -> list[list[Any]]:
        return [[_value(value) for value in row] for row in rows]

    # The log names workplaces and the distributor as they typed it, never a contact.
    return Export(
        ExportKind.handouts, ctx, HANDOUT_HEADERS, statement, col(Handout.id), convert, None
    )


# --- running an export -----------------------------------------------------------------------


async def count_rows(session: AsyncSession, export: Export) -> int:
    counted = select(func.count()).select_from(export.statement.subquery())
    return int((await session.execute(counted)).scalar_one())


async def slices(session: AsyncSession, export: Export) -> AsyncIterator[list[list[Any]]]:
    """The export's rows, converted, a slice at a time in id order."""
    last: uuid.UUID | None = None
    while True:
        statement = export.statement
        if last is not None:
            statement = statement.where(export.id_column > last)
        rows = (await session.execute(statement.order_by(export.id_column).limit(SLICE))).all()
        if not rows:
            return
        yield await export.convert(session, rows)
        if len(rows) < SLICE:
            return
        last = rows[-1].id


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date | Decimal):
        return str(value)
    return str(safe_cell(value))


def csv_lines(rows: Sequence[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([_text(value) for value in row] for row in rows)
    return out.getvalue()


async def stream_csv(
    sessionmaker: async_sessionmaker[AsyncSession], export: Export
) -> AsyncIterator[bytes]:
    """The CSV, UTF-8 with a byte order mark (so spreadsheets read accents right), read in its
    own session: the request's has committed (with the audit record) by the time it streams."""
    yield ("\ufeff" + csv_lines([export.headers])).encode("utf-8")
    async with sessionmaker() as session:
        async for rows in slices(session, export):
            yield csv_lines(rows).encode("utf-8")


async def build_xlsx(session: AsyncSession, export: Export) -> tuple[bytes, int]:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(export.kind.value.capitalize())
    sheet.append(export.headers)
    count = 0
    async for rows in slices(session, export):
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
        count += len(rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), count


# Free text searched for is often a person's name, phone or email: the audit keeps that a
# search was made, never what it was, so the trail holds no copy of anyone's personal data.
FREE_TEXT_FILTERS = frozenset({"q"})
WITHHELD = "(text search)"


def filters_for_audit(filters: Filters) -> dict[str, Any]:
    """The filters given (empty ones left out), as JSON, with searched text withheld."""
    given: dict[str, Any] = {}
    for name, value in dataclasses.asdict(filters).items():
        if value is None or value == [] or name == "saved":
            continue  # a saved filter is audited by its id (`saved_filter_id`)
        if name in FREE_TEXT_FILTERS:
            given[name] = WITHHELD
        elif isinstance(value, list):
            given[name] = [str(_value(v)) for v in value]
        elif isinstance(value, datetime):
            given[name] = value.isoformat()
        else:
            given[name] = str(_value(value))
    return given


async def record_event(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    action: str,
    record_type: str,
    filters: dict[str, Any],
    row_count: int,
    file_format: str | None = None,
) -> None:
    """One entry in the group's audit trail, in the request's transaction. `filters` must
    hold no personal values (ids, field names and counts only)."""
    await write_from_here(session)
    session.add(
        AuditEvent(
            group_id=ctx.group_id,
            actor_user_id=ctx.user_id,
            actor_token_id=ctx.token_id,
            action=action,
            record_type=record_type,
            file_format=file_format,
            filters=filters,
            row_count=row_count,
            created_at=utcnow(),
        )
    )
    await session.flush()


async def record_export(
    session: AsyncSession,
    ctx: GroupContext,
    export: Export,
    file_format: ExportFormat,
    filters: Filters,
    row_count: int,
) -> None:
    await record_event(
        session,
        ctx,
        action="export",
        record_type=export.kind.value,
        file_format=file_format.value,
        filters=filters_for_audit(filters),
        row_count=row_count,
    )


def filename(kind: ExportKind, file_format: ExportFormat) -> str:
    return f"shopfloor-{kind.value}-{utcnow():%Y-%m-%d}.{file_format.value}"


# --- the audit trail -------------------------------------------------------------------------


async def list_audit_events(
    session: AsyncSession, ctx: GroupContext, *, limit: int, cursor: str | None
) -> tuple[list[AuditEventRead], str | None]:
    keys = [
        SortKey(col(AuditEvent.created_at), datetime, True),
        SortKey(col(AuditEvent.id), uuid.UUID, True),
    ]
    statement = (
        select(AuditEvent, col(User.display_name))
        .outerjoin(User, col(User.id) == col(AuditEvent.actor_user_id))
        .where(in_group(ctx, AuditEvent))
    )
    rows, next_cursor = await keyset_page(session, statement, keys, limit=limit, cursor=cursor)
    return [present_audit_event(event, name) for event, name, *_ in rows], next_cursor


def present_audit_event(event: AuditEvent, actor_name: str | None) -> AuditEventRead:
    return AuditEventRead(
        id=event.id,
        at=event.created_at,
        actor_user_id=event.actor_user_id,
        actor_name=actor_name,
        actor_token_id=event.actor_token_id,
        action=event.action,
        record_type=event.record_type,
        file_format=event.file_format,
        filters=event.filters,
        row_count=event.row_count,
    )
