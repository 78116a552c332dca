"""API tokens: created by organisers for integrations, stored only as a hash."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.errors import NotFound, Unprocessable
from api.core.fields import NOT_IN_THE_FUTURE
from api.core.pagination import SortKey, keyset_page
from api.core.records import Actor, RecordWriter
from api.core.security import API_TOKEN_PREFIX, hash_secret, new_secret
from api.core.tenancy import get_scoped, scoped_select
from api.tokens.models import ApiToken
from api.tokens.schemas import ApiTokenCreate, ApiTokenCreated, ApiTokenRead

PREFIX_LENGTH = 12


class ApiTokenNotFound(NotFound):
    code = "api_token_not_found"
    detail = "API token not found"


def present(token: ApiToken) -> ApiTokenRead:
    return ApiTokenRead.model_validate(token, from_attributes=True)


async def create_token(
    session: AsyncSession, ctx: GroupContext, data: ApiTokenCreate
) -> ApiTokenCreated:
    if data.expires_at is not None and data.expires_at <= utcnow():
        raise Unprocessable("expires_at", NOT_IN_THE_FUTURE, type="not_in_the_future")
    secret = new_secret(API_TOKEN_PREFIX)
    token = await RecordWriter.for_context(session, ctx).create(
        ApiToken(
            name=data.name,
            prefix=secret[:PREFIX_LENGTH],
            token_hash=hash_secret(secret),
            scopes=[scope.value for scope in data.scopes],
            expires_at=data.expires_at,
        )
    )
    return ApiTokenCreated(**present(token).model_dump(), secret=secret)


async def list_tokens(
    session: AsyncSession, ctx: GroupContext, *, limit: int, cursor: str | None
) -> tuple[list[ApiTokenRead], str | None]:
    rows, next_cursor = await keyset_page(
        session,
        scoped_select(ctx, ApiToken),
        [SortKey(col(ApiToken.id), uuid.UUID)],
        limit=limit,
        cursor=cursor,
    )
    return [present(row[0]) for row in rows], next_cursor


async def revoke_token(session: AsyncSession, ctx: GroupContext, token_id: uuid.UUID) -> None:
    """Stops the token at once; the row stays so the group can see what it was and when."""
    token = await get_scoped(session, ctx, ApiToken, token_id, ApiTokenNotFound)
    if token.revoked_at is None:
        await RecordWriter.for_context(session, ctx).update(token, {"revoked_at": utcnow()})


async def revoke_tokens_created_by(session: AsyncSession, user_id: uuid.UUID) -> int:
    """Every live token the person created, in any group, stops (after a password change
    they asked to end them with); each revocation is logged in its group like any other."""
    live = (
        await session.scalars(
            select(ApiToken).where(
                col(ApiToken.created_by) == user_id, col(ApiToken.revoked_at).is_(None)
            )
        )
    ).all()
    now = utcnow()
    for token in live:
        writer = RecordWriter(session, token.group_id, Actor(user_id=user_id))
        await writer.update(token, {"revoked_at": now})
    return len(live)
