"""A dispute's timeline: dated meetings, grievances, negotiations, ballots and strike days."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.deletion import delete_with_dependents
from api.core.errors import NotFound
from api.core.listing import sort_keys
from api.core.pagination import SortKey
from api.core.queries import columns_for, load_by_columns, page_of, rows_by_id
from api.core.records import RecordWriter
from api.core.tenancy import get_scoped, scoped_select
from api.core.versioning import ExpectedVersion, update_from_request
from api.disputes.enums import EventKind
from api.disputes.models import DisputeEvent
from api.disputes.schemas.timeline import EventCreate, EventRead, EventUpdate
from api.disputes.services.common import get_dispute


class EventNotFound(NotFound):
    code = "event_not_found"
    detail = "Timeline event not found"


def event_read(event: DisputeEvent) -> EventRead:
    return EventRead.model_validate(event, from_attributes=True)


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, EventRead]:
    """The group's timeline events with these ids, each as an item of the timeline list."""
    return await load_by_columns(session, ctx, DisputeEvent, EventRead, ids)


async def load_rows(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The same timeline events as `load_reads`, as their JSON's fields (for the change feed)."""
    return await rows_by_id(session, ctx, DisputeEvent, EventRead, ids)


async def next_event(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID
) -> EventRead | None:
    """The dispute's first timeline event from today on (for the dispute's page)."""
    event = (
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
    return event_read(event) if event else None


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
    return event_read(event)


async def read_event(
    session: AsyncSession, ctx: GroupContext, dispute_id: uuid.UUID, event_id: uuid.UUID
) -> EventRead:
    return event_read(await _get_event(session, ctx, dispute_id, event_id))


async def update_event(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    event_id: uuid.UUID,
    data: EventUpdate,
    if_match: str | None,
) -> EventRead:
    event = await _get_event(session, ctx, dispute_id, event_id)
    return event_read(await update_from_request(session, ctx, event, data, if_match, event_read))


async def delete_event(
    session: AsyncSession,
    ctx: GroupContext,
    dispute_id: uuid.UUID,
    event_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    event = await _get_event(session, ctx, dispute_id, event_id)
    await delete_with_dependents(session, ctx, event, expected, event_read)
