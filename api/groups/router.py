from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, status

from api.core.context import GroupContext, PrincipalDep, SessionDep, SettingsDep, require
from api.core.errors import error_responses
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.permissions import Permission
from api.core.spoken_languages import MAX_SPOKEN_LANGUAGES, SpokenLanguage
from api.groups import service
from api.groups.schemas import (
    GroupCreate,
    GroupRead,
    GroupSummary,
    GroupUpdate,
    InviteAccepted,
    InviteCreate,
    InviteCreated,
    InvitePreview,
    InviteRead,
    InviteToken,
    MemberRead,
    MemberUpdate,
)

router = APIRouter(prefix="/api/v1")
GROUP = "/groups/{group_id}"
SCOPED_ERRORS = error_responses(401, 403, 404, 422)


@router.get("/groups", tags=["groups"], operation_id="list_my_groups")
async def list_my_groups(
    principal: PrincipalDep,
    session: SessionDep,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[GroupSummary]:
    """The groups you belong to, with your role in each."""
    items, next_cursor = await service.list_my_groups(
        session, principal, limit=limit, cursor=cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    "/groups",
    status_code=status.HTTP_201_CREATED,
    tags=["groups"],
    operation_id="create_group",
    responses=error_responses(401, 422),
)
async def create_group(
    data: GroupCreate, principal: PrincipalDep, session: SessionDep
) -> GroupSummary:
    """Start a group; you become its owner."""
    return await service.create_group(session, principal, data.name)


@router.get(GROUP, tags=["groups"], operation_id="get_group", responses=SCOPED_ERRORS)
async def get_group(
    session: SessionDep, ctx: Annotated[GroupContext, require(Permission.group_read)]
) -> GroupRead:
    """The group, your role in it and what that role allows."""
    return await service.read_group(session, ctx)


@router.patch(
    GROUP,
    tags=["groups"],
    operation_id="update_group",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def update_group(
    data: GroupUpdate,
    session: SessionDep,
    ctx: Annotated[GroupContext, require(Permission.group_manage)],
) -> GroupRead:
    """Rename the group, require two-factor login of everyone reaching it (owners; 403
    `two_factor_required` when switching it on without it yourself), or set its default
    language (null for British English)."""
    return await service.update_group(
        session,
        ctx,
        name=data.name,
        require_two_factor=data.require_two_factor,
        version=data.version,
        default_language=data.default_language,
        sets_default_language="default_language" in data.model_fields_set,
    )


@router.get(
    GROUP + "/members", tags=["members"], operation_id="list_members", responses=SCOPED_ERRORS
)
async def list_members(
    session: SessionDep,
    ctx: Annotated[GroupContext, require(Permission.members_read)],
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
    speaks: Annotated[
        list[SpokenLanguage] | None,
        Query(
            max_length=MAX_SPOKEN_LANGUAGES,
            description="Only members who speak any of these languages (ISO 639 codes): pass "
            "a contact's preferred and other languages to find who can call them",
        ),
    ] = None,
) -> Page[MemberRead]:
    """Everyone in the group, their role and the languages they speak."""
    items, next_cursor = await service.list_members(
        session, ctx, limit=limit, cursor=cursor, speaks=speaks
    )
    return Page(items=items, next_cursor=next_cursor)


@router.patch(
    GROUP + "/members/{membership_id}",
    tags=["members"],
    operation_id="change_member_role",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def change_member_role(
    membership_id: uuid.UUID,
    data: MemberUpdate,
    session: SessionDep,
    ctx: Annotated[GroupContext, require(Permission.members_manage)],
) -> MemberRead:
    """Give a member another role. Takes effect on their very next request."""
    return await service.change_role(session, ctx, membership_id, data.role)


@router.delete(
    GROUP + "/members/{membership_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["members"],
    operation_id="remove_member",
    responses=error_responses(401, 403, 404, 409),
)
async def remove_member(
    membership_id: uuid.UUID,
    session: SessionDep,
    ctx: Annotated[GroupContext, require(Permission.members_manage)],
) -> None:
    """Remove someone from the group. Their access ends on their very next request."""
    await service.remove_member(session, ctx, membership_id)


@router.post(
    GROUP + "/leave",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["members"],
    operation_id="leave_group",
    responses=error_responses(401, 404, 409),
)
async def leave_group(
    session: SessionDep, ctx: Annotated[GroupContext, require(Permission.group_read)]
) -> None:
    """Leave the group. The last owner must hand over ownership first."""
    await service.leave_group(session, ctx)


@router.post(
    GROUP + "/invites",
    status_code=status.HTTP_201_CREATED,
    tags=["invites"],
    operation_id="create_invite",
    responses=SCOPED_ERRORS,
)
async def create_invite(
    data: InviteCreate,
    request: Request,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
    ctx: Annotated[GroupContext, require(Permission.invites_manage)],
) -> InviteCreated:
    """Make a single-use invite link; it expires after the configured number of days."""
    return await service.create_invite(
        session, ctx, settings, request.app.state.mailer, data, principal.display_name
    )


@router.get(
    GROUP + "/invites", tags=["invites"], operation_id="list_invites", responses=SCOPED_ERRORS
)
async def list_invites(
    session: SessionDep,
    ctx: Annotated[GroupContext, require(Permission.invites_manage)],
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[InviteRead]:
    """Invites not yet accepted and not expired."""
    items, next_cursor = await service.list_invites(session, ctx, limit=limit, cursor=cursor)
    return Page(items=items, next_cursor=next_cursor)


@router.delete(
    GROUP + "/invites/{invite_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["invites"],
    operation_id="revoke_invite",
    responses=SCOPED_ERRORS,
)
async def revoke_invite(
    invite_id: uuid.UUID,
    session: SessionDep,
    ctx: Annotated[GroupContext, require(Permission.invites_manage)],
) -> None:
    """Withdraw an invite so its link stops working."""
    await service.revoke_invite(session, ctx, invite_id)


@router.post(
    "/invites/preview",
    tags=["invites"],
    operation_id="preview_invite",
    responses=error_responses(404, 410, 422),
)
async def preview_invite(data: InviteToken, session: SessionDep) -> InvitePreview:
    """What an invite link is for, shown before accepting it."""
    return await service.preview_invite(session, data.token)


@router.post(
    "/invites/accept",
    tags=["invites"],
    operation_id="accept_invite",
    responses=error_responses(401, 403, 404, 410, 422),
)
async def accept_invite(
    data: InviteToken, principal: PrincipalDep, session: SessionDep
) -> InviteAccepted:
    """Join the group an invite is for."""
    return await service.accept_invite(session, principal.user_id, principal.email, data.token)
