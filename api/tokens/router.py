from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, status

from api.core.context import GroupContext, SessionDep, require
from api.core.errors import error_responses
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.permissions import Permission
from api.tokens import service
from api.tokens.schemas import ApiTokenCreate, ApiTokenCreated, ApiTokenRead

router = APIRouter(prefix="/api/v1/groups/{group_id}", tags=["api tokens"])
Manager = Annotated[GroupContext, require(Permission.tokens_manage)]


@router.post(
    "/tokens",
    status_code=status.HTTP_201_CREATED,
    operation_id="create_api_token",
    responses=error_responses(401, 403, 404, 422),
)
async def create_api_token(
    data: ApiTokenCreate, session: SessionDep, ctx: Manager
) -> ApiTokenCreated:
    """Create an API token for an integration. The secret is in this answer only. The token
    acts as you, limited to its scopes: if your role shrinks or you leave, so does it."""
    return await service.create_token(session, ctx, data)


@router.get("/tokens", operation_id="list_api_tokens", responses=error_responses(401, 403, 404))
async def list_api_tokens(
    session: SessionDep,
    ctx: Manager,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[ApiTokenRead]:
    """The group's API tokens with their scopes and when each was last used."""
    items, next_cursor = await service.list_tokens(session, ctx, limit=limit, cursor=cursor)
    return Page(items=items, next_cursor=next_cursor)


@router.delete(
    "/tokens/{token_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="revoke_api_token",
    responses=error_responses(401, 403, 404),
)
async def revoke_api_token(token_id: uuid.UUID, session: SessionDep, ctx: Manager) -> None:
    """Revoke a token: it stops working on its very next request."""
    await service.revoke_token(session, ctx, token_id)
