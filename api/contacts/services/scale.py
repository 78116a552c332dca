"""The group's own words for the fixed 1-5 assessment scale."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.contacts.models import AssessmentScale
from api.contacts.schemas.assessments import LABELS, AssessmentScaleRead, AssessmentScaleUpdate
from api.core.context import GroupContext
from api.core.queries import any_of
from api.core.records import RecordWriter
from api.core.tenancy import scoped_select
from api.core.tenants import Group
from api.core.versioning import expected_version, stale, update_checked


def _default_labels() -> dict[str, str]:
    return {name: str(AssessmentScale.model_fields[name].default) for name in LABELS}


def present_scale(record: AssessmentScale | None) -> AssessmentScaleRead:
    if record is None:
        return AssessmentScaleRead(**_default_labels(), version=0, updated_at=None)
    return AssessmentScaleRead.model_validate(record, from_attributes=True)


async def _scale_row(session: AsyncSession, ctx: GroupContext) -> AssessmentScale | None:
    return (await session.execute(scoped_select(ctx, AssessmentScale))).scalars().first()  # type: ignore[no-any-return]


async def read_scale(session: AsyncSession, ctx: GroupContext) -> AssessmentScaleRead:
    return present_scale(await _scale_row(session, ctx))


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, AssessmentScaleRead]:
    """The group's scale if its id is among these, as the scale endpoint shows it."""
    statement = scoped_select(ctx, AssessmentScale).where(
        any_of(session, col(AssessmentScale.id), ids)
    )
    records = (await session.execute(statement)).scalars().all()
    return {record.id: present_scale(record) for record in records}


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
            raise stale(expected, present_scale(None))
        record = await writer.create(AssessmentScale(**(_default_labels() | changes)))
        return present_scale(record)
    record = await update_checked(writer, record, changes, expected, present_scale)
    return present_scale(record)
