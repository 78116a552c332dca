from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.contacts import service
from api.contacts.dependencies import ContactFiltersDep
from api.contacts.schemas import (
    AssessmentCreate,
    AssessmentRead,
    AssessmentScaleRead,
    AssessmentScaleUpdate,
    AssessmentUpdate,
    ContactBulkResult,
    ContactBulkUpdate,
    ContactCreate,
    ContactCreated,
    ContactRead,
    ContactUpdate,
    DuplicateCheck,
    HistoryEntry,
)
from api.core.context import GroupContext, SessionDep, require
from api.core.deletion import delete_expectation
from api.core.errors import error_responses
from api.core.idempotency import IdempotencyDep
from api.core.listing import UpdatedSinceQuery
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.permissions import Permission, Scope
from api.core.versioning import IfMatchHeader, set_etag

router = APIRouter(prefix="/api/v1/groups/{group_id}")

Reader = Annotated[GroupContext, require(Permission.records_read, Scope.contacts_read)]
Writer = Annotated[GroupContext, require(Permission.contacts_write, Scope.contacts_write)]
Deleter = Annotated[GroupContext, require(Permission.contacts_delete, Scope.contacts_write)]
BulkEditor = Annotated[GroupContext, require(Permission.bulk_edit, Scope.contacts_write)]
ScaleEditor = Annotated[GroupContext, require(Permission.settings_manage, Scope.contacts_write)]
DeleteVersion = Annotated[
    int | None, Query(description="The version you read; alternative to If-Match")
]

READ_ERRORS = error_responses(401, 403, 404, 422)
CREATE_ERRORS = error_responses(401, 403, 404, 422)
UPDATE_ERRORS = error_responses(401, 403, 404, 409, 412, 422, 428)
DELETE_ERRORS = error_responses(401, 403, 404, 409, 412, 422)
CONTACT_SORT = (
    "Sort by `full_name` (default), `updated_at`, `created_at`, `assessment_level` "
    "(unassessed last) or `last_conversation_at` (never talked to first); `-` for descending"
)


# --- contacts ------------------------------------------------------------------------------


@router.post(
    "/contacts",
    status_code=status.HTTP_201_CREATED,
    tags=["contacts"],
    operation_id="create_contact",
    responses=CREATE_ERRORS,
)
async def create_contact(
    data: ContactCreate, session: SessionDep, ctx: Writer, idem: IdempotencyDep
) -> ContactCreated:
    """Add a worker. The contact is always created; `possible_duplicates` lists existing
    contacts with the same email, the same phone (ignoring spaces and punctuation) or the
    same name at the same workplace, so the client can offer to merge or undo."""
    return await idem.run(
        ctx.user_id, ContactCreated, lambda: service.create_contact(session, ctx, data)
    )


@router.get("/contacts", tags=["contacts"], operation_id="list_contacts", responses=READ_ERRORS)
async def list_contacts(
    session: SessionDep,
    ctx: Reader,
    filters: ContactFiltersDep,
    sort: Annotated[str | None, Query(max_length=50, description=CONTACT_SORT)] = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[ContactRead]:
    """The group's contacts; `q` searches names, emails, phones (ignoring punctuation) and
    notes. Filters combine with AND."""
    items, next_cursor = await service.list_contacts(
        session, ctx, filters, sort=sort, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get(
    "/contacts/duplicates",
    tags=["contacts"],
    operation_id="find_duplicate_contacts",
    responses=READ_ERRORS,
)
async def find_duplicate_contacts(
    session: SessionDep,
    ctx: Reader,
    email: Annotated[str | None, Query(max_length=320)] = None,
    phone: Annotated[str | None, Query(max_length=40)] = None,
    full_name: Annotated[str | None, Query(max_length=200)] = None,
    workplace_id: uuid.UUID | None = None,
) -> DuplicateCheck:
    """Check before creating: contacts with this email, this phone (ignoring spaces and
    punctuation), or this name at this workplace."""
    matches = await service.find_duplicates(
        session, ctx, email=email, phone=phone, full_name=full_name, workplace_id=workplace_id
    )
    return DuplicateCheck(possible_duplicates=matches)


@router.post(
    "/contacts/bulk",
    tags=["contacts"],
    operation_id="bulk_update_contacts",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def bulk_update_contacts(
    data: ContactBulkUpdate, session: SessionDep, ctx: BulkEditor
) -> ContactBulkResult:
    """Apply one change (add or remove a tag, set the organiser, set the membership status)
    to up to 500 contacts at once, all or nothing. If any id is not a contact of this group
    the answer is 422 listing them in `invalid_ids`, and nothing is changed."""
    return await service.bulk_update(session, ctx, data)


@router.get(
    "/contacts/{contact_id}", tags=["contacts"], operation_id="get_contact", responses=READ_ERRORS
)
async def get_contact(
    contact_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> ContactRead:
    """One contact, with their latest assessment and conversation time; the ETag header
    carries the version."""
    record = await service.get_contact(session, ctx, contact_id)
    set_etag(response, record.version)
    return service.present_contact(record)


@router.patch(
    "/contacts/{contact_id}",
    tags=["contacts"],
    operation_id="update_contact",
    responses=UPDATE_ERRORS,
)
async def update_contact(
    contact_id: uuid.UUID,
    data: ContactUpdate,
    response: Response,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> ContactRead:
    """Change some fields; send the version you read (body `version` or If-Match). A
    department or shift must belong to the contact's workplace."""
    result = await service.update_contact(session, ctx, contact_id, data, if_match)
    set_etag(response, result.version)
    return result


@router.delete(
    "/contacts/{contact_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["contacts"],
    operation_id="delete_contact",
    responses=DELETE_ERRORS,
)
async def delete_contact(
    contact_id: uuid.UUID,
    session: SessionDep,
    ctx: Deleter,
    if_match: IfMatchHeader = None,
    version: DeleteVersion = None,
) -> None:
    """Delete a contact with their assessments, conversations and follow-ups (organisers).
    Deleted means deleted: only tombstones (ids and time) remain."""
    await service.delete_contact(session, ctx, contact_id, delete_expectation(version, if_match))


@router.get(
    "/contacts/{contact_id}/history",
    tags=["contacts"],
    operation_id="get_contact_history",
    responses=READ_ERRORS,
)
async def get_contact_history(
    contact_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[HistoryEntry]:
    """Assessments, conversations and edits (who changed which fields when, never the
    values), newest first."""
    items, next_cursor = await service.contact_history(
        session, ctx, contact_id, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


# --- assessments ---------------------------------------------------------------------------


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
        lambda: service.create_assessment(session, ctx, contact_id, data),
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
    updated_since: UpdatedSinceQuery = None,
    sort: Annotated[
        str | None,
        Query(
            max_length=50,
            description="`-assessed_at` (default), `assessed_at`, `created_at`, `updated_at`",
        ),
    ] = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[AssessmentRead]:
    """A contact's assessment history, newest first."""
    items, next_cursor = await service.list_assessments(
        session,
        ctx,
        contact_id,
        updated_since=updated_since,
        sort=sort,
        limit=limit,
        cursor=cursor,
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
    record = await service.get_assessment(session, ctx, assessment_id)
    set_etag(response, record.version)
    return service.present_assessment(record)


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
    result = await service.update_assessment(session, ctx, assessment_id, data, if_match)
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
    await service.delete_assessment(
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
    result = await service.read_scale(session, ctx)
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
    result = await service.update_scale(session, ctx, data, if_match)
    set_etag(response, result.version)
    return result
