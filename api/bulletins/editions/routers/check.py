"""The identification check and checklist before print (HTTP only)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from api.bulletins.editions.routers.common import EDITION, Editor
from api.bulletins.editions.schemas import ChecklistTicks, FindingConfirmation, IdentificationCheck
from api.bulletins.editions.services import check as service
from api.core.context import SessionDep
from api.core.errors import error_responses, refusing

router = APIRouter()

CHECK = EDITION + "/identification-check"
CHANGE_ERRORS = error_responses(401, 403, 404, 409, 422)


@router.get(
    CHECK,
    tags=["bulletins"],
    operation_id="get_identification_check",
    responses=error_responses(401, 403, 404, 422),
)
async def get_identification_check(
    edition_id: uuid.UUID, session: SessionDep, ctx: Editor
) -> IdentificationCheck:
    """The last identification check and the checklist ticks. `current` is false when the
    text changed since: its findings are not shown, and it must be run again. The findings
    name the group's contacts and members: an API token needs the `contacts:read` scope too."""
    return await service.read_check(session, ctx, edition_id)


@router.post(
    CHECK,
    tags=["bulletins"],
    operation_id="run_identification_check",
    responses=error_responses(401, 403, 404, 422),
)
async def run_identification_check(
    edition_id: uuid.UUID, session: SessionDep, ctx: Editor
) -> IdentificationCheck:
    """Look through the edition's text in every language for the names of the group's
    contacts and members (accents and case ignored) and for any phone number or email
    address. Each finding must be confirmed before print; findings confirmed on this very
    text stay confirmed."""
    return await service.run_check(session, ctx, edition_id)


@router.post(
    CHECK + "/confirmations",
    tags=["bulletins"],
    operation_id="confirm_findings",
    responses=refusing(CHANGE_ERRORS, "a key names no finding of the current check"),
)
async def confirm_findings(
    edition_id: uuid.UUID, data: FindingConfirmation, session: SessionDep, ctx: Editor
) -> IdentificationCheck:
    """Confirm findings by their `key`: the editor has looked at each and it may be printed
    (who and when are recorded). 409 `identification_check_outdated` if the text changed
    since the check."""
    return await service.confirm_findings(session, ctx, edition_id, data)


@router.post(
    CHECK + "/checklist",
    tags=["bulletins"],
    operation_id="tick_checklist",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def tick_checklist(
    edition_id: uuid.UUID, data: ChecklistTicks, session: SessionDep, ctx: Editor
) -> IdentificationCheck:
    """Tick checklist items (facts checked, no one identifiable without consent, nothing
    defamatory about a named manager); who ticked each and when is recorded. 409
    `identification_check_outdated` if the text changed since the check."""
    return await service.tick_checklist(session, ctx, edition_id, data)
