"""Disputes as case files: the dispute, its workplaces, demands, timeline, people and ballots."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select
from sqlmodel import col

from api.contacts.models import Contact
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.deletion import delete_with_dependents
from api.core.errors import Conflict, NotFound
from api.core.fields import money
from api.core.links import sync_links
from api.core.listing import apply_updated_since, sort_keys, text_search
from api.core.pagination import SortKey, keyset_page
from api.core.queries import columns_for, json_array_contains, page_of
from api.core.records import RecordWriter
from api.core.references import check_all_in_group, check_record, invalid
from api.core.tenancy import get_scoped, scoped_select
from api.core.versioning import (
    ExpectedVersion,
    expected_version,
    update_checked,
    update_from_request,
)
from api.disputes.models import (
    Ballot,
    Demand,
    DemandStatus,
    Dispute,
    DisputeContact,
    DisputeEvent,
    DisputePart,
    DisputeStatus,
    DisputeWorkplace,
    EventKind,
)
from api.disputes.rules import BallotFacts, ballot_verdict
from api.disputes.schemas.ballots import (
    BallotBrief,
    BallotCreate,
    BallotRead,
    BallotUpdate,
    BallotVerdict,
)
from api.disputes.schemas.demands import DemandCreate, DemandRead, DemandUpdate
from api.disputes.schemas.disputes import (
    DisputeCreate,
    DisputeRead,
    DisputeSummary,
    DisputeUpdate,
    PeopleCounts,
    WorkplaceRef,
)
from api.disputes.schemas.people import (
    DisputeContactCreate,
    DisputeContactRead,
    DisputeContactUpdate,
)
from api.disputes.schemas.timeline import EventCreate, EventRead, EventUpdate
from api.workplaces.models import Workplace


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


def _percent_of_target(raised: Decimal, target: Decimal | None) -> float | None:
    if target is None or target <= 0:
        return None
    return float((raised * 100 / target).quantize(Decimal("0.1"), ROUND_HALF_UP))


# --- disputes ---------------------------------------------------------------------------

_SUMMARY_FIELDS = (
    "id",
    "title",
    "summary",
    "status",
    "unions",
    "started_on",
    "strike_fund_target",
    "strike_fund_raised",
    "version",
    "created_at",
    "updated_at",
)
_SUMMARY_COLUMNS = [getattr(Dispute, name).label(name) for name in _SUMMARY_FIELDS]


def _summary(values: Mapping[str, Any], workplace_ids: list[uuid.UUID]) -> DisputeSummary:
    """A list item from the dispute's columns (a row's mapping or the record's attributes)."""
    target = money(values["strike_fund_target"])
    raised = money(values["strike_fund_raised"]) or Decimal("0.00")
    fields = {name: values[name] for name in _SUMMARY_FIELDS}
    fields.update(
        unions=list(values["unions"] or []),
        strike_fund_target=target,
        strike_fund_raised=raised,
        strike_fund_percent=_percent_of_target(raised, target),
        workplace_ids=workplace_ids,
    )
    return DisputeSummary.model_validate(fields)


def _dispute_summary(dispute: Dispute, workplace_ids: list[uuid.UUID]) -> DisputeSummary:
    return _summary({name: getattr(dispute, name) for name in _SUMMARY_FIELDS}, workplace_ids)


async def get_dispute(session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID) -> Dispute:
    return await get_scoped(session, ctx, Dispute, dispute_id, DisputeNotFound)


