"""Contacts: create, list, check for duplicates, change in bulk, read, change, delete."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.contacts.dependencies import ContactFiltersDep
from api.contacts.routers.common import (
    BULK_READ_ERRORS,
    CREATE_ERRORS,
    DELETE_ERRORS,
    GROUP_PREFIX,
    READ_ERRORS,
    UPDATE_ERRORS,
    BulkEditor,
    Deleter,
    Reader,
    Writer,
)
from api.contacts.schemas.contacts import (
    ContactBulkResult,
    ContactBulkUpdate,
    ContactCreate,
    ContactCreated,
    ContactMerge,
    ContactRead,
    ContactUpdate,
    DuplicateCheck,
)
from api.contacts.services import bulk, duplicates, merge, saved_filters
from api.contacts.services import contacts as service
from api.core.context import SessionDep
from api.core.deletion import delete_expectation
from api.core.errors import error_responses
from api.core.idempotency import IdempotencyDep
from api.core.listing import sort_query
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.rendering import RenderedJSON, rendered_page
from api.core.versioning import DeleteVersion, IfMatchHeader, set_etag
from api.exports.service import WITHHELD
from api.reads.dependencies import ReadLogDep
from api.reads.enums import ReadKind
from api.reads.service import Read

router = APIRouter(prefix=GROUP_PREFIX)


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


@router.get(
    "/contacts",
    tags=["contacts"],
    operation_id="list_contacts",
    responses=BULK_READ_ERRORS,
    response_model=Page[ContactRead],
    response_class=RenderedJSON,
)
async def list_contacts(
    session: SessionDep,
    ctx: Reader,
    log: ReadLogDep,
    filters: ContactFiltersDep,
    sort: str | None = sort_query(
        "full_name",
        "updated_at",
        "created_at",
        "assessment_level",
        "last_conversation_at",
        default="full_name",
        note="`assessment_level` puts the unassessed last, `last_conversation_at` puts those "
        "never talked to first",
    ),
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> RenderedJSON:
    """The group's contacts; `q` searches names, emails, phones (ignoring punctuation) and
    notes. Filters combine with AND, with those of `saved_filter_id` too. Pages after the
    first (every page, for an API token or an observer) are written to the read audit;
    observers may list a limited number of rows an hour (429 `read_limit_reached` with
    Retry-After beyond it)."""
    filters = await saved_filters.resolve(session, ctx, filters)
    items, next_cursor = await service.list_contacts(
        session, ctx, filters, sort=sort, limit=limit, cursor=cursor
    )
    await log.record(
        ctx,
        Read(
            ReadKind.contact_list,
            row_count=len(items),
            contact_ids=[item["id"] for item in items],
            filters=filters,
            first_page=cursor is None,
        ),
    )
    return rendered_page(items, next_cursor)


@router.get(
    "/contacts/duplicates",
    tags=["contacts"],
    operation_id="find_duplicate_contacts",
    responses=BULK_READ_ERRORS,
)
async def find_duplicate_contacts(
    session: SessionDep,
    ctx: Reader,
    log: ReadLogDep,
    email: Annotated[str | None, Query(max_length=320)] = None,
    phone: Annotated[str | None, Query(max_length=40)] = None,
    full_name: Annotated[str | None, Query(max_length=200)] = None,
    workplace_id: uuid.UUID | None = None,
) -> DuplicateCheck:
    """Check before creating: contacts with this email, this phone (ignoring spaces and
    punctuation), or this name at this workplace. Like a list's first page, a check made
    through an API token or by an observer is written to the read audit (which fields were
    given, never their values) and counts towards an observer's hourly limit."""
    matches = await duplicates.find_duplicates(
        session, ctx, email=email, phone=phone, full_name=full_name, workplace_id=workplace_id
    )
    # The values looked up are a person's email, phone or name: only their presence is kept.
    given = {"email": email, "phone": phone, "full_name": full_name}
    details = {name: WITHHELD for name, value in given.items() if value}
    if workplace_id is not None:
        details["workplace_id"] = str(workplace_id)
    await log.record(
        ctx,
        Read(
            ReadKind.duplicate_check,
            row_count=len(matches),
            contact_ids=[match.id for match in matches],
            details=details,
            first_page=True,
        ),
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
    return await bulk.bulk_update(session, ctx, data)


@router.get(
    "/contacts/{contact_id}",
    tags=["contacts"],
    operation_id="get_contact",
    responses=READ_ERRORS,
    response_model=ContactRead,
    response_class=RenderedJSON,
)
async def get_contact(
    contact_id: uuid.UUID, session: SessionDep, ctx: Reader, log: ReadLogDep
) -> RenderedJSON:
    """One contact, with their latest assessment and conversation time; the ETag header
    carries the version. The read is written to the read audit."""
    contact = await service.read_contact(session, ctx, contact_id)
    await log.record(ctx, Read(ReadKind.contact, row_count=1, contact_ids=[contact_id]))
    response = RenderedJSON(contact)
    set_etag(response, contact["version"])
    return response


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
    idem: IdempotencyDep,
    if_match: IfMatchHeader = None,
) -> ContactRead:
    """Change some fields; send the version you read (body `version` or If-Match). A
    department or shift must belong to the contact's workplace. With an Idempotency-Key, a
    change resent after a lost answer gets the first answer instead of a version conflict."""
    result = await idem.run(
        ctx.user_id,
        ContactRead,
        lambda: service.update_contact(session, ctx, contact_id, data, if_match),
    )
    set_etag(response, result.version)
    return result


@router.post(
    "/contacts/{contact_id}/merge",
    tags=["contacts"],
    operation_id="merge_contacts",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def merge_contacts(
    contact_id: uuid.UUID,
    data: ContactMerge,
    response: Response,
    session: SessionDep,
    ctx: Deleter,
) -> ContactRead:
    """Merge another contact (`merged_id`) into this one, for two records of one person
    (organisers). Fields named in `use_merged` take the merged contact's value, the rest
    keep this contact's. Conversations, assessments, follow-ups, dispute and solidarity
    links move to this contact (a link both had is kept once); the merged contact is
    deleted with a tombstone. The change feed and webhooks carry this contact's update, each
    moved record's update and the merged contact's delete; the audit trail records the
    merge. Both versions you read must still be current (409 otherwise, with the record that
    changed in `current`). All or nothing."""
    result = await merge.merge_contacts(session, ctx, contact_id, data)
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
