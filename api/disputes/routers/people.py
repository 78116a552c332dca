"""The people linked to a dispute (HTTP only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.core.context import SessionDep
from api.core.deletion import delete_expectation
from api.core.idempotency import IdempotencyDep
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.versioning import IfMatchHeader, set_etag
from api.disputes.enums import DisputePart
from api.disputes.routers.common import (
    CREATE_ERRORS,
    DELETE_ERRORS,
    DISPUTE,
    READ_ERRORS,
    UPDATE_ERRORS,
    Reader,
    VersionQuery,
    Writer,
)
from api.disputes.schemas.people import (
    DisputeContactCreate,
    DisputeContactRead,
    DisputeContactUpdate,
)
from api.disputes.services import people as service

router = APIRouter()

PERSON = DISPUTE + "/contacts/{contact_id}"


@router.get(
    DISPUTE + "/contacts",
    tags=["disputes"],
    operation_id="list_dispute_contacts",
    responses=READ_ERRORS,
)
async def list_dispute_contacts(
    dispute_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    part: Annotated[list[DisputePart] | None, Query(description="Any of these parts")] = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[DisputeContactRead]:
    """The people linked to the dispute (reps, strikers, supporters), by name."""
    items, next_cursor = await service.list_dispute_contacts(
        session, ctx, dispute_id, parts=part, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    DISPUTE + "/contacts",
    status_code=status.HTTP_201_CREATED,
    tags=["disputes"],
    operation_id="link_dispute_contact",
    responses=CREATE_ERRORS,
)
async def link_dispute_contact(
    dispute_id: uuid.UUID,
    data: DisputeContactCreate,
    session: SessionDep,
    ctx: Writer,
    idem: IdempotencyDep,
) -> DisputeContactRead:
    """Link one of the group's contacts to the dispute as a rep, striker or supporter."""
    return await idem.run(
        ctx.user_id,
        DisputeContactRead,
        lambda: service.link_contact(session, ctx, dispute_id, data),
    )


@router.get(PERSON, tags=["disputes"], operation_id="get_dispute_contact", responses=READ_ERRORS)
async def get_dispute_contact(
    dispute_id: uuid.UUID,
    contact_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    ctx: Reader,
) -> DisputeContactRead:
    """How a contact is linked to the dispute."""
    read = await service.read_dispute_contact(session, ctx, dispute_id, contact_id)
    set_etag(response, read.version)
    return read


@router.patch(
    PERSON, tags=["disputes"], operation_id="update_dispute_contact", responses=UPDATE_ERRORS
)
async def update_dispute_contact(
    dispute_id: uuid.UUID,
    contact_id: uuid.UUID,
    data: DisputeContactUpdate,
    response: Response,
    session: SessionDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> DisputeContactRead:
    """Change a linked contact's part; version-checked."""
    read = await service.update_dispute_contact(
        session, ctx, dispute_id, contact_id, data, if_match
    )
    set_etag(response, read.version)
    return read


@router.delete(
    PERSON,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["disputes"],
    operation_id="unlink_dispute_contact",
    responses=DELETE_ERRORS,
)
async def unlink_dispute_contact(
    dispute_id: uuid.UUID,
    contact_id: uuid.UUID,
    session: SessionDep,
    ctx: Writer,
    version: VersionQuery = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Unlink a contact from the dispute (the contact itself is kept)."""
    await service.unlink_contact(
        session, ctx, dispute_id, contact_id, delete_expectation(version, if_match)
    )
