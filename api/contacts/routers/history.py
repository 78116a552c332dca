"""A contact's history."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from api.contacts.routers.common import GROUP_PREFIX, READ_ERRORS, Reader
from api.contacts.schemas.history import HistoryEntry
from api.contacts.services import history
from api.core.context import SessionDep
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.rendering import RenderedJSON, rendered_page
from api.reads.dependencies import ReadLogDep
from api.reads.enums import ReadKind
from api.reads.service import Read

router = APIRouter(prefix=GROUP_PREFIX)


@router.get(
    "/contacts/{contact_id}/history",
    tags=["contacts"],
    operation_id="get_contact_history",
    responses=READ_ERRORS,
    response_model=Page[HistoryEntry],
    response_class=RenderedJSON,
)
async def get_contact_history(
    contact_id: uuid.UUID,
    session: SessionDep,
    ctx: Reader,
    log: ReadLogDep,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> RenderedJSON:
    """Assessments, conversations and edits (who changed which fields when, never the
    values), newest first. The read is written to the read audit."""
    items, next_cursor = await history.contact_history(
        session, ctx, contact_id, limit=limit, cursor=cursor
    )
    await log.record(
        ctx, Read(ReadKind.contact_history, row_count=len(items), contact_ids=[contact_id])
    )
    return rendered_page(items, next_cursor)
