"""A contact's history."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from api.contacts.routers.common import GROUP_PREFIX, READ_ERRORS, Reader
from api.contacts.schemas.history import HistoryEntry
from api.contacts.services import history
from api.core.context import SessionDep
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page

router = APIRouter(prefix=GROUP_PREFIX)


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
    items, next_cursor = await history.contact_history(
        session, ctx, contact_id, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)
