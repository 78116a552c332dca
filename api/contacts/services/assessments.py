"""Assessments: dated judgements of how supportive a contact is."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.contacts.models import Assessment
from api.contacts.schemas.assessments import AssessmentCreate, AssessmentRead, AssessmentUpdate
from api.contacts.services.contacts import get_contact
from api.contacts.services.summary import refresh_contact_summary
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.deletion import delete_with_dependents
from api.core.errors import NotFound
from api.core.listing import apply_updated_since, sort_keys
from api.core.pagination import SortKey
from api.core.queries import columns_for, load_by_columns, page_of, rows_by_id
from api.core.records import RecordWriter
from api.core.references import check_member
from api.core.tenancy import get_scoped, scoped_select
from api.core.versioning import ExpectedVersion, expected_version, update_checked


class AssessmentNotFound(NotFound):
    code = "assessment_not_found"
    detail = "Assessment not found"


def present_assessment(record: Assessment) -> AssessmentRead:
    return AssessmentRead.model_validate(record, from_attributes=True)


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


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, AssessmentRead]:
    """The current assessments with these ids, each as an item of a contact's assessments."""
    return await load_by_columns(session, ctx, Assessment, AssessmentRead, ids)


async def load_rows(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The same assessments as `load_reads`, as their JSON's fields (for the change feed)."""
    return await rows_by_id(session, ctx, Assessment, AssessmentRead, ids)


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
