"""Assessments and the group's assessment scale."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from api.contacts.routers.common import (
    CREATE_ERRORS,
    DELETE_ERRORS,
    GROUP_PREFIX,
    READ_ERRORS,
    UPDATE_ERRORS,
    Reader,
    ScaleEditor,
    Writer,
)
from api.contacts.schemas.assessments import (
    AssessmentCreate,
    AssessmentRead,
    AssessmentScaleRead,
    AssessmentScaleUpdate,
    AssessmentUpdate,
)
from api.contacts.services import assessments, scale
from api.core.context import SessionDep
from api.core.deletion import delete_expectation
from api.core.idempotency import IdempotencyDep
from api.core.listing import UpdatedSinceQuery, sort_query
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.versioning import DeleteVersion, IfMatchHeader, set_etag
from api.reads.dependencies import ReadLogDep
from api.reads.enums import ReadKind
from api.reads.service import Read

router = APIRouter(prefix=GROUP_PREFIX)


@router.post(
    "/contacts/{contact_id}/assessments",
    status_code=status.HTTP_201_CREATED,
    tags=["assessments"],
    operation_id="create_assessment",
    responses=CREATE_ERRORS,
)
async def create_assessment(
    contact_id: uuid.UUID,
    data: AssessmentCreate,
    session: SessionDep,
    ctx: Writer,
    idem: IdempotencyDep,
) -> AssessmentRead:
    """Record how supportive a contact is (1-5, or null for unassessed), when and why. The
    contact shows the assessment with the latest `assessed_at`; a back-dated one joins the
    history without replacing a newer one."""
    return await idem.run(
        ctx.user_id,
        AssessmentRead,
        lambda: assessments.create_assessment(session, ctx, contact_id, data),
    )


@router.get(
    "/contacts/{contact_id}/assessments",
    tags=["assessments"],
    operation_id="list_assessments",
    responses=READ_ERRORS,
)
async def list_assessments(
    contact_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    log: ReadLogDep,
    updated_since: UpdatedSinceQuery = None,
    sort: str | None = sort_query(
        "assessed_at", "created_at", "updated_at", default="-assessed_at"
    ),
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[AssessmentRead]:
    """A contact's assessment history, newest first. The read is written to the read
    audit."""
    items, next_cursor = await assessments.list_assessments(
        session,
        ctx,
        contact_id,
        updated_since=updated_since,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    await log.record(
        ctx, Read(ReadKind.contact_assessments, row_count=len(items), contact_ids=[contact_id])
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get(
    "/assessments/{assessment_id}",
    tags=["assessments"],
    operation_id="get_assessment",
    responses=READ_ERRORS,
)
async def get_assessment(
    assessment_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> AssessmentRead:
    """One assessment; the ETag header carries its version."""
    record = await assessments.get_assessment(session, ctx, assessment_id)
    set_etag(response, record.version)
    return assessments.present_assessment(record)


@router.patch(
    "/assessments/{assessment_id}",
    tags=["assessments"],
    operation_id="update_assessment",
    responses=UPDATE_ERRORS,
)
async def update_assessment(
    assessment_id: uuid.UUID,
    data: AssessmentUpdate,
    response: Response,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> AssessmentRead:
    """Correct an assessment; the contact's current level is recomputed."""
    result = await assessments.update_assessment(session, ctx, assessment_id, data, if_match)
    set_etag(response, result.version)
    return result


@router.delete(
    "/assessments/{assessment_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["assessments"],
    operation_id="delete_assessment",
    responses=DELETE_ERRORS,
)
async def delete_assessment(
    assessment_id: uuid.UUID,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
    version: DeleteVersion = None,
) -> None:
    """Delete an assessment made in error; the contact's current level is recomputed."""
    await assessments.delete_assessment(
        session, ctx, assessment_id, delete_expectation(version, if_match)
    )


@router.get(
    "/assessment-scale",
    tags=["assessments"],
    operation_id="get_assessment_scale",
    responses=READ_ERRORS,
)
async def get_assessment_scale(
    response: Response, session: SessionDep, ctx: Reader
) -> AssessmentScaleRead:
    """The group's labels for levels 1-5 and for unassessed (version 0: the defaults)."""
    result = await scale.read_scale(session, ctx)
    set_etag(response, result.version)
    return result


@router.patch(
    "/assessment-scale",
    tags=["assessments"],
    operation_id="update_assessment_scale",
    responses=UPDATE_ERRORS,
)
async def update_assessment_scale(
    data: AssessmentScaleUpdate,
    response: Response,
    session: SessionDep,
    ctx: ScaleEditor,
    if_match: IfMatchHeader = None,
) -> AssessmentScaleRead:
    """Rename the levels (organisers). The numbers and their order are fixed: 1 is the
    most supportive, 5 the most hostile."""
    result = await scale.update_scale(session, ctx, data, if_match)
    set_etag(response, result.version)
    return result
