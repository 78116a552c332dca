"""Who is calling: a signed-in person (access token) or an integration (API token).

Plugged into the kernel with `api.core.context.use_authenticator` at start-up, so the kernel's
request context never imports the account and token tables.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.auth.models import AuthSession, User
from api.auth.two_factor import has_two_factor_clause
from api.core.config import Settings
from api.core.context import Principal, TokenGrant, membership_of, with_membership
from api.core.db import utcnow, write_from_here
from api.core.errors import Unauthorized
from api.core.security import API_TOKEN_PREFIX, InvalidToken, hash_secret, read_access_token
from api.tokens.models import ApiToken

# Refreshing last_used_at at most this often keeps token reads from writing every time.
TOKEN_LAST_USED_RESOLUTION = timedelta(minutes=1)


async def _token_principal(
    session: AsyncSession, raw_token: str, group_id: uuid.UUID | None
) -> Principal:
    now = utcnow()
    statement = (
        select(
            col(ApiToken.id),
            col(ApiToken.group_id),
            col(ApiToken.scopes),
            col(ApiToken.last_used_at),
            col(User.id),
            col(User.email),
            col(User.display_name),
            has_two_factor_clause(col(User.id)),
        )
        .join(User, col(User.id) == col(ApiToken.created_by))
        .where(
            col(ApiToken.token_hash) == hash_secret(raw_token),
            col(ApiToken.revoked_at).is_(None),
            or_(col(ApiToken.expires_at).is_(None), col(ApiToken.expires_at) > now),
            col(User.is_active).is_(True),
        )
    )
    row = (await session.execute(with_membership(statement, col(User.id), group_id))).first()
    if row is None:
        raise Unauthorized("This API token is not valid, expired or revoked", code="invalid_token")
    token_id, token_group_id, scopes, last_used_at, user_id, email, display_name, two_factor = row[
        :8
    ]
    if last_used_at is None or now - last_used_at > TOKEN_LAST_USED_RESOLUTION:
        # Bookkeeping, not a change to the group's records: no version, no change log. Its own
        # short transaction, so the request's does not start by holding a write lock.
        async with AsyncSession(session.bind) as bookkeeping:
            await write_from_here(bookkeeping)
            await bookkeeping.execute(
                update(ApiToken).where(col(ApiToken.id) == token_id).values(last_used_at=now)
            )
            await bookkeeping.commit()
    return Principal(
        user_id=user_id,
        session_id=None,
        email=email,
        display_name=display_name,
        is_admin=False,
        token=TokenGrant(token_id=token_id, group_id=token_group_id, scopes=frozenset(scopes)),
        two_factor=bool(two_factor),
        membership=membership_of(row, group_id),
    )


async def authenticate(
    session: AsyncSession, settings: Settings, bearer: str, group_id: uuid.UUID | None
) -> Principal:
    """The caller behind a bearer credential, re-read from the database on every request,
    with their membership of `group_id` in the same query."""
    if bearer.startswith(API_TOKEN_PREFIX):
        return await _token_principal(session, bearer, group_id)
    try:
        claims = read_access_token(bearer, secret=settings.secret_key)
    except InvalidToken:
        raise Unauthorized(
            "Your session is not valid; log in again", code="invalid_token"
        ) from None
    statement = (
        select(
            col(User.id),
            col(User.email),
            col(User.display_name),
            col(User.is_admin),
            col(AuthSession.two_factor_verified),
            has_two_factor_clause(col(User.id)),
        )
        .join(AuthSession, col(AuthSession.user_id) == col(User.id))
        .where(
            col(AuthSession.id) == claims.session_id,
            col(User.id) == claims.user_id,
            col(AuthSession.revoked_at).is_(None),
            col(User.is_active).is_(True),
        )
    )
    row = (await session.execute(with_membership(statement, col(User.id), group_id))).first()
    if row is None:
        raise Unauthorized("Your session has ended; log in again", code="session_ended")
    return Principal(
        user_id=row[0],
        session_id=claims.session_id,
        email=row[1],
        display_name=row[2],
        is_admin=row[3],
        two_factor=bool(row[4] and row[5]),
        membership=membership_of(row, group_id),
    )
