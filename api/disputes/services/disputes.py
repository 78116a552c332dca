"""Disputes as case files: the dispute, its workplaces, and the page that gathers its demands,
timeline, people and ballots."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select
from sqlmodel import col

from api.campaigns.services.duties import drop_duty_follow_ups
from api.core.context import GroupContext
from api.core.deletion import delete_with_dependents
from api.core.fields import money
from api.core.links import sync_links
from api.core.listing import apply_updated_since, sort_keys, text_search
from api.core.pagination import SortKey, keyset_page
from api.core.queries import any_of, json_array_contains
from api.core.records import RecordWriter
from api.core.references import check_all_in_group
from api.core.tenancy import scoped_select
from api.core.versioning import ExpectedVersion, expected_version, update_checked
from api.disputes.enums import DisputeStatus
from api.disputes.models import Ballot, Dispute, DisputeWorkplace
from api.disputes.schemas.disputes import (
    DisputeCreate,
    DisputeRead,
    DisputeSummary,
    DisputeUpdate,
    WorkplaceRef,
)
from api.disputes.services.ballots import ballot_briefs
from api.disputes.services.common import get_dispute
from api.disputes.services.demands import demands_of
from api.disputes.services.people import people_counts
from api.disputes.services.timeline import next_event
from api.workplaces.models import Workplace


def _percent_of_target(raised: Decimal, target: Decimal | None) -> float | None:
    if target is None or target <= 0:
        return None
    return float((raised * 100 / target).quantize(Decimal("0.1"), ROUND_HALF_UP))


_SUMMARY_FIELDS = (
    "id",
    "title",
    "summary",
    "status",
    "unions",
    "started_on",
    "strike_fund_target",
    "strike_fund_raised",
    "strike_fund_spent",
    "version",
    "created_at",
    "updated_at",
)
_SUMMARY_COLUMNS = [getattr(Dispute, name).label(name) for name in _SUMMARY_FIELDS]


def _summary(values: Mapping[str, Any], workplace_ids: list[uuid.UUID]) -> DisputeSummary:
    """A list item from the dispute's columns (a row's mapping or the record's attributes)."""
    target = money(values["strike_fund_target"])
    raised = money(values["strike_fund_raised"]) or Decimal("0.00")
    spent = money(values["strike_fund_spent"]) or Decimal("0.00")
    fields = {name: values[name] for name in _SUMMARY_FIELDS}
    fields.update(
        unions=list(values["unions"] or []),
        strike_fund_target=target,
        strike_fund_raised=raised,
        strike_fund_spent=spent,
        strike_fund_balance=raised - spent,
        strike_fund_percent=_percent_of_target(raised, target),
        workplace_ids=workplace_ids,
    )
    return DisputeSummary.model_validate(fields)


def _dispute_summary(dispute: Dispute, workplace_ids: list[uuid.UUID]) -> DisputeSummary:
    return _summary({name: getattr(dispute, name) for name in _SUMMARY_FIELDS}, workplace_ids)


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


async def _summaries(
    session: AsyncSession, ctx: GroupContext, rows: Sequence[Any]
) -> list[DisputeSummary]:
    """List items from rows of `_SUMMARY_COLUMNS`, with each dispute's workplaces."""
    workplaces = await _workplace_ids(session, ctx, [row.id for row in rows])
    return [_summary(row._mapping, workplaces[row.id]) for row in rows]


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, DisputeSummary]:
    """The group's disputes with these ids, each as an item of the dispute list."""
    statement = scoped_select(ctx, Dispute, *_SUMMARY_COLUMNS).where(
        any_of(session, col(Dispute.id), ids)
    )
    rows = (await session.execute(statement)).all()
    return {summary.id: summary for summary in await _summaries(session, ctx, rows)}


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
    demands = await demands_of(session, ctx, dispute_id)
    upcoming = await next_event(session, ctx, dispute_id)
    people = await people_counts(session, ctx, dispute_id)
    ballots = await ballot_briefs(session, ctx, dispute_id, turnout_threshold_ends_on)
    summary = _dispute_summary(dispute, [row[0] for row in workplaces])
    return DisputeRead(
        **summary.model_dump(),
        workplaces=[WorkplaceRef(id=row[0], name=row[1]) for row in workplaces],
        demands=demands,
        next_event=upcoming,
        people=people,
        ballots=ballots,
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
    ballot_ids = (
        (
            await session.execute(
                scoped_select(ctx, Ballot, col(Ballot.id)).where(
                    col(Ballot.dispute_id) == dispute_id
                )
            )
        )
        .scalars()
        .all()
    )
    await drop_duty_follow_ups(session, ctx, ballot_ids)
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
    return await _summaries(session, ctx, rows), next_cursor
