"""Erasing one person (organisers and owners) and the group's retention rules (owners)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from api.core.context import GroupContext, SessionDep, require
from api.core.errors import error_responses
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery
from api.core.permissions import Permission, Scope
from api.privacy import erasure, retention
from api.privacy.enums import RetentionKind
from api.privacy.schemas import (
    ErasureReport,
    ErasureRequest,
    RetentionPreview,
    RetentionRules,
    RetentionRun,
    RetentionUpdate,
)

router = APIRouter(prefix="/api/v1/groups/{group_id}")

Eraser = Annotated[GroupContext, require(Permission.contacts_delete, Scope.contacts_write)]
# Rules that erase people are for the group's owners, in person: never for API tokens.
Keeper = Annotated[GroupContext, require(Permission.group_manage)]


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


@router.get(
    "/retention",
    tags=["privacy"],
    operation_id="list_retention_rules",
    responses=error_responses(401, 403, 404),
)
async def list_retention_rules(session: SessionDep, ctx: Keeper) -> RetentionRules:
    """The group's retention rules (owners): each off until turned on, with when it last ran
    and what that run removed."""
    return await retention.list_rules(session, ctx)


@router.put(
    "/retention",
    tags=["privacy"],
    operation_id="set_retention_rules",
    responses=error_responses(401, 403, 404, 422),
)
async def set_retention_rules(
    data: RetentionUpdate, session: SessionDep, ctx: Keeper
) -> RetentionRules:
    """Set both retention rules (owners). Enabled rules run with the daily maintenance, as
    the owner who set them."""
    return await retention.save_rules(session, ctx, data)


@router.get(
    "/retention/preview",
    tags=["privacy"],
    operation_id="preview_retention_rule",
    responses=error_responses(401, 403, 404, 422),
)
async def preview_retention_rule(
    session: SessionDep,
    ctx: Keeper,
    kind: Annotated[RetentionKind, Query(description="Which rule")],
    months: Annotated[
        int | None,
        Query(ge=1, le=600, description="Try another age (default: as the rule is set)"),
    ] = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> RetentionPreview:
    """Exactly what the rule would change if it ran now (owners): how many records and, page
    by page, which. Nothing changes."""
    return await retention.preview(session, ctx, kind, months, limit=limit, cursor=cursor)


@router.post(
    "/retention/run",
    tags=["privacy"],
    operation_id="run_retention_rules",
    responses=error_responses(401, 403, 404),
)
async def run_retention_rules(session: SessionDep, ctx: Keeper) -> RetentionRun:
    """Run the group's enabled rules now instead of waiting for the daily run (owners).
    Answers what each removed; the same counts are kept on the rule and in the audit trail."""
    return await retention.run_rules(session, ctx)
