"""Request dependencies shared by every domain: session, caller, group membership, permission."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.auth.models import AuthSession, User
from api.config import Settings
from api.db import get_session, utcnow
from api.errors import Forbidden, GroupNotFound, Unauthorized
from api.groups.models import Membership
from api.passwords import Passwords
from api.permissions import ROLE_PERMISSIONS, Permission, Role, Scope
from api.security import API_TOKEN_PREFIX, InvalidToken, hash_secret, read_access_token
from api.tokens.models import ApiToken

SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


def get_settings_from_app(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_passwords(request: Request) -> Passwords:
    passwords: Passwords = request.app.state.passwords
    return passwords


SettingsDep = Annotated[Settings, Depends(get_settings_from_app)]
PasswordsDep = Annotated[Passwords, Depends(get_passwords)]

_bearer = HTTPBearer(auto_error=False, description="Access token from /auth/login")


@dataclass(frozen=True)
class TokenGrant:
    """What an API token brings: the one group it works in and its scopes."""

    token_id: uuid.UUID
    group_id: uuid.UUID
    scopes: frozenset[str]


@dataclass(frozen=True)
class Principal:
    """The authenticated caller, re-read from the database on every request. For an API token
    it is the token's creator, limited by the token's grant."""

    user_id: uuid.UUID
    session_id: uuid.UUID | None
    email: str
    display_name: str
    is_admin: bool
    token: TokenGrant | None = None


# Refreshing last_used_at at most this often keeps token reads from writing every time.
TOKEN_LAST_USED_RESOLUTION = timedelta(minutes=1)


async def _token_principal(session: AsyncSession, raw_token: str) -> Principal:
    now = utcnow()
    row = (
        await session.execute(
            select(
                col(ApiToken.id),
                col(ApiToken.group_id),
                col(ApiToken.scopes),
                col(ApiToken.last_used_at),
                col(User.id),
                col(User.email),
                col(User.display_name),
            )
            .join(User, col(User.id) == col(ApiToken.created_by))
            .where(
                col(ApiToken.token_hash) == hash_secret(raw_token),
                col(ApiToken.revoked_at).is_(None),
                or_(col(ApiToken.expires_at).is_(None), col(ApiToken.expires_at) > now),
                col(User.is_active).is_(True),
            )
        )
    ).first()
    if row is None:
        raise Unauthorized("This API token is not valid, expired or revoked", code="invalid_token")
    token_id, group_id, scopes, last_used_at, user_id, email, display_name = row
    if last_used_at is None or now - last_used_at > TOKEN_LAST_USED_RESOLUTION:
        # Bookkeeping, not a change to the group's records: no version, no change log.
        await session.execute(
            update(ApiToken).where(col(ApiToken.id) == token_id).values(last_used_at=now)
        )
    return Principal(
        user_id=user_id,
        session_id=None,
        email=email,
        display_name=display_name,
        is_admin=False,
        token=TokenGrant(token_id=token_id, group_id=group_id, scopes=frozenset(scopes)),
    )


async def current_caller(
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """A signed-in person (access token) or an integration (API token)."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized()
    if credentials.credentials.startswith(API_TOKEN_PREFIX):
        return await _token_principal(session, credentials.credentials)
    try:
        claims = read_access_token(credentials.credentials, secret=settings.secret_key)
    except InvalidToken:
        raise Unauthorized(
            "Your session is not valid; log in again", code="invalid_token"
        ) from None
    row = (
        await session.execute(
            select(col(User.id), col(User.email), col(User.display_name), col(User.is_admin))
            .join(AuthSession, col(AuthSession.user_id) == col(User.id))
            .where(
                col(AuthSession.id) == claims.session_id,
                col(User.id) == claims.user_id,
                col(AuthSession.revoked_at).is_(None),
                col(User.is_active).is_(True),
            )
        )
    ).first()
    if row is None:
        raise Unauthorized("Your session has ended; log in again", code="session_ended")
    return Principal(
        user_id=row[0],
        session_id=claims.session_id,
        email=row[1],
        display_name=row[2],
        is_admin=row[3],
    )


CallerDep = Annotated[Principal, Depends(current_caller)]


async def current_principal(caller: CallerDep) -> Principal:
    """A signed-in person only: account and group-membership routes are not for tokens."""
    if caller.token is not None:
        raise Forbidden("API tokens can only call group data routes", code="token_not_allowed")
    return caller


PrincipalDep = Annotated[Principal, Depends(current_principal)]


async def require_admin(principal: PrincipalDep) -> Principal:
    if not principal.is_admin:
        raise Forbidden("Only an instance administrator can do that")
    return principal


AdminDep = Annotated[Principal, Depends(require_admin)]


@dataclass(frozen=True)
class GroupContext:
    """The caller as a member of one group: the only way into group-scoped data."""

    group_id: uuid.UUID
    user_id: uuid.UUID
    membership_id: uuid.UUID
    role: Role
    permissions: frozenset[Permission]
    token_id: uuid.UUID | None = None
    token_scopes: frozenset[str] | None = None

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions


GroupIdPath = Annotated[uuid.UUID, Path(description="The group's id")]


async def group_context(
    group_id: GroupIdPath, principal: CallerDep, session: SessionDep
) -> GroupContext:
    """Membership is read on every request, so removal or demotion bites immediately (for an
    API token: its creator's membership, so the token loses what its creator loses)."""
    grant = principal.token
    if grant is not None and grant.group_id != group_id:
        raise GroupNotFound()
    row = (
        await session.execute(
            select(col(Membership.id), col(Membership.role)).where(
                col(Membership.group_id) == group_id, col(Membership.user_id) == principal.user_id
            )
        )
    ).first()
    if row is None:
        raise GroupNotFound()
    role = Role(row[1])
    return GroupContext(
        group_id=group_id,
        user_id=principal.user_id,
        membership_id=row[0],
        role=role,
        permissions=ROLE_PERMISSIONS[role],
        token_id=grant.token_id if grant else None,
        token_scopes=grant.scopes if grant else None,
    )


def require(permission: Permission, scope: Scope | None = None) -> Any:
    """`ctx: Annotated[GroupContext, require(Permission.x, Scope.y)]` on every group route.

    `permission` is checked against the caller's role (for a token, its creator's role);
    `scope` is what an API token must carry. A route without a scope is for people only."""

    async def check_permission(
        ctx: Annotated[GroupContext, Depends(group_context)],
    ) -> GroupContext:
        if permission not in ctx.permissions:
            raise Forbidden(f"Your role ({ctx.role}) does not allow this ({permission})")
        if ctx.token_scopes is not None:
            if scope is None:
                raise Forbidden("API tokens cannot call this route", code="token_not_allowed")
            if scope not in ctx.token_scopes:
                raise Forbidden(
                    f"This API token does not have the {scope} scope", code="insufficient_scope"
                )
        return ctx

    check_permission.required_permission = permission  # type: ignore[attr-defined]
    check_permission.required_scope = scope  # type: ignore[attr-defined]
    return Depends(check_permission)


def required_scope(dependency: Callable[..., Any]) -> Scope | None:
    return getattr(dependency, "required_scope", None)


def required_permission(dependency: Callable[..., Any]) -> Permission | None:
    return getattr(dependency, "required_permission", None)
