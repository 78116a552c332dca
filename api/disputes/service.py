"""Disputes as case files: the dispute, its workplaces, demands, timeline, people and ballots."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select
from sqlmodel import col

from api.contacts.models import Contact
from api.db import utcnow
from api.deps import GroupContext
from api.disputes.models import (
    Ballot,
    Demand,
    DemandStatus,
    Dispute,
    DisputeContact,
    DisputePart,
    DisputeStatus,
    DisputeEvent,
    DisputeWorkplace,
    EventKind,
)
from api.disputes.rules import BallotFacts, ballot_verdict
from api.disputes.schemas import (
    BallotBrief,
    BallotCreate,
    BallotRead,
    BallotUpdate,
    DemandCreate,
    DemandRead,
    DemandUpdate,
    DisputeContactCreate,
    DisputeContactRead,
    DisputeContactUpdate,
    DisputeCreate,
    DisputeRead,
    DisputeSummary,
    DisputeUpdate,
    EventCreate,
    EventRead,
    EventUpdate,
    PeopleCounts,
    WorkplaceRef,
)
from api.errors import Conflict, NotFound
from api.listing import apply_updated_since, sort_keys, text_search
from api.pagination import SortKey, keyset_page
from api.records import RecordWriter
from api.tenancy import get_scoped, scoped_select
from api.versioning import ExpectedVersion, update_checked
from api.workplaces.deletion import delete_with_dependents
from api.workplaces.models import Workplace
from api.workplaces.references import check_record, invalid, json_array_contains


class DisputeNotFound(NotFound):
    code = "dispute_not_found"
    detail = "Dispute not found"


class DemandNotFound(NotFound):
    code = "demand_not_found"
    detail = "Demand not found"


class EventNotFound(NotFound):
    code = "event_not_found"
    detail = "Timeline event not found"


class DisputeContactNotFound(NotFound):
    code = "dispute_contact_not_found"
    detail = "This contact is not linked to the dispute"


class BallotNotFound(NotFound):
    code = "ballot_not_found"
    detail = "Ballot not found"


class ContactAlreadyLinked(Conflict):
    code = "contact_already_linked"
    detail = "This contact is already linked to the dispute; change their part instead"


async def _page(
    session: AsyncSession,
    statement: Select[Any],
    keys: Sequence[SortKey],
    limit: int,
    cursor: str | None,
) -> tuple[Sequence[Any], str | None]:
    """One page of `statement`, with the sort key columns appended for the cursor."""
    statement = statement.add_columns(*(key.column for key in keys))
    return await keyset_page(session, statement, keys, limit=limit, cursor=cursor)


def _percent_of_target(raised: Decimal, target: Decimal | None) -> float | None:
    if target is None or target <= 0:
        return None
    return float((raised * 100 / target).quantize(Decimal("0.1"), ROUND_HALF_UP))


def _money(value: Any) -> Decimal | None:
    """Money as read back from either database, to two places."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


# --- disputes ---------------------------------------------------------------------------

_SUMMARY_COLUMNS = (
    Dispute.id,
    Dispute.title,
    Dispute.summary,
    Dispute.status,
    Dispute.unions,
    Dispute.started_on,
    Dispute.strike_fund_target,
    Dispute.strike_fund_raised,
    Dispute.version,
    Dispute.created_at,
    Dispute.updated_at,
)


def _summary(row: Sequence[Any], workplace_ids: list[uuid.UUID]) -> DisputeSummary:
    target, raised = _money(row[6]), _money(row[7]) or Decimal("0.00")
    return DisputeSummary(
        id=row[0],
        title=row[1],
        summary=row[2],
        status=DisputeStatus(row[3]),
        unions=list(row[4] or []),
        started_on=row[5],
        strike_fund_target=target,
        strike_fund_raised=raised,
        strike_fund_percent=_percent_of_target(raised, target),
        workplace_ids=workplace_ids,
        version=row[8],
        created_at=row[9],
        updated_at=row[10],
    )


def _dispute_summary(dispute: Dispute, workplace_ids: list[uuid.UUID]) -> DisputeSummary:
    return _summary([getattr(dispute, column.key) for column in _SUMMARY_COLUMNS], workplace_ids)


async def get_dispute(session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID) -> Dispute:
    return await get_scoped(session, ctx, Dispute, dispute_id, DisputeNotFound)