async def _workplace_ids(
    session: AsyncSession, ctx: GroupContext, dispute_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    found: dict[uuid.UUID, list[uuid.UUID]] = {dispute_id: [] for dispute_id in dispute_ids}
    if not dispute_ids:
        return found
    statement = (
        scoped_select(
            ctx, DisputeWorkplace, DisputeWorkplace.dispute_id, DisputeWorkplace.workplace_id
        )
        .where(col(DisputeWorkplace.dispute_id).in_(dispute_ids))
        .order_by(col(DisputeWorkplace.id))
    )
    for dispute_id, workplace_id in (await session.execute(statement)).all():
        found[dispute_id].append(workplace_id)
    return found


async def _check_workplaces(
    session: AsyncSession, ctx: GroupContext, workplace_ids: list[uuid.UUID]
) -> None:
    await check_all_in_group(session, ctx, Workplace, workplace_ids, "workplace_ids", "a workplace")


async def _link_workplaces(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID, workplace_ids: list[uuid.UUID]
) -> None:
    await sync_links(
        session, ctx, DisputeWorkplace, ("dispute_id", dispute_id), "workplace_id", workplace_ids
    )


async def create_dispute(
    session: AsyncSession,
    ctx: GroupContext,
    data: DisputeCreate,
    turnout_threshold_ends_on: date | None,
) -> DisputeRead:
    await _check_workplaces(session, ctx, data.workplace_ids)
    dispute = await RecordWriter.for_context(session, ctx).create(
        Dispute(**data.model_dump(exclude={"workplace_ids"}))
    )
    await _link_workplaces(session, ctx, dispute.id, data.workplace_ids)
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
            .select_from(DisputeWorkplace)
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
                verdict=verdict_of(_ballot_values(ballot), turnout_threshold_ends_on),
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
    if_match: str | None,
    turnout_threshold_ends_on: date | None,
) -> DisputeRead:
    dispute = await get_dispute(session, ctx, dispute_id)
    expected = expected_version(data.version, if_match)
    writer = RecordWriter.for_context(session, ctx)
    changes = data.model_dump(exclude_unset=True, exclude={"version", "workplace_ids"})
    current_workplaces = (await _workplace_ids(session, ctx, [dispute_id]))[dispute_id]
    relinks = data.workplace_ids is not None and set(data.workplace_ids) != set(current_workplaces)
    if data.workplace_ids is not None:
        await _check_workplaces(session, ctx, data.workplace_ids)
    await update_checked(
        writer,
        dispute,
        changes,
        expected,
        lambda record: _dispute_summary(record, current_workplaces),
        also_changed=["workplace_ids"] if relinks else [],
    )
    if data.workplace_ids is not None:
        await _link_workplaces(session, ctx, dispute_id, data.workplace_ids)
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


@dataclass(frozen=True)
class DisputeFilters:
    statuses: list[DisputeStatus] | None = None
    workplace_id: uuid.UUID | None = None
    union: str | None = None
    updated_since: datetime | None = None
    q: str | None = None


def disputes_matching(
    session: AsyncSession, ctx: GroupContext, filters: DisputeFilters, *columns: Any
) -> Select[Any]:
    """`SELECT columns` of the group's disputes matching the list filters (shared by the list
    and by exports)."""
    statement = scoped_select(ctx, Dispute, *columns)
    if filters.statuses:
        statement = statement.where(col(Dispute.status).in_([s.value for s in filters.statuses]))
    if filters.workplace_id is not None:
        linked = (
            scoped_select(ctx, DisputeWorkplace, DisputeWorkplace.id)
            .where(
                col(DisputeWorkplace.dispute_id) == col(Dispute.id),
                col(DisputeWorkplace.workplace_id) == filters.workplace_id,
            )
            .exists()
        )
        statement = statement.where(linked)
    if filters.union and filters.union.strip():
        statement = statement.where(
            json_array_contains(session, col(Dispute.unions), " ".join(filters.union.split()))
        )
    statement = apply_updated_since(statement, col(Dispute.updated_at), filters.updated_since)
    searched: list[Any] = [col(Dispute.title), col(Dispute.summary)]
    search = text_search(filters.q, searched)
    if search is not None:
        statement = statement.where(search)
    return statement


async def list_disputes(
    session: AsyncSession,
    ctx: GroupContext,
    filters: DisputeFilters,
    *,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[DisputeSummary], str | None]:
    statement = disputes_matching(session, ctx, filters, *_SUMMARY_COLUMNS)
    keys = sort_keys(
        sort,
        {
            "title": (col(Dispute.title), str),
            "updated_at": (col(Dispute.updated_at), datetime),
            "started_on": (func.coalesce(col(Dispute.started_on), date.min), date),
        },
        "-updated_at",
        SortKey(col(Dispute.id), uuid.UUID),
    )
    rows, next_cursor = await keyset_page(session, statement, keys, limit=limit, cursor=cursor)
    workplaces = await _workplace_ids(session, ctx, [row.id for row in rows])
    return [_summary(row._mapping, workplaces[row.id]) for row in rows], next_cursor


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
    statement = scoped_select(ctx, Demand, *columns_for(Demand, DemandRead)).where(
        col(Demand.dispute_id) == dispute_id
    )
    if statuses:
        statement = statement.where(col(Demand.status).in_([s.value for s in statuses]))
    keys = [SortKey(col(Demand.position), int), SortKey(col(Demand.id), uuid.UUID)]
    return await page_of(session, statement, keys, DemandRead, limit=limit, cursor=cursor)


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
    if_match: str | None,
) -> DemandRead:
    demand = await _get_demand(session, ctx, dispute_id, demand_id)
    return _demand_read(
        await update_from_request(session, ctx, demand, data, if_match, _demand_read)
    )


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
    statement = scoped_select(ctx, DisputeEvent, *columns_for(DisputeEvent, EventRead)).where(
        col(DisputeEvent.dispute_id) == dispute_id
    )
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
    return await page_of(session, statement, keys, EventRead, limit=limit, cursor=cursor)


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
    if_match: str | None,
) -> EventRead:
    event = await _get_event(session, ctx, dispute_id, event_id)
    return _event_read(await update_from_request(session, ctx, event, data, if_match, _event_read))


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
        scoped_select(
            ctx,
            DisputeContact,
            *columns_for(DisputeContact, DisputeContactRead),
            col(Contact.full_name).label("contact_name"),
        )
        .join(Contact, col(Contact.id) == col(DisputeContact.contact_id))
        .where(col(DisputeContact.dispute_id) == dispute_id)
    )
    if parts:
        statement = statement.where(col(DisputeContact.part).in_([p.value for p in parts]))
    keys = [SortKey(col(Contact.full_name), str), SortKey(col(DisputeContact.id), uuid.UUID)]
    return await page_of(session, statement, keys, DisputeContactRead, limit=limit, cursor=cursor)


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
    if_match: str | None,
) -> DisputeContactRead:
    link, name = await _get_link(session, ctx, dispute_id, contact_id)
    expected = expected_version(data.version, if_match)
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


