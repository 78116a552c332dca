"""Request dependencies shared by every domain: session, caller, group membership, permission."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from api.auth.models import AuthSession, User
from api.config import Settings
from api.db import get_session
from api.errors import Forbidden, GroupNotFound, Unauthorized
from api.groups.models import Membership
from api.passwords import Passwords
from api.permissions import ROLE_PERMISSIONS, Permission, Role
from api.security import InvalidToken, read_access_token

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
class Principal:
    """The authenticated caller, re-read from the database on every request."""

    user_id: uuid.UUID
    session_id: uuid.UUID
    email: str
    display_name: str
    is_admin: bool


async def current_principal(
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized()
    try:
        claims = read_access_token(credentials.credentials, secret=settings.secret_key)
    except InvalidToken:
        raise Unauthorized(
            "Your session is not valid; log in again", code="invalid_token"
        ) from None
    row = (
        await session.execute(
            select(User.id, User.email, User.display_name, User.is_admin)
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

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions


GroupIdPath = Annotated[uuid.UUID, Path(description="The group's id")]


async def group_context(
    group_id: GroupIdPath, principal: PrincipalDep, session: SessionDep
) -> GroupContext:
    """Membership is read on every request, so removal or demotion bites immediately."""
    row = (
        await session.execute(
            select(Membership.id, Membership.role).where(
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
    )


def require(permission: Permission) -> Any:
    """`ctx: Annotated[GroupContext, require(Permission.x)]` on every group-scoped route."""

    async def check_permission(
        ctx: Annotated[GroupContext, Depends(group_context)],
    ) -> GroupContext:
        if permission not in ctx.permissions:
            raise Forbidden(f"Your role ({ctx.role}) does not allow this ({permission})")
        return ctx

    check_permission.required_permission = permission  # type: ignore[attr-defined]
    return Depends(check_permission)


def required_permission(dependency: Callable[..., Any]) -> Permission | None:
    return getattr(dependency, "required_permission", None)
