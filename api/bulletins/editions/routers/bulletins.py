"""Bulletins (HTTP only)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from api.bulletins.editions.routers.common import (
    BULLETIN,
    CREATE_ERRORS,
    DELETE_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    Editor,
    Reader,
    VersionQuery,
)
from api.bulletins.editions.schemas import BulletinCreate, BulletinRead, BulletinUpdate
from api.bulletins.editions.services import bulletins as service
from api.core.context import SessionDep
from api.core.deletion import delete_expectation
from api.core.idempotency import IdempotencyDep
from api.core.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from api.core.versioning import IfMatchHeader, set_etag

router = APIRouter()


@router.get("/bulletins", tags=["bulletins"], operation_id="list_bulletins", responses=READ_ERRORS)
async def list_bulletins(
    session: SessionDep, ctx: Reader, limit: LimitQuery = DEFAULT_LIMIT, cursor: CursorQuery = None
) -> Page[BulletinRead]:
    """The group's bulletins by title, each with its highest edition number so far."""
    items, next_cursor = await service.list_bulletins(session, ctx, limit=limit, cursor=cursor)
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    "/bulletins",
    status_code=status.HTTP_201_CREATED,
    tags=["bulletins"],
    operation_id="create_bulletin",
    responses=CREATE_ERRORS,
)
async def create_bulletin(
    data: BulletinCreate, session: SessionDep, ctx: Editor, idem: IdempotencyDep
) -> BulletinRead:
    """Start a bulletin: its title, the line under it and the get-involved box every edition
    prints (how to reach the group, the next meeting)."""
    return await idem.run(
        ctx.user_id, BulletinRead, lambda: service.create_bulletin(session, ctx, data)
    )


@router.get(BULLETIN, tags=["bulletins"], operation_id="get_bulletin", responses=READ_ERRORS)
async def get_bulletin(
    bulletin_id: uuid.UUID, response: Response, session: SessionDep, ctx: Reader
) -> BulletinRead:
    """One bulletin; the ETag carries its version."""
    read = await service.read_bulletin(session, ctx, bulletin_id)
    set_etag(response, read.version)
    return read


@router.patch(BULLETIN, tags=["bulletins"], operation_id="update_bulletin", responses=UPDATE_ERRORS)
async def update_bulletin(
    bulletin_id: uuid.UUID,
    data: BulletinUpdate,
    response: Response,
    session: SessionDep,
    ctx: Editor,
    if_match: IfMatchHeader = None,
) -> BulletinRead:
    """Change the fields you send; version-checked (`version` or If-Match)."""
    read = await service.update_bulletin(session, ctx, bulletin_id, data, if_match)
    set_etag(response, read.version)
    return read


@router.delete(
    BULLETIN,
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["bulletins"],
    operation_id="delete_bulletin",
    responses=DELETE_ERRORS,
)
async def delete_bulletin(
    bulletin_id: uuid.UUID,
    session: SessionDep,
    ctx: Editor,
    version: VersionQuery = None,
    if_match: IfMatchHeader = None,
) -> None:
    """Delete a bulletin with all its editions, their articles and distribution log."""
    await service.delete_bulletin(session, ctx, bulletin_id, delete_expectation(version, if_match))
