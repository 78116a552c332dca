"""Request dependencies shared by every domain: session, caller, group membership, permission."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select
from sqlmodel import col

from api.core.config import Settings
from api.core.db import get_session
from api.core.errors import Forbidden, GroupNotFound, TwoFactorRequired, Unauthorized
from api.core.permissions import ROLE_PERMISSIONS, Permission, Role, Scope
from api.core.tenants import Group, Membership

SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


async def get_settings_from_app(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_from_app)]

_bearer = HTTPBearer(auto_error=False, description="Access token from /auth/login")


@dataclass(frozen=True)
class TokenGrant:
    """What an API token brings: the one group it works in and its scopes."""

    token_id: uuid.UUID
    group_id: uuid.UUID
    scopes: frozenset[str]


@dataclass(frozen=True)
class GroupMembership:
    """The caller's membership of one group, or its absence (`membership_id` None)."""

    group_id: uuid.UUID
    membership_id: uuid.UUID | None = None
    role: str | None = None
    group_requires_two_factor: bool = False


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
    # A person: their account has a second factor and this session proved one. A token: its
    # creator's account has a second factor.
    two_factor: bool = False
    # Of the group the request's path names, read in the same query as the caller.
    membership: GroupMembership | None = None


def with_membership(
    statement: Select[*tuple[Any, ...]], user_id: Any, group_id: uuid.UUID | None
) -> Select[*tuple[Any, ...]]:
    """Adds to an authenticator's query the caller's membership of `group_id` (outer joined:
    a non-member still authenticates), so a group request reads its caller in one statement.
    `membership_of` reads the added columns back."""
    if group_id is None:
        return statement
    return (
        statement.add_columns(
            col(Membership.id), col(Membership.role), col(Group.require_two_factor)
        )
        .outerjoin(
            Membership,
            and_(col(Membership.user_id) == user_id, col(Membership.group_id) == group_id),
        )
        .outerjoin(Group, col(Group.id) == col(Membership.group_id))
    )


def membership_of(row: Any, group_id: uuid.UUID | None) -> GroupMembership | None:
    """The membership `with_membership` added to a row (its last three columns)."""
    if group_id is None:
        return None
    membership_id, role, requires_two_factor = tuple(row)[-3:]
    return GroupMembership(group_id, membership_id, role, bool(requires_two_factor))


Authenticator = Callable[[AsyncSession, Settings, str, uuid.UUID | None], Awaitable[Principal]]
_authenticator: list[Authenticator] = []


def use_authenticator(authenticate: Authenticator) -> None:
    """Install how a bearer credential becomes a `Principal` (the auth domain does, at start-up)."""
    _authenticator[:] = [authenticate]


def _path_group_id(request: Request) -> uuid.UUID | None:
    """The group a group route's path names (validated again, with an error, by the route)."""
    raw = request.path_params.get("group_id")
    try:
        return uuid.UUID(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


async def current_caller(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """A signed-in person (access token) or an integration (API token), with their
    membership of the group the path names, if it names one."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized()
    if not _authenticator:
        raise RuntimeError("no authenticator installed: call api.wiring.wire() at start-up")
    return await _authenticator[0](
        session, settings, credentials.credentials, _path_group_id(request)
    )


CallerDep = Annotated[Principal, Depends(current_caller)]


async def current_principal(caller: CallerDep) -> Principal:
    """A signed-in person only: account and group-membership routes are not for tokens."""
    if caller.token is not None:
        raise Forbidden("API tokens can only call group data routes", code="token_not_allowed")
    return caller


PrincipalDep = Annotated[Principal, Depends(current_principal)]


async def require_admin(principal: PrincipalDep, settings: SettingsDep) -> Principal:
    """Instance administrators, who hold every account's keys, always use two-factor login
    outside development."""
    if not principal.is_admin:
        raise Forbidden("Only an instance administrator can do that")
    if not principal.two_factor and not settings.is_development:
        raise TwoFactorRequired()
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
    two_factor: bool = False

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions


GroupIdPath = Annotated[uuid.UUID, Path(description="The group's id")]


async def _read_membership(
    session: AsyncSession, user_id: uuid.UUID, group_id: uuid.UUID
) -> GroupMembership:
    """For a caller authenticated without the path's group (never on a group route)."""
    row = (
        await session.execute(
            select(col(Membership.id), col(Membership.role), col(Group.require_two_factor))
            .join(Group, col(Group.id) == col(Membership.group_id))
            .where(col(Membership.group_id) == group_id, col(Membership.user_id) == user_id)
        )
    ).first()
    if row is None:
        return GroupMembership(group_id)
    return GroupMembership(group_id, row[0], row[1], bool(row[2]))


async def group_context(
    group_id: GroupIdPath, principal: CallerDep, session: SessionDep
) -> GroupContext:
    """Membership is read on every request, so removal or demotion bites immediately (for an
    API token: its creator's membership, so the token loses what its creator loses). A group
    that requires two-factor login refuses members (and tokens) without it, after the
    membership check, so outsiders still learn nothing about the group."""
    grant = principal.token
    if grant is not None and grant.group_id != group_id:
        raise GroupNotFound()
    membership = principal.membership
    if membership is None or membership.group_id != group_id:
        membership = await _read_membership(session, principal.user_id, group_id)
    if membership.membership_id is None or membership.role is None:
        raise GroupNotFound()
    if membership.group_requires_two_factor and not principal.two_factor:
        raise TwoFactorRequired()
    role = Role(membership.role)
    return GroupContext(
        group_id=group_id,
        user_id=principal.user_id,
        membership_id=membership.membership_id,
        role=role,
        permissions=ROLE_PERMISSIONS[role],
        token_id=grant.token_id if grant else None,
        token_scopes=grant.scopes if grant else None,
        two_factor=principal.two_factor,
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
