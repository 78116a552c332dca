"""The distribution log: each hand-out of an edition at a workplace, the feedback heard about
it, and what the bulletins reached at each workplace."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement, Select
from sqlmodel import col

from api.bulletins.editions.models import Bulletin, Edition, Feedback, Handout
from api.bulletins.editions.schemas import (
    FeedbackCreate,
    FeedbackRead,
    FeedbackUpdate,
    HandoutCreate,
    HandoutRead,
    HandoutUpdate,
    LastHandout,
    WorkplaceReach,
)
from api.bulletins.editions.services.common import get_edition
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.deletion import delete_with_dependents
from api.core.errors import NotFound
from api.core.listing import aware_query_time
from api.core.pagination import SortKey
from api.core.queries import columns_for, load_by_columns, page_of, rows_by_id
from api.core.records import RecordWriter
from api.core.references import NOT_IN_GROUP, check_record, invalid
from api.core.tenancy import get_scoped, in_group, scoped_select
from api.core.versioning import ExpectedVersion, update_from_request
from api.workplaces.models import Shift, Workplace
from api.workplaces.services.common import get_workplace

# "Copies per head over the last 3 months".
REACH_WINDOW = timedelta(days=91)


class HandoutNotFound(NotFound):
    code = "handout_not_found"
    detail = "Hand-out not found"


class FeedbackNotFound(NotFound):
    code = "feedback_not_found"
    detail = "Feedback not found"


def handout_read(handout: Handout) -> HandoutRead:
    return HandoutRead.model_validate(handout, from_attributes=True)


def feedback_read(feedback: Feedback) -> FeedbackRead:
    return FeedbackRead.model_validate(feedback, from_attributes=True)


async def load_handout_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, HandoutRead]:
    return await load_by_columns(session, ctx, Handout, HandoutRead, ids)


async def load_feedback_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, FeedbackRead]:
    return await load_by_columns(session, ctx, Feedback, FeedbackRead, ids)


async def load_handout_rows(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The same handouts as `load_handout_reads`, as their JSON's fields (for the change feed)."""
    return await rows_by_id(session, ctx, Handout, HandoutRead, ids)


