from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Response, status

from api.contacts.services.contacts import get_contact
from api.conversations import service
from api.conversations.dependencies import ConversationFiltersDep
from api.conversations.schemas import (
    ConversationCreate,
    ConversationCreated,
    ConversationRead,
    ConversationUpdate,
)
from api.core.context import GroupContext, SessionDep, require
from api.core.deletion import delete_expectation
from api.core.errors import error_responses
from api.core.idempotency import IdempotencyDep
from api.core.listing import UpdatedSinceQuery, sort_query
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.permissions import Permission, Scope
from api.core.versioning import DeleteVersion, IfMatchHeader, set_etag
from api.reads.dependencies import ReadLogDep
from api.reads.enums import ReadKind
from api.reads.service import Read

router = APIRouter(prefix="/api/v1/groups/{group_id}")

Reader = Annotated[GroupContext, require(Permission.records_read, Scope.contacts_read)]
Writer = Annotated[GroupContext, require(Permission.conversations_write, Scope.contacts_write)]
READ_ERRORS = error_responses(401, 403, 404, 422)
# Lists of many people: an observer past the hourly read limit gets 429.
BULK_READ_ERRORS = error_responses(401, 403, 404, 422, 429)
UPDATE_ERRORS = error_responses(401, 403, 404, 409, 412, 422, 428)
DELETE_ERRORS = error_responses(401, 403, 404, 409, 412, 422)


@router.post(
    "/contacts/{contact_id}/conversations",
    status_code=status.HTTP_201_CREATED,
    tags=["conversations"],
    operation_id="create_conversation",
    responses=READ_ERRORS,
)
async def create_conversation(
    contact_id: uuid.UUID,
    data: ConversationCreate,
    session: SessionDep,
    ctx: Writer,
    idem: IdempotencyDep,
) -> ConversationCreated:
    """Log a conversation with a contact. The same request may record a new assessment
    (`assessment`, dated and attributed like the conversation) and create a follow-up
    (`follow_up`): all are saved together or, if anything is refused, none is."""
    return await idem.run(
        ctx.user_id,
        ConversationCreated,
        lambda: service.create_conversation(session, ctx, contact_id, data),
    )


@router.get(
    "/contacts/{contact_id}/conversations",
    tags=["conversations"],
    operation_id="list_contact_conversations",
    responses=READ_ERRORS,
)
async def list_contact_conversations(
    contact_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    log: ReadLogDep,
    updated_since: UpdatedSinceQuery = None,
    sort: str | None = sort_query(
        "occurred_at", "created_at", "updated_at", default="-occurred_at"
    ),
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[ConversationRead]:
    """A contact's conversations, most recent first. The read is written to the read
    audit."""
    await get_contact(session, ctx, contact_id)
    filters = service.ConversationFilters(contact_id=contact_id, updated_since=updated_since)
    items, next_cursor = await service.list_conversations(
        session, ctx, filters, sort=sort, limit=limit, cursor=cursor
    )
    await log.record(
        ctx, Read(ReadKind.contact_conversations, row_count=len(items), contact_ids=[contact_id])
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get(
    "/conversations",
    tags=["conversations"],
    operation_id="list_conversations",
    responses=BULK_READ_ERRORS,
)
async def list_conversations(
    session: SessionDep,
    ctx: Reader,
    log: ReadLogDep,
    filters: ConversationFiltersDep,
    sort: str | None = sort_query(
        "occurred_at", "created_at", "updated_at", default="-occurred_at"
    ),
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[ConversationRead]:
    """Recent conversations across the group; `q` searches notes, outcome, next step and
    the contact's name. Pages after the first (every page, for an API token or an
    observer) are written to the read audit; observers may list a limited number of rows an
    hour (429 `read_limit_reached` with Retry-After beyond it)."""
    items, next_cursor = await service.list_conversations(
        session, ctx, filters, sort=sort, limit=limit, cursor=cursor
    )
    await log.record(
        ctx,
        Read(
            ReadKind.conversation_list,
            row_count=len(items),
            contact_ids=[item.contact_id for item in items],
            filters=filters,
            first_page=cursor is None,
        ),
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get(
    "/conversations/{conversation_id}",
    tags=["conversations"],
    operation_id="get_conversation",
    responses=READ_ERRORS,
)
async def get_conversation(
    conversation_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    ctx: Reader,
    log: ReadLogDep,
) -> ConversationRead:
    """One conversation; the ETag header carries its version. The read is written to the
    read audit."""
    record, result = await service.read_conversation(session, ctx, conversation_id)
    await log.record(ctx, Read(ReadKind.conversation, row_count=1, contact_ids=[result.contact_id]))
    set_etag(response, record.version)
    return result


@router.patch(
    "/conversations/{conversation_id}",
    tags=["conversations"],
    operation_id="update_conversation",
    responses=UPDATE_ERRORS,
)
async def update_conversation(
    conversation_id: uuid.UUID,
    data: ConversationUpdate,
    response: Response,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> ConversationRead:
    """Correct a conversation's log; send the version you read (body `version` or
    If-Match)."""
    result = await service.update_conversation(session, ctx, conversation_id, data, if_match)
    set_etag(response, result.version)
    return result


@router.delete(
    "/conversations/{conversation_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["conversations"],
    operation_id="delete_conversation",
    responses=DELETE_ERRORS,
)
async def delete_conversation(
    conversation_id: uuid.UUID,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
    version: DeleteVersion = None,
) -> None:
    """Delete a conversation. Assessments and follow-ups made in it are kept."""
    await service.delete_conversation(
        session, ctx, conversation_id, delete_expectation(version, if_match)
    )
