"""The anonymous tip page: its settings for organisers, and the public submission (HTTP only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, status

from api.bulletins.stories.schemas.tips import TipLinkRead, TipReceived, TipSubmission
from api.bulletins.stories.services import tips as service
from api.core.context import GroupContext, SessionDep, SettingsDep, require
from api.core.errors import error_responses
from api.core.permissions import Permission, Scope

group_router = APIRouter()
public_router = APIRouter()

Viewer = Annotated[GroupContext, require(Permission.bulletins_edit, Scope.bulletins_read)]
Manager = Annotated[GroupContext, require(Permission.bulletins_edit, Scope.bulletins_write)]
TIP_LINK = "/tip-link"


@group_router.get(
    TIP_LINK,
    tags=["bulletins"],
    operation_id="get_tip_link",
    responses=error_responses(401, 403, 404, 422),
)
async def get_tip_link(session: SessionDep, ctx: Viewer, settings: SettingsDep) -> TipLinkRead:
    """Whether the group's anonymous tip page is on, and its link's token if so."""
    return await service.read_tip_link(session, ctx, settings.secret_key)


@group_router.put(
    TIP_LINK,
    tags=["bulletins"],
    operation_id="open_tip_link",
    responses=error_responses(401, 403, 404, 422),
)
async def open_tip_link(session: SessionDep, ctx: Manager, settings: SettingsDep) -> TipLinkRead:
    """Switch the tip page on. A page already on keeps its link."""
    return await service.open_tip_link(session, ctx, settings.secret_key, rotate=False)


@group_router.post(
    f"{TIP_LINK}/rotation",
    tags=["bulletins"],
    operation_id="rotate_tip_link",
    responses=error_responses(401, 403, 404, 422),
)
async def rotate_tip_link(session: SessionDep, ctx: Manager, settings: SettingsDep) -> TipLinkRead:
    """Give the tip page a new link (switching it on if it was off): the old link answers 404
    from now on."""
    return await service.open_tip_link(session, ctx, settings.secret_key, rotate=True)


@group_router.delete(
    TIP_LINK,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["bulletins"],
    operation_id="close_tip_link",
    responses=error_responses(401, 403, 404, 422),
)
async def close_tip_link(session: SessionDep, ctx: Manager) -> None:
    """Switch the tip page off: its link answers 404. Tips already received stay in the pool."""
    await service.close_tip_link(session, ctx)


@public_router.post(
    "/api/v1/tips/{token}",
    status_code=status.HTTP_202_ACCEPTED,
    tags=["bulletins"],
    operation_id="send_tip",
    responses=error_responses(404, 413, 422, 429),
)
async def send_tip(
    token: str, data: TipSubmission, request: Request, session: SessionDep
) -> TipReceived:
    """Send a story to a group through its public tip page: no login, no cookie, and nothing
    about the sender is stored (not even their address). The tip joins the group's pool as an
    idea marked as a tip. The page never shows a tip back. 404 for a link rotated or switched
    off; 429 with Retry-After past a few tips an hour from one connection; bodies over
    32,768 bytes are refused (413)."""
    address = request.client.host if request.client else None
    await service.receive_tip(session, token, data, address)
    return TipReceived(received=True)
