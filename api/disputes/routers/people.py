"""The people linked to a dispute (HTTP only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.core.context import SessionDep, SettingsDep
from api.core.deletion import delete_expectation
from api.core.idempotency import IdempotencyDep
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.versioning import IfMatchHeader, set_etag
from api.disputes.enums import DisputePart
from api.disputes.routers.common import (
    BULK_READ_ERRORS,
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
from api.reads.dependencies import ReadLogDep
from api.reads.enums import ReadKind
from api.reads.service import Read

router = APIRouter()

PERSON = DISPUTE + "/contacts/{contact_id}"


@router.get(
    DISPUTE + "/contacts",
    tags=["disputes"],
    operation_id="list_dispute_contacts",
    responses=BULK_READ_ERRORS,
)
async def list_dispute_contacts(
    dispute_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    log: ReadLogDep,
    part: Annotated[list[DisputePart] | None, Query(description="Any of these parts")] = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[DisputeContactRead]:
    """The people linked to the dispute (reps, strikers, supporters), by name. Pages after
    the first (every page, for an API token or an observer) are written to the read audit;
    observers may list a limited number of rows an hour (429 `read_limit_reached` with
    Retry-After beyond it)."""
    items, next_cursor = await service.list_dispute_contacts(
        session, ctx, dispute_id, parts=part, limit=limit, cursor=cursor
    )
    details = {"dispute_id": str(dispute_id)}
    if part:
        details["part"] = ",".join(sorted(p.value for p in part))
    await log.record(
        ctx,
        Read(
            ReadKind.dispute_contact_list,
            row_count=len(items),
            contact_ids=[item.contact_id for item in items],
            details=details,
            first_page=cursor is None,
        ),
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
    settings: SettingsDep,
    ctx: Writer,
    idem: IdempotencyDep,
) -> DisputeContactRead:
    """Link one of the group's contacts to the dispute as a rep, striker or supporter."""
    return await idem.run(
        ctx.user_id,
        DisputeContactRead,
        lambda: service.link_contact(
            session, ctx, dispute_id, data, settings.turnout_threshold_ends_on
        ),
    )


@router.get(PERSON, tags=["disputes"], operation_id="get_dispute_contact", responses=READ_ERRORS)
async def get_dispute_contact(
    dispute_id: uuid.UUID,
    contact_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    ctx: Reader,
    log: ReadLogDep,
) -> DisputeContactRead:
    """How a contact is linked to the dispute. The read is written to the read audit."""
    read = await service.read_dispute_contact(session, ctx, dispute_id, contact_id)
    await log.record(
        ctx,
        Read(
            ReadKind.dispute_contact,
            row_count=1,
            contact_ids=[contact_id],
            details={"dispute_id": str(dispute_id)},
        ),
    )
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
    settings: SettingsDep,
    ctx: Writer,
    if_match: IfMatchHeader = None,
) -> DisputeContactRead:
    """Change a linked contact's part; version-checked. A change to or from rep moves the
    dispute's ballot deadline follow-ups to the reps there are now."""
    read = await service.update_dispute_contact(
        session, ctx, dispute_id, contact_id, data, if_match, settings.turnout_threshold_ends_on
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
    settings: SettingsDep,
    ctx: Writer,
    version: VersionQuery = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Unlink a contact from the dispute (the contact itself is kept). A rep's open ballot
    deadline follow-ups go to another rep, if any."""
    await service.unlink_contact(
        session,
        ctx,
        dispute_id,
        contact_id,
        delete_expectation(version, if_match),
        settings.turnout_threshold_ends_on,
    )
