"""Call and visit lists: made from a saved filter, worked one person at a time.

Membership is a snapshot: when a list is made, everyone its saved filter matches then is put
on it in the filter's name order, so progress counts a fixed set of people and callers never
see the list move under them. "Take the next person" reserves one unfinished entry for the
caller for the group's reservation time; two callers never hold the same entry (see
`take_next`). Workers with a "do not contact" outcome on any list are not offered again until
an organiser clears it (`clear_do_not_contact`), and one with an outcome recorded on another
list within the group's cool-down is held back.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, exists, func, not_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.auth.models import User
from api.campaigns.call_lists.enums import FINISHING, Outcome
from api.campaigns.call_lists.models import (
    DEFAULT_COOLDOWN_DAYS,
    DEFAULT_RESERVATION_MINUTES,
    CallAttempt,
    CallList,
    CallListEntry,
    CallSettings,
)
from api.campaigns.call_lists.schemas import (
    CallerProgress,
    CallListCreate,
    CallListEntryRead,
    CallListProgress,
    CallListRead,
    CallListUpdate,
    CallSettingsRead,
    CallSettingsUpdate,
    CallTurn,
    ContactAgain,
    DoNotContactRead,
    OutcomeCount,
    OutcomeCreate,
    TakeNext,
    TurnPerson,
)
from api.campaigns.services.locking import wait_for_group_writers
from api.contacts.models import Contact
from api.contacts.services.contacts import contacts_matching, get_contact, speaks_any
from api.contacts.services.saved_filters import filters_of
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.deletion import delete_with_dependents
from api.core.errors import Conflict, Forbidden, NotFound
from api.core.listing import sort_keys
from api.core.pagination import SortKey
from api.core.permissions import Permission
from api.core.queries import (
    any_of,
    columns_for,
    json_array_contains,
    load_by_columns,
    page_of,
    record_fields,
)
from api.core.records import RecordWriter, VersionConflict
from api.core.references import check_member, invalid
from api.core.tenancy import get_scoped, in_group, scoped_select
from api.core.tenants import Group
from api.core.versioning import ExpectedVersion, expected_version, stale, update_checked
from api.workplaces.models import Department, Shift

# A list is a snapshot a few people work through in a campaign, not a copy of the database.
MAX_LIST_SIZE = 5000
# Tries at taking the next person before answering that nobody is free: enough to pass
# those other callers took in the meantime.
CANDIDATES = 20
# The part of a contact kept in `call_attempts` that asking not to be contacted, and clearing
# it, change: the contact's version moves on (and the change log says so) each time.
DO_NOT_CONTACT = "do_not_contact"


class CallListNotFound(NotFound):
    code = "call_list_not_found"
    detail = "Call list not found"


class EntryNotFound(NotFound):
    code = "call_list_entry_not_found"
    detail = "Nobody with this id is on the list"


class ReservedByAnother(Conflict):
    code = "reserved_by_another"
    detail = "Someone else is calling this person right now"


def present(record: CallList) -> CallListRead:
    return CallListRead.model_validate(record_fields(record, CallListRead))


def present_entry(record: CallListEntry) -> CallListEntryRead:
    return CallListEntryRead.model_validate(record_fields(record, CallListEntryRead))


async def get_list(session: AsyncSession, ctx: GroupContext, list_id: uuid.UUID) -> CallList:
    return await get_scoped(session, ctx, CallList, list_id, CallListNotFound)


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, CallListRead]:
    return await load_by_columns(session, ctx, CallList, CallListRead, ids)


async def load_entry_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, CallListEntryRead]:
    return await load_by_columns(session, ctx, CallListEntry, CallListEntryRead, ids)


# --- settings ------------------------------------------------------------------------------


async def _settings_row(session: AsyncSession, ctx: GroupContext) -> CallSettings | None:
    return (await session.execute(scoped_select(ctx, CallSettings))).scalars().first()  # type: ignore[no-any-return]


def present_settings(record: CallSettings | None) -> CallSettingsRead:
    if record is None:
        return CallSettingsRead(
            cooldown_days=DEFAULT_COOLDOWN_DAYS,
            reservation_minutes=DEFAULT_RESERVATION_MINUTES,
            version=0,
            updated_at=None,
        )
    return CallSettingsRead.model_validate(record_fields(record, CallSettingsRead))


async def load_settings_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, CallSettingsRead]:
    statement = scoped_select(ctx, CallSettings).where(any_of(session, col(CallSettings.id), ids))
    records = (await session.execute(statement)).scalars().all()
    return {record.id: present_settings(record) for record in records}


async def read_settings(session: AsyncSession, ctx: GroupContext) -> CallSettingsRead:
    return present_settings(await _settings_row(session, ctx))


async def update_settings(
    session: AsyncSession, ctx: GroupContext, data: CallSettingsUpdate, if_match: str | None
) -> CallSettingsRead:
    # Serialises first saves, so two organisers cannot both create the group's settings.
    await session.execute(
        select(col(Group.id)).where(col(Group.id) == ctx.group_id).with_for_update()
    )
    record = await _settings_row(session, ctx)
    expected = expected_version(data.version, if_match)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    writer = RecordWriter.for_context(session, ctx)
    if record is None:
        if expected.number != 0:
            raise stale(expected, present_settings(None))
        return present_settings(await writer.create(CallSettings(**changes)))
    return present_settings(
        await update_checked(writer, record, changes, expected, present_settings)
    )


# --- lists ---------------------------------------------------------------------------------


async def _check_assignees(
    session: AsyncSession, ctx: GroupContext, assignee_ids: Sequence[uuid.UUID]
) -> None:
    for index, user_id in enumerate(assignee_ids):
        await check_member(session, ctx, user_id, f"assignee_ids.{index}")


async def list_lists(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    mine: bool,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[CallListRead], str | None]:
    statement = scoped_select(ctx, CallList, *columns_for(CallList, CallListRead))
    if mine:
        statement = statement.where(
            json_array_contains(session, col(CallList.assignee_ids), str(ctx.user_id))
        )
    keys = sort_keys(
        sort,
        {"name": (col(CallList.name), str), "created_at": (col(CallList.created_at), datetime)},
        "-created_at",
        SortKey(col(CallList.id), uuid.UUID),
    )
    return await page_of(session, statement, keys, CallListRead, limit=limit, cursor=cursor)


async def create_list(
    session: AsyncSession, ctx: GroupContext, data: CallListCreate
) -> CallListRead:
    """Makes the list and puts on it everyone the saved filter matches now."""
    try:
        filters = await filters_of(session, ctx, data.saved_filter_id, utcnow())
    except NotFound:
        raise invalid(
            "saved_filter_id",
            "saved_filter_id is not a saved filter you can use in this group",
            code="not_in_group",
            type="not_in_group",
        ) from None
    await _check_assignees(session, ctx, data.assignee_ids)
    matching = contacts_matching(session, ctx, filters, col(Contact.id)).order_by(
        col(Contact.search_name), col(Contact.id)
    )
    contact_ids = list((await session.execute(matching.limit(MAX_LIST_SIZE + 1))).scalars())
    if len(contact_ids) > MAX_LIST_SIZE:
        raise invalid(
            "saved_filter_id",
            f"The filter matches more than {MAX_LIST_SIZE} people: narrow it down",
            type="too_long",
            ctx={"max_length": MAX_LIST_SIZE},
        )
    writer = RecordWriter.for_context(session, ctx)
    values = data.model_dump()
    values["assignee_ids"] = [str(user_id) for user_id in data.assignee_ids]
    record = await writer.create(CallList(**values))
    await writer.create_many(
        CallListEntry,
        [
            {"id": uuid.uuid4(), "list_id": record.id, "contact_id": contact_id, "position": n}
            for n, contact_id in enumerate(contact_ids)
        ],
    )
    return present(record)


async def read_list(session: AsyncSession, ctx: GroupContext, list_id: uuid.UUID) -> CallListRead:
    return present(await get_list(session, ctx, list_id))


async def update_list(
    session: AsyncSession,
    ctx: GroupContext,
    list_id: uuid.UUID,
    data: CallListUpdate,
    if_match: str | None,
) -> CallListRead:
    record = await get_list(session, ctx, list_id)
    expected = expected_version(data.version, if_match)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    if data.assignee_ids is not None:
        await _check_assignees(session, ctx, data.assignee_ids)
        changes["assignee_ids"] = [str(user_id) for user_id in data.assignee_ids]
    writer = RecordWriter.for_context(session, ctx)
    return present(await update_checked(writer, record, changes, expected, present))


async def delete_list(
    session: AsyncSession, ctx: GroupContext, list_id: uuid.UUID, expected: ExpectedVersion | None
) -> None:
    """The list goes with its entries; the outcomes recorded stay for the cool-down and
    "do not contact"."""
    record = await get_list(session, ctx, list_id)
    await delete_with_dependents(session, ctx, record, expected, present)


async def list_entries(
    session: AsyncSession,
    ctx: GroupContext,
    list_id: uuid.UUID,
    *,
    done: bool | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[CallListEntryRead], str | None]:
    await get_list(session, ctx, list_id)
    statement = scoped_select(ctx, CallListEntry, *columns_for(CallListEntry, CallListEntryRead))
    statement = statement.where(col(CallListEntry.list_id) == list_id)
    if done is not None:
        statement = statement.where(col(CallListEntry.done).is_(done))
    keys = [SortKey(col(CallListEntry.position), int), SortKey(col(CallListEntry.id), uuid.UUID)]
    return await page_of(session, statement, keys, CallListEntryRead, limit=limit, cursor=cursor)


# --- working a list ------------------------------------------------------------------------


def _check_may_work(ctx: GroupContext, record: CallList) -> None:
    """Its assignees work a list; organisers may work any."""
    if str(ctx.user_id) in record.assignee_ids or ctx.can(Permission.campaigns_write):
        return
    raise Forbidden("This list is not assigned to you", code="not_assigned")


async def _spoken_languages(session: AsyncSession, ctx: GroupContext) -> list[str]:
    found = (
        await session.execute(select(col(User.spoken_languages)).where(col(User.id) == ctx.user_id))
    ).scalar_one_or_none()
    return list(found or [])


def _still_asking(ctx: GroupContext) -> list[Any]:
    """Attempts where the worker asked not to be contacted, not cleared since."""
    return [
        in_group(ctx, CallAttempt),
        col(CallAttempt.outcome) == Outcome.do_not_contact,
        col(CallAttempt.cleared_at).is_(None),
    ]


def never_again(ctx: GroupContext) -> Any:
    """Contacts who asked, on any list, not to be contacted, until an organiser clears it."""
    return exists().where(*_still_asking(ctx), col(CallAttempt.contact_id) == col(Contact.id))


def cooling_down(ctx: GroupContext, list_id: uuid.UUID, since: datetime) -> Any:
    """Contacts with an outcome recorded on another list since `since`."""
    return exists().where(
        in_group(ctx, CallAttempt),
        col(CallAttempt.contact_id) == col(Contact.id),
        col(CallAttempt.at) >= since,
        or_(col(CallAttempt.list_id).is_(None), col(CallAttempt.list_id) != list_id),
    )


async def _held_by_me(
    session: AsyncSession, ctx: GroupContext, list_id: uuid.UUID, now: datetime
) -> CallListEntry | None:
    statement = scoped_select(ctx, CallListEntry).where(
        col(CallListEntry.list_id) == list_id,
        col(CallListEntry.reserved_by) == ctx.user_id,
        col(CallListEntry.reserved_until) > now,
    )
    return (await session.execute(statement.limit(1))).scalars().first()  # type: ignore[no-any-return]


async def _turn(
    session: AsyncSession, ctx: GroupContext, entry: CallListEntry | None, languages: list[str]
) -> CallTurn:
    if entry is None:
        return CallTurn(entry=None, person=None)
    statement = (
        scoped_select(
            ctx,
            Contact,
            col(Contact.id),
            col(Contact.full_name),
            col(Contact.phone),
            col(Contact.email),
            col(Contact.preferred_language),
            col(Contact.other_languages),
            col(Contact.assessment_level),
            col(Contact.last_conversation_at),
            col(Department.name).label("department_name"),
            col(Shift.name).label("shift_name"),
        )
        .outerjoin(
            Department,
            and_(col(Department.id) == col(Contact.department_id), in_group(ctx, Department)),
        )
        .outerjoin(Shift, and_(col(Shift.id) == col(Contact.shift_id), in_group(ctx, Shift)))
        .where(col(Contact.id) == entry.contact_id)
    )
    row = (await session.execute(statement)).one()
    theirs = [row.preferred_language, *(row.other_languages or [])]
    shared = [code for code in languages if code in theirs]
    person = TurnPerson.model_validate({**dict(row._mapping), "shared_languages": shared})
    return CallTurn(entry=present_entry(entry), person=person)


async def current_turn(session: AsyncSession, ctx: GroupContext, list_id: uuid.UUID) -> CallTurn:
    """The person the caller holds on this list now, if any."""
    await get_list(session, ctx, list_id)
    entry = await _held_by_me(session, ctx, list_id, utcnow())
    return await _turn(session, ctx, entry, await _spoken_languages(session, ctx))


async def take_next(
    session: AsyncSession, ctx: GroupContext, list_id: uuid.UUID, data: TakeNext
) -> CallTurn:
    """Reserve the next person for the caller (the one they hold already, if they do).

    Order: call backs that are due, then those never tried, then the fewest tries, each in
    list order, with workers who share one of the caller's languages first. Two callers never
    get the same entry: on PostgreSQL the candidates are locked with `FOR UPDATE SKIP LOCKED`
    (an entry another caller is taking is passed over, not waited for), and on either database
    the reservation itself is the version-checked UPDATE of the write path, which lands only
    while the entry is as it was read; SQLite, whose `FOR UPDATE` does nothing, runs one
    writer at a time, and the candidates are read after taking the write lock."""
    record = await get_list(session, ctx, list_id)
    _check_may_work(ctx, record)
    now = utcnow()
    languages = await _spoken_languages(session, ctx)
    held = await _held_by_me(session, ctx, list_id, now)
    if held is not None:
        return await _turn(session, ctx, held, languages)
    settings = present_settings(await _settings_row(session, ctx))
    postgres = session.get_bind().dialect.name == "postgresql"
    if not postgres:
        await wait_for_group_writers(session, ctx)
    shares = speaks_any(session, languages) if languages else None
    conditions = [
        col(CallListEntry.list_id) == list_id,
        col(CallListEntry.done).is_(False),
        or_(col(CallListEntry.reserved_until).is_(None), col(CallListEntry.reserved_until) <= now),
        or_(col(CallListEntry.call_back_at).is_(None), col(CallListEntry.call_back_at) <= now),
        not_(never_again(ctx)),
    ]
    if settings.cooldown_days > 0:
        since = now - timedelta(days=settings.cooldown_days)
        conditions.append(not_(cooling_down(ctx, list_id, since)))
    if data.shared_language_only:
        if shares is None:
            return CallTurn(entry=None, person=None)
        conditions.append(shares)
    order: list[Any] = []
    if shares is not None:
        order.append(case((shares, 0), else_=1))
    order += [
        case((col(CallListEntry.call_back_at).is_not(None), 0), else_=1),
        col(CallListEntry.attempts),
        col(CallListEntry.position),
        col(CallListEntry.id),
    ]
    statement = (
        scoped_select(ctx, CallListEntry)
        .join(
            Contact, and_(col(Contact.id) == col(CallListEntry.contact_id), in_group(ctx, Contact))
        )
        .where(*conditions)
        .order_by(*order)
    )
    writer = RecordWriter.for_context(session, ctx)
    until = now + timedelta(minutes=settings.reservation_minutes)
    for _try in range(CANDIDATES):
        if postgres:
            # One row at a time: locking every candidate would hide them all from the others.
            locked = statement.limit(1).with_for_update(of=CallListEntry, skip_locked=True)
            candidates = (await session.execute(locked)).scalars().all()
        else:
            candidates = (await session.execute(statement.limit(CANDIDATES))).scalars().all()
        if not candidates:
            break
        for entry in candidates:
            try:
                await writer.update(
                    entry,
                    {"reserved_by": ctx.user_id, "reserved_until": until},
                    expected_version=entry.version,
                )
            except VersionConflict:
                continue  # taken by someone else since it was read
            return await _turn(session, ctx, entry, languages)
    return CallTurn(entry=None, person=None)


async def _entry(
    session: AsyncSession, ctx: GroupContext, list_id: uuid.UUID, entry_id: uuid.UUID
) -> CallListEntry:
    entry = await get_scoped(session, ctx, CallListEntry, entry_id, EntryNotFound)
    if entry.list_id != list_id:
        raise EntryNotFound()
    return entry


async def release(
    session: AsyncSession, ctx: GroupContext, list_id: uuid.UUID, entry_id: uuid.UUID
) -> CallListEntryRead:
    """Give the person back without an outcome (they go back where they were)."""
    record = await get_list(session, ctx, list_id)
    _check_may_work(ctx, record)
    entry = await _entry(session, ctx, list_id, entry_id)
    now = utcnow()
    held_by_other = (
        entry.reserved_by not in (None, ctx.user_id)
        and entry.reserved_until is not None
        and entry.reserved_until > now
    )
    if held_by_other and not ctx.can(Permission.campaigns_write):
        raise ReservedByAnother()
    writer = RecordWriter.for_context(session, ctx)
    await writer.update(entry, {"reserved_by": None, "reserved_until": None})
    return present_entry(entry)


async def record_outcome(
    session: AsyncSession,
    ctx: GroupContext,
    list_id: uuid.UUID,
    entry_id: uuid.UUID,
    data: OutcomeCreate,
) -> CallListEntryRead:
    """Record what came of trying to reach the person, and free them. Anyone who works the
    list may record (or correct) an outcome, except while another caller holds the person."""
    if data.call_back_at is not None and data.outcome != Outcome.call_back:
        raise invalid("call_back_at", "Only a call back takes a time")
    record = await get_list(session, ctx, list_id)
    _check_may_work(ctx, record)
    entry = await _entry(session, ctx, list_id, entry_id)
    now = utcnow()
    if (
        entry.reserved_by not in (None, ctx.user_id)
        and entry.reserved_until is not None
        and entry.reserved_until > now
    ):
        raise ReservedByAnother()
    writer = RecordWriter.for_context(session, ctx)
    if data.outcome == Outcome.do_not_contact:
        # The contact first, as clearing locks it first, so the two cannot deadlock; its
        # version moves on, so an organiser clearing an earlier ask is told of this one.
        contact = await get_contact(session, ctx, entry.contact_id, for_update=True)
        await writer.update(contact, {}, also_changed=[DO_NOT_CONTACT])
    await writer.update(
        entry,
        {
            "outcome": data.outcome,
            "call_back_at": data.call_back_at,
            "note": data.note,
            "attempts": entry.attempts + 1,
            "last_attempt_at": now,
            "last_caller_id": ctx.user_id,
            "done": data.outcome in FINISHING,
            "reserved_by": None,
            "reserved_until": None,
        },
    )
    session.add(
        CallAttempt(
            group_id=ctx.group_id,
            list_id=list_id,
            contact_id=entry.contact_id,
            caller_id=ctx.user_id,
            outcome=data.outcome,
            at=now,
        )
    )
    return present_entry(entry)


async def progress(
    session: AsyncSession, ctx: GroupContext, list_id: uuid.UUID
) -> CallListProgress:
    await get_list(session, ctx, list_id)
    now = utcnow()
    entries = scoped_select(
        ctx,
        CallListEntry,
        func.count().label("total"),
        func.count().filter(col(CallListEntry.done).is_(True)).label("done"),
        func.count()
        .filter(col(CallListEntry.done).is_(False), col(CallListEntry.reserved_until) > now)
        .label("reserved"),
        func.count()
        .filter(col(CallListEntry.done).is_(False), col(CallListEntry.call_back_at) > now)
        .label("call_back"),
    ).where(col(CallListEntry.list_id) == list_id)
    totals = (await session.execute(entries)).one()
    latest = (
        await session.execute(
            scoped_select(ctx, CallListEntry, col(CallListEntry.outcome), func.count())
            .where(col(CallListEntry.list_id) == list_id, col(CallListEntry.outcome).is_not(None))
            .group_by(col(CallListEntry.outcome))
        )
    ).all()
    by_caller: dict[uuid.UUID, dict[str, int]] = {}
    attempts = (
        await session.execute(
            scoped_select(
                ctx, CallAttempt, col(CallAttempt.caller_id), col(CallAttempt.outcome), func.count()
            )
            .where(col(CallAttempt.list_id) == list_id, col(CallAttempt.caller_id).is_not(None))
            .group_by(col(CallAttempt.caller_id), col(CallAttempt.outcome))
        )
    ).all()
    for caller_id, outcome, count in attempts:
        by_caller.setdefault(caller_id, {})[str(outcome)] = count
    return CallListProgress(
        total=totals.total,
        done=totals.done,
        to_go=totals.total - totals.done,
        reserved=totals.reserved,
        waiting_for_call_back=totals.call_back,
        latest_outcomes=OutcomeCount(**{str(outcome): count for outcome, count in latest}),
        by_caller=[
            CallerProgress(
                caller_id=caller_id, attempts=sum(counts.values()), outcomes=OutcomeCount(**counts)
            )
            for caller_id, counts in sorted(by_caller.items(), key=lambda item: str(item[0]))
        ],
    )


# --- do not contact ------------------------------------------------------------------------


async def _do_not_contact_state(
    session: AsyncSession, ctx: GroupContext, contact: Contact
) -> DoNotContactRead:
    # Columns, not attempts: the rows are read again after clearing updates them in bulk.
    asked = (
        await session.execute(
            scoped_select(
                ctx,
                CallAttempt,
                col(CallAttempt.at),
                col(CallAttempt.list_id),
                col(CallAttempt.caller_id),
            )
            .where(*_still_asking(ctx), col(CallAttempt.contact_id) == contact.id)
            .order_by(col(CallAttempt.at).desc())
            .limit(1)
        )
    ).first()
    cleared = (
        await session.execute(
            scoped_select(
                ctx, CallAttempt, col(CallAttempt.cleared_at), col(CallAttempt.cleared_by)
            )
            .where(
                col(CallAttempt.contact_id) == contact.id,
                col(CallAttempt.cleared_at).is_not(None),
            )
            .order_by(col(CallAttempt.cleared_at).desc())
            .limit(1)
        )
    ).first()
    return DoNotContactRead(
        contact_id=contact.id,
        do_not_contact=asked is not None,
        asked_at=asked.at if asked else None,
        asked_on_list_id=asked.list_id if asked else None,
        recorded_by=asked.caller_id if asked else None,
        cleared_at=cleared.cleared_at if cleared else None,
        cleared_by=cleared.cleared_by if cleared else None,
        version=contact.version,
    )


async def read_do_not_contact(
    session: AsyncSession, ctx: GroupContext, contact_id: uuid.UUID
) -> DoNotContactRead:
    return await _do_not_contact_state(session, ctx, await get_contact(session, ctx, contact_id))


async def clear_do_not_contact(
    session: AsyncSession,
    ctx: GroupContext,
    contact_id: uuid.UUID,
    data: ContactAgain,
    if_match: str | None,
) -> DoNotContactRead:
    """The worker may be contacted again: every ask still holding is marked cleared (by whom
    and when; the attempts stay), and the list places their ask finished are reopened, so
    every list offers them again. Nothing holding, it answers the state as it is (a repeat
    changes nothing). Otherwise the version sent must be the contact's, which moves on with
    every ask: an organiser is never clearing an ask they have not seen."""
    contact = await get_contact(session, ctx, contact_id, for_update=True)
    expected = expected_version(data.version, if_match)
    state = await _do_not_contact_state(session, ctx, contact)
    if not state.do_not_contact:
        return state
    writer = RecordWriter.for_context(session, ctx)
    await update_checked(
        writer, contact, {}, expected, lambda _contact: state, also_changed=[DO_NOT_CONTACT]
    )
    await session.execute(
        update(CallAttempt)
        .where(*_still_asking(ctx), col(CallAttempt.contact_id) == contact.id)
        .values(cleared_at=utcnow(), cleared_by=ctx.user_id)
        .execution_options(synchronize_session=False)
    )
    finished_by_asking = scoped_select(ctx, CallListEntry).where(
        col(CallListEntry.contact_id) == contact.id,
        col(CallListEntry.outcome) == Outcome.do_not_contact,
        col(CallListEntry.done).is_(True),
    )
    for entry in (await session.execute(finished_by_asking)).scalars().all():
        await writer.update(entry, {"done": False})
    return await _do_not_contact_state(session, ctx, contact)
