"""Groups, memberships and invites."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.auth.models import User
from api.core.config import Settings
from api.core.context import GroupContext, Principal
from api.core.db import utcnow
from api.core.errors import AppError, Conflict, Forbidden, Gone, NotFound, TwoFactorRequired
from api.core.languages import Language
from api.core.mail import Mailer
from api.core.messages import Translator, first_language, supported_language, translator
from api.core.pagination import SortKey, keyset_page
from api.core.permissions import ASSIGNABLE_ROLES, ROLE_PERMISSIONS, Role
from api.core.queries import json_array_contains
from api.core.records import Actor, RecordWriter
from api.core.security import hash_secret, new_secret
from api.core.tenancy import get_scoped, scoped_select
from api.core.tenants import Group, Membership
from api.groups.models import Invite
from api.groups.schemas import (
    GroupRead,
    GroupSummary,
    InviteAccepted,
    InviteCreate,
    InviteCreated,
    InvitePreview,
    InviteRead,
    MemberRead,
)

INVITE_TOKEN_PREFIX = "sfi_"  # noqa: S105


class MemberNotFound(NotFound):
    code = "member_not_found"
    detail = "Member not found"


class InviteNotFound(NotFound):
    code = "invite_not_found"
    detail = "This invite link is not valid"


class InviteExpired(Gone):
    code = "invite_expired"
    detail = "This invite has expired or was already used; ask for a new one"


class LastOwner(Conflict):
    code = "last_owner"
    detail = "A group needs at least one owner: make someone else owner first"


# --- groups -----------------------------------------------------------------------------


async def list_my_groups(
    session: AsyncSession, principal: Principal, *, limit: int, cursor: str | None
) -> tuple[list[GroupSummary], str | None]:
    statement = (
        select(
            col(Group.id),
            col(Group.name),
            col(Membership.role),
            col(Group.is_demo),
            col(Group.created_at),
        )
        .join(Membership, col(Membership.group_id) == col(Group.id))
        .where(col(Membership.user_id) == principal.user_id)
    )
    rows, next_cursor = await keyset_page(
        session,
        statement,
        [SortKey(col(Group.id), uuid.UUID)],
        limit=limit,
        cursor=cursor,
    )
    items = [
        GroupSummary(id=r[0], name=r[1], role=Role(r[2]), is_demo=r[3], created_at=r[4])
        for r in rows
    ]
    return items, next_cursor


async def create_group(
    session: AsyncSession, principal: Principal, name: str, *, is_demo: bool = False
) -> GroupSummary:
    group = Group(name=name, is_demo=is_demo)
    session.add(group)
    await session.flush()
    writer = RecordWriter(session, group.id, Actor(user_id=principal.user_id))
    await writer.create(Membership(user_id=principal.user_id, role=Role.owner))
    return GroupSummary(
        id=group.id, name=group.name, role=Role.owner, is_demo=is_demo, created_at=group.created_at
    )


async def _group_row(session: AsyncSession, ctx: GroupContext) -> Group:
    group = await session.get(Group, ctx.group_id)
    if group is None:  # the membership was just read, so only a concurrent delete lands here
        raise NotFound()
    return group


async def read_group(session: AsyncSession, ctx: GroupContext) -> GroupRead:
    group = await _group_row(session, ctx)
    member_count = (
        await session.execute(scoped_select(ctx, Membership, func.count()))
    ).scalar_one()
    return GroupRead(
        id=group.id,
        name=group.name,
        role=ctx.role,
        is_demo=group.is_demo,
        created_at=group.created_at,
        version=group.version,
        require_two_factor=group.require_two_factor,
        default_language=cast(Language | None, supported_language(group.default_language)),
        member_count=int(member_count),
        permissions=sorted(p.value for p in ROLE_PERMISSIONS[ctx.role]),
    )


async def update_group(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    name: str | None,
    require_two_factor: bool | None,
    version: int | None,
    default_language: Language | None = None,
    sets_default_language: bool = False,
) -> GroupRead:
    """Rename the group, switch the two-factor rule (on only by an owner who uses it), or set
    its default language (when `sets_default_language`; None for British English)."""
    group = await _group_row(session, ctx)
    if version is not None and version != group.version:
        raise Conflict("Someone changed the group since you loaded it", code="version_conflict")
    if require_two_factor and not ctx.two_factor:
        raise TwoFactorRequired(
            "Set up two-factor login on your own account (and sign in with it) before "
            "requiring it of the group"
        )
    changed: list[str] = []
    if name is not None and group.name != name:
        group.name = name
        changed.append("name")
    if require_two_factor is not None and group.require_two_factor != require_two_factor:
        group.require_two_factor = require_two_factor
        changed.append("require_two_factor")
    if sets_default_language and group.default_language != default_language:
        group.default_language = default_language
        changed.append("default_language")
    if changed:
        group.version += 1
        group.updated_at = utcnow()
        session.add(group)
        await session.flush()
        await RecordWriter.for_context(session, ctx).log_group_change(changed)
    return await read_group(session, ctx)


# --- members ----------------------------------------------------------------------------


def speaking_any(session: AsyncSession, languages: Sequence[str]) -> Any:
    """Members who speak any of these languages (ISO 639 codes): with a contact's preferred
    and other languages, the members who can call that worker in a language they share."""
    return or_(
        *(json_array_contains(session, col(User.spoken_languages), code) for code in languages)
    )


async def list_members(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    limit: int,
    cursor: str | None,
    speaks: Sequence[str] | None = None,
) -> tuple[list[MemberRead], str | None]:
    statement = scoped_select(
        ctx,
        Membership,
        Membership.id,
        Membership.user_id,
        User.email,
        User.display_name,
        Membership.role,
        Membership.created_at,
        User.spoken_languages,
    ).join(User, col(User.id) == col(Membership.user_id))
    if speaks:
        statement = statement.where(speaking_any(session, speaks))
    rows, next_cursor = await keyset_page(
        session,
        statement,
        [SortKey(col(Membership.id), uuid.UUID)],
        limit=limit,
        cursor=cursor,
    )
    items = [
        MemberRead(
            id=r[0],
            user_id=r[1],
            email=r[2],
            display_name=r[3],
            role=Role(r[4]),
            joined_at=r[5],
            spoken_languages=r[6],
        )
        for r in rows
    ]
    return items, next_cursor


async def _member_read(session: AsyncSession, membership: Membership) -> MemberRead:
    user = await session.get(User, membership.user_id)
    assert user is not None
    return MemberRead(
        id=membership.id,
        user_id=membership.user_id,
        email=user.email,
        display_name=user.display_name,
        role=Role(membership.role),
        joined_at=membership.created_at,
        spoken_languages=user.spoken_languages,
    )


async def _lock_group(session: AsyncSession, group_id: uuid.UUID) -> None:
    """Serialise membership changes in a group, so two owners cannot demote each other at once."""
    await session.execute(select(col(Group.id)).where(col(Group.id) == group_id).with_for_update())


async def _owner_count(session: AsyncSession, ctx: GroupContext) -> int:
    statement = scoped_select(ctx, Membership, func.count()).where(
        col(Membership.role) == Role.owner
    )
    return int((await session.execute(statement)).scalar_one())


def _may_manage(ctx: GroupContext, target_role: Role) -> bool:
    return target_role in ASSIGNABLE_ROLES[ctx.role]


async def change_role(
    session: AsyncSession, ctx: GroupContext, membership_id: uuid.UUID, role: Role
) -> MemberRead:
    await _lock_group(session, ctx.group_id)
    membership = await get_scoped(session, ctx, Membership, membership_id, MemberNotFound)
    current = Role(membership.role)
    if not (_may_manage(ctx, current) and _may_manage(ctx, role)):
        raise Forbidden(f"An {ctx.role} cannot change a {current} into a {role}")
    if current is Role.owner and role is not Role.owner and await _owner_count(session, ctx) <= 1:
        raise LastOwner()
    await RecordWriter.for_context(session, ctx).update(membership, {"role": role})
    return await _member_read(session, membership)


async def remove_member(session: AsyncSession, ctx: GroupContext, membership_id: uuid.UUID) -> None:
    await _lock_group(session, ctx.group_id)
    membership = await get_scoped(session, ctx, Membership, membership_id, MemberNotFound)
    current = Role(membership.role)
    if membership.id != ctx.membership_id and not _may_manage(ctx, current):
        raise Forbidden(f"An {ctx.role} cannot remove a {current}")
    if current is Role.owner and await _owner_count(session, ctx) <= 1:
        raise LastOwner()
    await RecordWriter.for_context(session, ctx).delete(membership)


async def leave_group(session: AsyncSession, ctx: GroupContext) -> None:
    await remove_member(session, ctx, ctx.membership_id)


# --- invites ----------------------------------------------------------------------------


def _invitation_sentence(t: Translator, role: Role, inviter: str, group: str) -> str:
    # One whole sentence per role, so each language words the role as its sentence needs.
    match role:
        case Role.owner:
            return t.gettext(
                "{inviter} invited you to join {group} as an owner.", inviter=inviter, group=group
            )
        case Role.organiser:
            return t.gettext(
                "{inviter} invited you to join {group} as an organiser.",
                inviter=inviter,
                group=group,
            )
        case Role.member:
            return t.gettext(
                "{inviter} invited you to join {group} as a member.", inviter=inviter, group=group
            )
        case Role.observer:
            return t.gettext(
                "{inviter} invited you to join {group} as an observer.",
                inviter=inviter,
                group=group,
            )


def invite_url(settings: Settings, token: str) -> str:
    # In the fragment, so the token is never sent to a server or written to an access log.
    return f"{settings.public_url.rstrip('/')}/join#token={token}"


async def create_invite(
    session: AsyncSession,
    ctx: GroupContext,
    settings: Settings,
    mailer: Mailer,
    data: InviteCreate,
    inviter_name: str,
) -> InviteCreated:
    if not _may_manage(ctx, data.role):
        raise Forbidden(f"An {ctx.role} cannot invite someone as {data.role}")
    token = new_secret(INVITE_TOKEN_PREFIX)
    invite = await RecordWriter.for_context(session, ctx).create(
        Invite(
            role=data.role,
            email=data.email,
            token_hash=hash_secret(token),
            expires_at=utcnow() + timedelta(days=settings.invite_days),
        )
    )
    url = invite_url(settings, token)
    if data.email:
        group = await _group_row(session, ctx)
        invitee_language = (
            await session.scalars(select(col(User.language)).where(col(User.email) == data.email))
        ).first()
        t = translator(first_language(invitee_language, group.default_language))
        await mailer.send(
            data.email,
            t.gettext("You are invited to {group} on Shopfloor", group=group.name),
            _invitation_sentence(t, Role(data.role), inviter_name, group.name)
            + "\n\n"
            + t.gettext(
                "Open this link by {day} to accept:\n{link}",
                day=t.date(invite.expires_at),
                link=url,
            )
            + "\n",
        )
    return InviteCreated(
        id=invite.id,
        role=Role(invite.role),
        email=invite.email,
        expires_at=invite.expires_at,
        created_at=invite.created_at,
        created_by_name=inviter_name,
        token=token,
        url=url,
    )


async def list_invites(
    session: AsyncSession, ctx: GroupContext, *, limit: int, cursor: str | None
) -> tuple[list[InviteRead], str | None]:
    statement = (
        scoped_select(
            ctx,
            Invite,
            Invite.id,
            Invite.role,
            Invite.email,
            Invite.expires_at,
            Invite.created_at,
            User.display_name,
        )
        .outerjoin(User, col(User.id) == col(Invite.created_by))
        .where(col(Invite.accepted_at).is_(None), col(Invite.expires_at) > utcnow())
    )
    rows, next_cursor = await keyset_page(
        session,
        statement,
        [SortKey(col(Invite.id), uuid.UUID)],
        limit=limit,
        cursor=cursor,
    )
    items = [
        InviteRead(
            id=r[0],
            role=Role(r[1]),
            email=r[2],
            expires_at=r[3],
            created_at=r[4],
            created_by_name=r[5],
        )
        for r in rows
    ]
    return items, next_cursor


async def revoke_invite(session: AsyncSession, ctx: GroupContext, invite_id: uuid.UUID) -> None:
    invite = await get_scoped(session, ctx, Invite, invite_id, InviteNotFound)
    await RecordWriter.for_context(session, ctx).delete(invite)


def _invite_refusal(invite: Invite | None, email: str | None = None) -> AppError | None:
    """Why this invite cannot be used (by `email`, when given), or None when it can."""
    if invite is None:
        return InviteNotFound()
    if invite.accepted_at is not None or invite.expires_at <= utcnow():
        return InviteExpired()
    if email is not None and invite.email and invite.email != email:
        return Forbidden(
            "This invite was sent to another email address", code="invite_wrong_account"
        )
    return None


async def _invite_by_token(session: AsyncSession, token: str) -> Invite | None:
    statement = select(Invite).where(col(Invite.token_hash) == hash_secret(token))
    return (await session.scalars(statement)).first()


async def preview_invite(session: AsyncSession, token: str) -> InvitePreview:
    invite = await _invite_by_token(session, token)
    if refusal := _invite_refusal(invite):
        raise refusal
    assert invite is not None
    group = await session.get(Group, invite.group_id)
    assert group is not None
    return InvitePreview(
        group_name=group.name,
        role=Role(invite.role),
        expires_at=invite.expires_at,
        email=invite.email,
    )


async def check_invite_for_signup(session: AsyncSession, token: str, email: str) -> Invite:
    invite = await _invite_by_token(session, token)
    if refusal := _invite_refusal(invite, email):
        raise refusal
    assert invite is not None
    return invite


async def accept_invite(
    session: AsyncSession, user_id: uuid.UUID, email: str, token: str
) -> InviteAccepted:
    invite = await check_invite_for_signup(session, token, email)
    return await _join(session, user_id, invite)


async def invite_language(session: AsyncSession, invite_id: uuid.UUID) -> str | None:
    """The default language of the group an invite is to, if it has one."""
    return (
        await session.execute(
            select(col(Group.default_language))
            .join(Invite, col(Invite.group_id) == col(Group.id))
            .where(col(Invite.id) == invite_id)
        )
    ).scalar_one_or_none()


async def accept_invite_if_usable(
    session: AsyncSession, user_id: uuid.UUID, email: str, invite_id: uuid.UUID
) -> InviteAccepted | None:
    """Join through the invite chosen at sign-up unless it has since been used, expired or
    withdrawn (the new account then simply has no group yet)."""
    invite = await session.get(Invite, invite_id)
    if _invite_refusal(invite, email) is not None:
        return None
    assert invite is not None
    return await _join(session, user_id, invite)


async def _join(session: AsyncSession, user_id: uuid.UUID, invite: Invite) -> InviteAccepted:
    writer = RecordWriter(session, invite.group_id, Actor(user_id=user_id))
    existing = (
        await session.scalars(
            select(Membership).where(
                col(Membership.group_id) == invite.group_id, col(Membership.user_id) == user_id
            )
        )
    ).first()
    await writer.update(invite, {"accepted_at": utcnow(), "accepted_by": user_id})
    if existing is not None:
        return InviteAccepted(group_id=invite.group_id, role=Role(existing.role))
    membership = await writer.create(Membership(user_id=user_id, role=invite.role))
    return InviteAccepted(group_id=invite.group_id, role=Role(membership.role))