_BALLOT_FIELDS = [name for name in BallotRead.model_fields if name != "verdict"]
_FACT_FIELDS = [field.name for field in dataclass_fields(BallotFacts)]


def _ballot_values(ballot: Ballot) -> dict[str, Any]:
    return {name: getattr(ballot, name) for name in _BALLOT_FIELDS}


def verdict_of(values: Mapping[str, Any], turnout_threshold_ends_on: date | None) -> BallotVerdict:
    facts = BallotFacts(**{name: values[name] for name in _FACT_FIELDS})
    return ballot_verdict(facts, turnout_threshold_ends_on=turnout_threshold_ends_on)


def ballot_read(values: Mapping[str, Any], turnout_threshold_ends_on: date | None) -> BallotRead:
    """The ballot (a row's mapping or a record's values) with its verdict worked out."""
    fields = {name: values[name] for name in _BALLOT_FIELDS}
    return BallotRead(**fields, verdict=verdict_of(values, turnout_threshold_ends_on))


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
    statement = scoped_select(ctx, Ballot, *columns_for(Ballot, BallotRead)).where(
        col(Ballot.dispute_id) == dispute_id
    )
    keys = sort_keys(
        sort,
        {"opens_on": (col(Ballot.opens_on), date)},
        "-opens_on",
        SortKey(col(Ballot.id), uuid.UUID),
    )
    rows, next_cursor = await keyset_page(session, statement, keys, limit=limit, cursor=cursor)
    return [ballot_read(row._mapping, turnout_threshold_ends_on) for row in rows], next_cursor


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
    return ballot_read(_ballot_values(ballot), turnout_threshold_ends_on)


async def read_ballot(
    session: AsyncSession,
    ctx: GroupContext,
    ballot_id: uuid.UUID,
    turnout_threshold_ends_on: date | None,
) -> BallotRead:
    return ballot_read(
        _ballot_values(await _get_ballot(session, ctx, ballot_id)), turnout_threshold_ends_on
    )


async def update_ballot(
    session: AsyncSession,
    ctx: GroupContext,
    ballot_id: uuid.UUID,
    data: BallotUpdate,
    if_match: str | None,
    turnout_threshold_ends_on: date | None,
) -> BallotRead:
    ballot = await _get_ballot(session, ctx, ballot_id)
    expected = expected_version(data.version, if_match)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    merged = {name: getattr(ballot, name) for name in BallotCreate.model_fields}
    merged.update(changes)
    check_ballot_figures(merged)
    writer = RecordWriter.for_context(session, ctx)
    updated = await update_checked(
        writer,
        ballot,
        changes,
        expected,
        lambda record: ballot_read(_ballot_values(record), turnout_threshold_ends_on),
    )
    return ballot_read(_ballot_values(updated), turnout_threshold_ends_on)


async def delete_ballot(
    session: AsyncSession,
    ctx: GroupContext,
    ballot_id: uuid.UUID,
    expected: ExpectedVersion | None,
    turnout_threshold_ends_on: date | None,
) -> None:
    ballot = await _get_ballot(session, ctx, ballot_id)
    await delete_with_dependents(
        session,
        ctx,
        ballot,
        expected,
        lambda record: ballot_read(_ballot_values(record), turnout_threshold_ends_on),
    )
