"""Erasing one person (organisers and owners) and the group's retention rules (owners)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter

from api.core.context import GroupContext, SessionDep, require
from api.core.errors import error_responses
from api.core.permissions import Permission, Scope
from api.privacy import erasure
from api.privacy.schemas import ErasureReport, ErasureRequest

router = APIRouter(prefix="/api/v1/groups/{group_id}")

Eraser = Annotated[GroupContext, require(Permission.contacts_delete, Scope.contacts_write)]


@router.post(
    "/contacts/{contact_id}/erase",
    tags=["privacy"],
    operation_id="erase_contact",
    responses=error_responses(401, 403, 404, 422),
)
async def erase_contact(
    contact_id: uuid.UUID, data: ErasureRequest, session: SessionDep, ctx: Eraser
) -> ErasureReport:
    """Erase a person (UK GDPR Article 17; organisers and owners): their record and
    everything deleted with it, plus every copy the app holds — stored idempotent answers
    that name them, import uploads and reports that hold them (the imports keep their
    counts), queued and logged webhook events about their records. Only tombstones (ids and
    times) remain. `confirm_name` must be their full name. Answers with what was removed,
    counted per kind; the same report, without the name, is kept in the audit trail.
    Integrations hear of the deletions through the change feed and webhooks as usual."""
    return await erasure.erase_contact(session, ctx, contact_id, data)
