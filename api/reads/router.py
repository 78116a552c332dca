"""The read audit, for owners: who looked at one person, who read the most, the alert."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from api.contacts.services.contacts import get_contact
from api.core.context import GroupContext, SessionDep, require
from api.core.db import utcnow
from api.core.errors import error_responses
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.permissions import Permission
from api.reads import service
from api.reads.schemas import ContactReadEntry, ReadAlertSettings, TopReaders

router = APIRouter(prefix="/api/v1/groups/{group_id}/audit/reads", tags=["audit"])

# People only (no token scope): the audit of people's reads is not integration data.
Owner = Annotated[GroupContext, require(Permission.reads_audit)]


@router.get(
    "/contacts/{contact_id}",
    operation_id="list_contact_reads",
    responses=error_responses(401, 403, 404, 422),
)
async def list_contact_reads(
    contact_id: uuid.UUID,
    session: SessionDep,
    ctx: Owner,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[ContactReadEntry]:
    """Who has looked at this person: every recorded read that showed their record (their
    page, history or conversations, a follow-up, dispute link or action naming them, a list,
    duplicate check or change-feed page, an export that held them, a subject access), who
    made it and when, newest first (owners)."""
    await get_contact(session, ctx, contact_id)
    items, next_cursor = await service.reads_of_contact(
        session, ctx, contact_id, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get(
    "/top",
    operation_id="list_top_readers",
    responses=error_responses(401, 403, 404, 422),
)
async def list_top_readers(
    session: SessionDep,
    ctx: Owner,
    days: Annotated[int, Query(ge=1, le=365, description="The window, in days up to now")] = 7,
    limit: Annotated[int, Query(ge=1, le=100, description="How many accounts")] = 20,
) -> TopReaders:
    """Who has read the most over the last `days` days: per account, the records of people
    shown, the reads recorded and the exports, most first (owners)."""
    since = utcnow() - timedelta(days=days)
    readers = await service.top_readers(session, ctx, since=since, limit=limit)
    return TopReaders(since=since, readers=readers)


@router.get(
    "/settings",
    operation_id="get_read_alert_settings",
    responses=error_responses(401, 403, 404),
)
async def get_read_alert_settings(session: SessionDep, ctx: Owner) -> ReadAlertSettings:
    """The group's read alert (owners)."""
    return await service.get_alert_settings(session, ctx)


@router.put(
    "/settings",
    operation_id="set_read_alert_settings",
    responses=error_responses(401, 403, 404, 422),
)
async def set_read_alert_settings(
    data: ReadAlertSettings, session: SessionDep, ctx: Owner
) -> ReadAlertSettings:
    """Set or clear the read alert: when one account reads more contacts than
    `alert_contacts_per_hour` within an hour, the owners are emailed who and how many (never
    whose records), at most once per account per hour (owners)."""
    return await service.set_alert_settings(session, ctx, data)