async def load_feedback_rows(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The same feedback as `load_feedback_reads`, as its JSON's fields (for the change feed)."""
    return await rows_by_id(session, ctx, Feedback, FeedbackRead, ids)


@dataclass(frozen=True)
class HandoutFilters:
    """Which hand-outs an export of the distribution log holds: one edition's, or the group's
    over a time range, or both."""

    edition_id: uuid.UUID | None = None
    handed_out_from: datetime | None = None
    handed_out_to: datetime | None = None


def handouts_matching(ctx: GroupContext, filters: HandoutFilters, *columns: Any) -> Select[Any]:
    """`SELECT columns` of the group's hand-outs matching the filters (for exports)."""
    conditions: list[ColumnElement[bool]] = []
    if filters.edition_id is not None:
        conditions.append(col(Handout.edition_id) == filters.edition_id)
    if filters.handed_out_from is not None:
        conditions.append(
            col(Handout.handed_out_at) >= aware_query_time("from", filters.handed_out_from)
        )
    if filters.handed_out_to is not None:
        conditions.append(
            col(Handout.handed_out_at) <= aware_query_time("to", filters.handed_out_to)
        )
    return scoped_select(ctx, Handout, *columns).where(*conditions)


async def check_filters(session: AsyncSession, ctx: GroupContext, filters: HandoutFilters) -> None:
    """The edition named must be the group's (a 422 on `edition_id` otherwise)."""
    if filters.edition_id is None:
        return
    found = await session.execute(
        scoped_select(ctx, Edition, Edition.id).where(col(Edition.id) == filters.edition_id)
    )
    if found.first() is None:
        raise invalid(
            "edition_id",
            "edition_id is not an edition in this group",
            where="query",
            code=NOT_IN_GROUP,
            type="not_in_group",
        )


async def _check_places(
    session: AsyncSession,
    ctx: GroupContext,
    workplace_id: uuid.UUID | None,
    shift_id: uuid.UUID | None,
) -> None:
    if workplace_id is not None:
        await check_record(session, ctx, Workplace, workplace_id, "workplace_id", "a workplace")
    if shift_id is not None:
        await check_record(session, ctx, Shift, shift_id, "shift_id", "a shift")


async def list_handouts(
    session: AsyncSession,
    ctx: GroupContext,
    edition_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
) -> tuple[list[HandoutRead], str | None]:
    await get_edition(session, ctx, edition_id)
    statement = scoped_select(ctx, Handout, *columns_for(Handout, HandoutRead)).where(
        col(Handout.edition_id) == edition_id
    )
    keys = [
        SortKey(col(Handout.handed_out_at), type(utcnow()), descending=True),
        SortKey(col(Handout.id), uuid.UUID),
    ]
    return await page_of(session, statement, keys, HandoutRead, limit=limit, cursor=cursor)


async def create_handout(
    session: AsyncSession, ctx: GroupContext, edition_id: uuid.UUID, data: HandoutCreate
) -> HandoutRead:
    edition = await get_edition(session, ctx, edition_id)
    await _check_places(session, ctx, data.workplace_id, data.shift_id)
    handout = await RecordWriter.for_context(session, ctx).create(
        Handout(edition_id=edition.id, **data.model_dump())
    )
    return handout_read(handout)


async def _get_handout(session: AsyncSession, ctx: GroupContext, handout_id: uuid.UUID) -> Handout:
    return await get_scoped(session, ctx, Handout, handout_id, HandoutNotFound)


async def read_handout(
    session: AsyncSession, ctx: GroupContext, handout_id: uuid.UUID
) -> HandoutRead:
    return handout_read(await _get_handout(session, ctx, handout_id))


async def update_handout(
    session: AsyncSession,
    ctx: GroupContext,
    handout_id: uuid.UUID,
    data: HandoutUpdate,
    if_match: str | None,
) -> HandoutRead:
    handout = await _get_handout(session, ctx, handout_id)
    await _check_places(session, ctx, data.workplace_id, data.shift_id)
    await update_from_request(session, ctx, handout, data, if_match, handout_read)
    return handout_read(handout)


async def delete_handout(
    session: AsyncSession,
    ctx: GroupContext,
    handout_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    handout = await _get_handout(session, ctx, handout_id)
    await delete_with_dependents(session, ctx, handout, expected, handout_read)


async def list_feedback(
    session: AsyncSession,
    ctx: GroupContext,
    edition_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
) -> tuple[list[FeedbackRead], str | None]:
    await get_edition(session, ctx, edition_id)
    statement = scoped_select(ctx, Feedback, *columns_for(Feedback, FeedbackRead)).where(
        col(Feedback.edition_id) == edition_id
    )
    keys = [
        SortKey(col(Feedback.heard_on), type(utcnow().date()), descending=True),
        SortKey(col(Feedback.id), uuid.UUID),
    ]
    return await page_of(session, statement, keys, FeedbackRead, limit=limit, cursor=cursor)


async def create_feedback(
    session: AsyncSession, ctx: GroupContext, edition_id: uuid.UUID, data: FeedbackCreate
) -> FeedbackRead:
    edition = await get_edition(session, ctx, edition_id)
    await _check_places(session, ctx, data.workplace_id, None)
    feedback = await RecordWriter.for_context(session, ctx).create(
        Feedback(edition_id=edition.id, **data.model_dump())
    )
    return feedback_read(feedback)


async def _get_feedback(
    session: AsyncSession, ctx: GroupContext, feedback_id: uuid.UUID
) -> Feedback:
    return await get_scoped(session, ctx, Feedback, feedback_id, FeedbackNotFound)


async def read_feedback(
    session: AsyncSession, ctx: GroupContext, feedback_id: uuid.UUID
) -> FeedbackRead:
    return feedback_read(await _get_feedback(session, ctx, feedback_id))


async def update_feedback(
    session: AsyncSession,
    ctx: GroupContext,
    feedback_id: uuid.UUID,
    data: FeedbackUpdate,
    if_match: str | None,
) -> FeedbackRead:
    feedback = await _get_feedback(session, ctx, feedback_id)
    await _check_places(session, ctx, data.workplace_id, None)
    await update_from_request(session, ctx, feedback, data, if_match, feedback_read)
    return feedback_read(feedback)


async def delete_feedback(
    session: AsyncSession,
    ctx: GroupContext,
    feedback_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    feedback = await _get_feedback(session, ctx, feedback_id)
    await delete_with_dependents(session, ctx, feedback, expected, feedback_read)


async def workplace_reach(
    session: AsyncSession, ctx: GroupContext, workplace_id: uuid.UUID
) -> WorkplaceReach:
    """The last edition handed out at the workplace, and copies per head of its workforce
    over the last 3 months."""
    workplace = await get_workplace(session, ctx, workplace_id)
    last = (
        await session.execute(
            scoped_select(
                ctx,
                Handout,
                Handout.edition_id,
                Handout.handed_out_at,
                Edition.number,
                Bulletin.title,
            )
            .join(Edition, (col(Edition.id) == col(Handout.edition_id)) & in_group(ctx, Edition))
            .join(
                Bulletin, (col(Bulletin.id) == col(Edition.bulletin_id)) & in_group(ctx, Bulletin)
            )
            .where(col(Handout.workplace_id) == workplace.id)
            .order_by(col(Handout.handed_out_at).desc(), col(Handout.id).desc())
            .limit(1)
        )
    ).first()
    copies = (
        await session.execute(
            scoped_select(ctx, Handout, func.coalesce(func.sum(Handout.copies_given), 0)).where(
                col(Handout.workplace_id) == workplace.id,
                col(Handout.handed_out_at) >= utcnow() - REACH_WINDOW,
            )
        )
    ).scalar_one()
    headcount = workplace.estimated_headcount
    return WorkplaceReach(
        last_handout=LastHandout(
            edition_id=last.edition_id,
            bulletin_title=last.title,
            number=last.number,
            handed_out_at=last.handed_out_at,
        )
        if last
        else None,
        copies_last_3_months=int(copies),
        estimated_headcount=headcount,
        copies_per_head=round(int(copies) / headcount, 2) if headcount else None,
    )