async def _check_workplaces(
    session: AsyncSession, ctx: GroupContext, workplace_ids: list[uuid.UUID]
) -> None:
    if not workplace_ids:
        return
    statement = scoped_select(ctx, Workplace, Workplace.id).where(
        col(Workplace.id).in_(workplace_ids)
    )
    found = set((await session.execute(statement)).scalars().all())
    for index, workplace_id in enumerate(workplace_ids):
        if workplace_id not in found:
            error = invalid("workplace_ids", "workplace_ids names a workplace not in this group")
            error.fields[0].loc.append(index)
            raise error


async def _workplace_ids(
    session: AsyncSession, ctx: GroupContext, dispute_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    found: dict[uuid.UUID, list[uuid.UUID]] = {dispute_id: [] for dispute_id in dispute_ids}
    if not dispute_ids:
        return found
    statement = (
        scoped_select(ctx, DisputeWorkplace, DisputeWorkplace.dispute_id, DisputeWorkplace.workplace_id)
        .where(col(DisputeWorkplace.dispute_id).in_(dispute_ids))
        .order_by(col(DisputeWorkplace.id))
    )
    for dispute_id, workplace_id in (await session.execute(statement)).all():
        found[dispute_id].append(workplace_id)
    return found


async def _set_workplaces(
    session: AsyncSession,
    ctx: GroupContext,
    writer: RecordWriter,
    dispute_id: uuid.UUID,
    workplace_ids: list[uuid.UUID],
) -> None:
    """Make the dispute's workplace links exactly `workplace_ids` (links are records too)."""
    await _check_workplaces(session, ctx, workplace_ids)
    existing = (
        (
            await session.execute(
                scoped_select(ctx, DisputeWorkplace).where(
                    col(DisputeWorkplace.dispute_id) == dispute_id
                )
            )
        )
        .scalars()
        .all()
    )
    wanted = set(workplace_ids)
    for link in existing:
        if link.workplace_id not in wanted:
            await writer.delete(link)
    have = {link.workplace_id for link in existing}
    for workplace_id in workplace_ids:
        if workplace_id not in have:
            await writer.create(DisputeWorkplace(dispute_id=dispute_id, workplace_id=workplace_id))


async def create_dispute(
    session: AsyncSession,
    ctx: GroupContext,
    data: DisputeCreate,
    turnout_threshold_ends_on: date | None,
) -> DisputeRead:
    writer = RecordWriter.for_context(session, ctx)
    await _check_workplaces(session, ctx, data.workplace_ids)
    dispute = await writer.create(Dispute(**data.model_dump(exclude={"workplace_ids"})))
    await _set_workplaces(session, ctx, writer, dispute.id, data.workplace_ids)
    return await read_dispute(session, ctx, dispute.id, turnout_threshold_ends_on)


async def read_dispute(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    turnout_threshold_ends_on: date | None,
) -> DisputeRead:
    dispute = await get_dispute(session, ctx, dispute_id)
    workplaces = (
        await session.execute(
            scoped_select(ctx, DisputeWorkplace, Workplace.id, Workplace.name)
            .join(Workplace, col(Workplace.id) == col(DisputeWorkplace.workplace_id))
            .where(col(DisputeWorkplace.dispute_id) == dispute_id)
            .order_by(col(Workplace.name), col(Workplace.id))
        )
    ).all()
    demands = (
        (
            await session.execute(
                scoped_select(ctx, Demand)
                .where(col(Demand.dispute_id) == dispute_id)
                .order_by(col(Demand.position), col(Demand.id))
            )
        )
        .scalars()
        .all()
    )
    next_event = (
        (
            await session.execute(
                scoped_select(ctx, DisputeEvent)
                .where(
                    col(DisputeEvent.dispute_id) == dispute_id,
                    col(DisputeEvent.occurs_on) >= utcnow().date(),
                )
                .order_by(col(DisputeEvent.occurs_on), col(DisputeEvent.id))
                .limit(1)
            )
        )
        .scalars()
        .first()
    )
    parts = (
        await session.execute(
            scoped_select(ctx, DisputeContact, DisputeContact.part, func.count())
            .where(col(DisputeContact.dispute_id) == dispute_id)
            .group_by(col(DisputeContact.part))
        )
    ).all()
    people = PeopleCounts()
    for part, count in parts:
        setattr(people, DisputePart(part).value, int(count))
    people.total = people.rep + people.striker + people.supporter
    ballots = (
        (
            await session.execute(
                scoped_select(ctx, Ballot)
                .where(col(Ballot.dispute_id) == dispute_id)
                .order_by(col(Ballot.opens_on), col(Ballot.id))
            )
        )
        .scalars()
        .all()
    )
    summary = _dispute_summary(dispute, [row[0] for row in workplaces])
    return DisputeRead(
        **summary.model_dump(),
        workplaces=[WorkplaceRef(id=row[0], name=row[1]) for row in workplaces],
        demands=[_demand_read(demand) for demand in demands],
        next_event=_event_read(next_event) if next_event else None,
        people=people,
        ballots=[
            BallotBrief(
                id=ballot.id,
                kind=ballot.kind,
                opens_on=ballot.opens_on,
                closes_on=ballot.closes_on,
                verdict=verdict_of(ballot, turnout_threshold_ends_on),
            )
            for ballot in ballots
        ],
        created_by=dispute.created_by,
        updated_by=dispute.updated_by,
    )


async def update_dispute(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    data: DisputeUpdate,
    expected: ExpectedVersion,
    turnout_threshold_ends_on: date | None,
) -> DisputeRead:
    dispute = await get_dispute(session, ctx, dispute_id)
    writer = RecordWriter.for_context(session, ctx)
    changes = data.model_dump(exclude_unset=True, exclude={"version", "workplace_ids"})
    current_workplaces = (await _workplace_ids(session, ctx, [dispute_id]))[dispute_id]
    await update_checked(
        writer,
        dispute,
        changes,
        expected,
        lambda record: _dispute_summary(record, current_workplaces),
    )
    if data.workplace_ids is not None:
        await _set_workplaces(session, ctx, writer, dispute_id, data.workplace_ids)
    return await read_dispute(session, ctx, dispute_id, turnout_threshold_ends_on)


async def delete_dispute(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    """Deletes the dispute with its workplace links, demands, timeline, people links and
    ballots (a tombstone for each); solidarity actions that supported it are kept, unlinked."""
    dispute = await get_dispute(session, ctx, dispute_id)
    current_workplaces = (await _workplace_ids(session, ctx, [dispute_id]))[dispute_id]
    await delete_with_dependents(
        session,
        ctx,
        dispute,
        expected,
        lambda record: _dispute_summary(record, current_workplaces),
    )


async def list_disputes(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    statuses: list[DisputeStatus] | None,
    workplace_id: uuid.UUID | None,
    union: str | None,
    updated_since: Any,
    q: str | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[DisputeSummary], str | None]:
    statement = scoped_select(ctx, Dispute, *_SUMMARY_COLUMNS)
    if statuses:
        statement = statement.where(col(Dispute.status).in_([s.value for s in statuses]))
    if workplace_id is not None:
        linked = (
            scoped_select(ctx, DisputeWorkplace, DisputeWorkplace.id)
            .where(
                col(DisputeWorkplace.dispute_id) == col(Dispute.id),
                col(DisputeWorkplace.workplace_id) == workplace_id,
            )
            .exists()
        )
        statement = statement.where(linked)
    if union and union.strip():
        statement = statement.where(
            json_array_contains(session, col(Dispute.unions), " ".join(union.split()))
        )
    statement = apply_updated_since(statement, col(Dispute.updated_at), updated_since)
    search = text_search(q, [col(Dispute.title), col(Dispute.summary)])
    if search is not None:
        statement = statement.where(search)
    keys = sort_keys(
        sort,
        {
            "title": (col(Dispute.title), str),
            "updated_at": (col(Dispute.updated_at), type(utcnow())),
            "started_on": (func.coalesce(col(Dispute.started_on), date.min), date),
        },
        "-updated_at",
        SortKey(col(Dispute.id), uuid.UUID),
    )
    rows, next_cursor = await _page(session, statement, keys, limit, cursor)
    workplaces = await _workplace_ids(session, ctx, [row[0] for row in rows])
    return [_summary(row, workplaces[row[0]]) for row in rows], next_cursor


# --- demands ----------------------------------------------------------------------------


def _demand_read(demand: Demand) -> DemandRead:
    return DemandRead.model_validate(demand, from_attributes=True)


async def _get_demand(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID, demand_id: uuid.UUID
) -> Demand:
    demand = await get_scoped(session, ctx, Demand, demand_id, DemandNotFound)
    if demand.dispute_id != dispute_id:
        raise DemandNotFound()
    return demand


async def list_demands(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    *,
    statuses: list[DemandStatus] | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[DemandRead], str | None]:
    await get_dispute(session, ctx, dispute_id)
    statement = scoped_select(ctx, Demand).where(col(Demand.dispute_id) == dispute_id)
    if statuses:
        statement = statement.where(col(Demand.status).in_([s.value for s in statuses]))
    keys = [SortKey(col(Demand.position), int), SortKey(col(Demand.id), uuid.UUID)]
    rows, next_cursor = await _page(session, statement, keys, limit, cursor)
    return [_demand_read(row[0]) for row in rows], next_cursor


async def create_demand(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID, data: DemandCreate
) -> DemandRead:
    await get_dispute(session, ctx, dispute_id)
    position = data.position
    if position is None:
        last = (
            await session.execute(
                scoped_select(ctx, Demand, func.max(Demand.position)).where(
                    col(Demand.dispute_id) == dispute_id
                )
            )
        ).scalar_one()
        position = 0 if last is None else int(last) + 1
    demand = await RecordWriter.for_context(session, ctx).create(
        Demand(dispute_id=dispute_id, text=data.text, status=data.status, position=position)
    )
    return _demand_read(demand)


async def read_demand(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID, demand_id: uuid.UUID
) -> DemandRead:
    return _demand_read(await _get_demand(session, ctx, dispute_id, demand_id))


async def update_demand(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    demand_id: uuid.UUID,
    data: DemandUpdate,
    expected: ExpectedVersion,
) -> DemandRead:
    demand = await _get_demand(session, ctx, dispute_id, demand_id)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    writer = RecordWriter.for_context(session, ctx)
    return _demand_read(await update_checked(writer, demand, changes, expected, _demand_read))


async def delete_demand(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    demand_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    demand = await _get_demand(session, ctx, dispute_id, demand_id)
    await delete_with_dependents(session, ctx, demand, expected, _demand_read)


# --- timeline events --------------------------------------------------------------------


def _event_read(event: DisputeEvent) -> EventRead:
    return EventRead.model_validate(event, from_attributes=True)


async def _get_event(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID, event_id: uuid.UUID
) -> DisputeEvent:
    event = await get_scoped(session, ctx, DisputeEvent, event_id, EventNotFound)
    if event.dispute_id != dispute_id:
        raise EventNotFound()
    return event


async def list_events(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    *,
    kinds: list[EventKind] | None,
    on_or_after: date | None,
    on_or_before: date | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[EventRead], str | None]:
    await get_dispute(session, ctx, dispute_id)
    statement = scoped_select(ctx, DisputeEvent).where(col(DisputeEvent.dispute_id) == dispute_id)
    if kinds:
        statement = statement.where(col(DisputeEvent.kind).in_([k.value for k in kinds]))
    if on_or_after is not None:
        statement = statement.where(col(DisputeEvent.occurs_on) >= on_or_after)
    if on_or_before is not None:
        statement = statement.where(col(DisputeEvent.occurs_on) <= on_or_before)
    keys = sort_keys(
        sort,
        {"occurs_on": (col(DisputeEvent.occurs_on), date)},
        "occurs_on",
        SortKey(col(DisputeEvent.id), uuid.UUID),
    )
    rows, next_cursor = await _page(session, statement, keys, limit, cursor)
    return [_event_read(row[0]) for row in rows], next_cursor


async def create_event(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID, data: EventCreate
) -> EventRead:
    await get_dispute(session, ctx, dispute_id)
    event = await RecordWriter.for_context(session, ctx).create(
        DisputeEvent(dispute_id=dispute_id, **data.model_dump())
    )
    return _event_read(event)


async def read_event(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID, event_id: uuid.UUID
) -> EventRead:
    return _event_read(await _get_event(session, ctx, dispute_id, event_id))


async def update_event(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    event_id: uuid.UUID,
    data: EventUpdate,
    expected: ExpectedVersion,
) -> EventRead:
    event = await _get_event(session, ctx, dispute_id, event_id)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    writer = RecordWriter.for_context(session, ctx)
    return _event_read(await update_checked(writer, event, changes, expected, _event_read))


async def delete_event(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    event_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    event = await _get_event(session, ctx, dispute_id, event_id)
    await delete_with_dependents(session, ctx, event, expected, _event_read)


# --- people linked to a dispute ---------------------------------------------------------


def _link_read(link: DisputeContact, contact_name: str) -> DisputeContactRead:
    return DisputeContactRead(
        id=link.id,
        dispute_id=link.dispute_id,
        contact_id=link.contact_id,
        contact_name=contact_name,
        part=link.part,
        version=link.version,
        created_at=link.created_at,
        updated_at=link.updated_at,
    )


async def _get_link(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID, contact_id: uuid.UUID
) -> tuple[DisputeContact, str]:
    await get_dispute(session, ctx, dispute_id)
    row = (
        await session.execute(
            scoped_select(ctx, DisputeContact, DisputeContact, Contact.full_name)
            .join(Contact, col(Contact.id) == col(DisputeContact.contact_id))
            .where(
                col(DisputeContact.dispute_id) == dispute_id,
                col(DisputeContact.contact_id) == contact_id,
            )
        )
    ).first()
    if row is None:
        raise DisputeContactNotFound()
    return row[0], row[1]


async def list_dispute_contacts(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    *,
    parts: list[DisputePart] | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[DisputeContactRead], str | None]:
    await get_dispute(session, ctx, dispute_id)
    statement = (
        scoped_select(ctx, DisputeContact, DisputeContact, Contact.full_name)
        .join(Contact, col(Contact.id) == col(DisputeContact.contact_id))
        .where(col(DisputeContact.dispute_id) == dispute_id)
    )
    if parts:
        statement = statement.where(col(DisputeContact.part).in_([p.value for p in parts]))
    keys = [SortKey(col(Contact.full_name), str), SortKey(col(DisputeContact.id), uuid.UUID)]
    rows, next_cursor = await _page(session, statement, keys, limit, cursor)
    return [_link_read(row[0], row[1]) for row in rows], next_cursor


async def link_contact(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID, data: DisputeContactCreate
) -> DisputeContactRead:
    await get_dispute(session, ctx, dispute_id)
    contact = await check_record(session, ctx, Contact, data.contact_id, "contact_id", "a contact")
    existing = (
        await session.execute(
            scoped_select(ctx, DisputeContact, DisputeContact.id).where(
                col(DisputeContact.dispute_id) == dispute_id,
                col(DisputeContact.contact_id) == data.contact_id,
            )
        )
    ).first()
    if existing is not None:
        raise ContactAlreadyLinked()
    link = await RecordWriter.for_context(session, ctx).create(
        DisputeContact(dispute_id=dispute_id, contact_id=data.contact_id, part=data.part)
    )
    return _link_read(link, contact.full_name)


async def read_dispute_contact(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID, contact_id: uuid.UUID
) -> DisputeContactRead:
    link, name = await _get_link(session, ctx, dispute_id, contact_id)
    return _link_read(link, name)


async def update_dispute_contact(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    contact_id: uuid.UUID,
    data: DisputeContactUpdate,
    expected: ExpectedVersion,
) -> DisputeContactRead:
    link, name = await _get_link(session, ctx, dispute_id, contact_id)
    writer = RecordWriter.for_context(session, ctx)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    updated = await update_checked(
        writer, link, changes, expected, lambda record: _link_read(record, name)
    )
    return _link_read(updated, name)


async def unlink_contact(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    contact_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    link, name = await _get_link(session, ctx, dispute_id, contact_id)
    await delete_with_dependents(
        session, ctx, link, expected, lambda record: _link_read(record, name)
    )


# --- ballots ----------------------------------------------------------------------------


def verdict_of(ballot: Ballot, turnout_threshold_ends_on: date | None) -> Any:
    facts = BallotFacts(
        kind=ballot.kind,
        opens_on=ballot.opens_on,
        closes_on=ballot.closes_on,
        entitled_to_vote=ballot.entitled_to_vote,
        votes_cast=ballot.votes_cast,
        yes_votes=ballot.yes_votes,
        no_votes=ballot.no_votes,
        spoilt=ballot.spoilt,
        important_public_service=ballot.important_public_service,
        employer_agreed_longer_mandate=ballot.employer_agreed_longer_mandate,
        employer_agreed_shorter_notice=ballot.employer_agreed_shorter_notice,
    )
    return ballot_verdict(facts, turnout_threshold_ends_on=turnout_threshold_ends_on)


def ballot_read(ballot: Ballot, turnout_threshold_ends_on: date | None) -> BallotRead:
    fields = {name: getattr(ballot, name) for name in BallotRead.model_fields if name != "verdict"}
    return BallotRead(**fields, verdict=verdict_of(ballot, turnout_threshold_ends_on))


def check_ballot_figures(values: dict[str, Any]) -> None:
    """The figures must add up; each complaint names the field to fix."""
    if values["closes_on"] < values["opens_on"]:
        raise invalid("closes_on", "closes_on cannot be before opens_on")
    entitled, cast = values.get("entitled_to_vote"), values.get("votes_cast")
    yes, no, spoilt = values.get("yes_votes"), values.get("no_votes"), values.get("spoilt")
    if entitled is not None and cast is not None and cast > entitled:
        raise invalid("votes_cast", "votes_cast cannot be more than entitled_to_vote")
    counted = [v for v in (yes, no, spoilt) if v is not None]
    if cast is not None and None not in (yes, no, spoilt) and sum(counted) != cast:
        raise invalid("votes_cast", "votes_cast must equal yes_votes + no_votes + spoilt")
    if cast is not None and sum(counted) > cast:
        raise invalid("votes_cast", "votes_cast is less than the yes, no and spoilt votes given")
    if entitled is not None and sum(counted) > entitled:
        raise invalid(
            "entitled_to_vote", "entitled_to_vote is less than the yes, no and spoilt votes given"
        )


async def _get_ballot(session: AsyncSession, ctx: GroupContext, ballot_id: uuid.UUID) -> Ballot:
    return await get_scoped(session, ctx, Ballot, ballot_id, BallotNotFound)


async def list_ballots(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    turnout_threshold_ends_on: date | None,
    *,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[BallotRead], str | None]:
    await get_dispute(session, ctx, dispute_id)
    statement = scoped_select(ctx, Ballot).where(col(Ballot.dispute_id) == dispute_id)
    keys = sort_keys(
        sort,
        {"opens_on": (col(Ballot.opens_on), date)},
        "-opens_on",
        SortKey(col(Ballot.id), uuid.UUID),
    )
    rows, next_cursor = await _page(session, statement, keys, limit, cursor)
    return [ballot_read(row[0], turnout_threshold_ends_on) for row in rows], next_cursor


async def create_ballot(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    data: BallotCreate,
    turnout_threshold_ends_on: date | None,
) -> BallotRead:
    await get_dispute(session, ctx, dispute_id)
    values = data.model_dump()
    check_ballot_figures(values)
    ballot = await RecordWriter.for_context(session, ctx).create(
        Ballot(dispute_id=dispute_id, **values)
    )
    return ballot_read(ballot, turnout_threshold_ends_on)


async def read_ballot(
    session: AsyncSession,
    ctx: GroupContext,
    ballot_id: uuid.UUID,
    turnout_threshold_ends_on: date | None,
) -> BallotRead:
    return ballot_read(await _get_ballot(session, ctx, ballot_id), turnout_threshold_ends_on)


async def update_ballot(
    session: AsyncSession,
    ctx: GroupContext,
    ballot_id: uuid.UUID,
    data: BallotUpdate,
    expected: ExpectedVersion,
    turnout_threshold_ends_on: date | None,
) -> BallotRead:
    ballot = await _get_ballot(session, ctx, ballot_id)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    merged = {name: getattr(ballot, name) for name in BallotCreate.model_fields}
    merged.update(changes)
    check_ballot_figures(merged)
    writer = RecordWriter.for_context(session, ctx)
    updated = await update_checked(
        writer, ballot, changes, expected, lambda record: ballot_read(record, turnout_threshold_ends_on)
    )
    return ballot_read(updated, turnout_threshold_ends_on)


async def delete_ballot(
    session: AsyncSession,
    ctx: GroupContext,
    ballot_id: uuid.UUID,
    expected: ExpectedVersion | None,
    turnout_threshold_ends_on: date | None,
) -> None:
    ballot = await _get_ballot(session, ctx, ballot_id)
    await delete_with_dependents(
        session, ctx, ballot, expected, lambda record: ballot_read(record, turnout_threshold_ends_on)
    )
