"""Bulletins: the title, masthead and get-involved box every edition prints."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.bulletins.editions.models import Bulletin, Edition
from api.bulletins.editions.schemas import BulletinCreate, BulletinRead, BulletinUpdate
from api.bulletins.editions.services.common import get_bulletin
from api.core.context import GroupContext
from api.core.deletion import delete_with_dependents
from api.core.pagination import SortKey
from api.core.queries import columns_for, page_of
from api.core.records import RecordWriter
from api.core.tenancy import scoped_select
from api.core.versioning import ExpectedVersion, update_from_request


def _last_number(ctx: GroupContext) -> Any:
    return (
        scoped_select(ctx, Edition, func.max(Edition.number))
        .where(col(Edition.bulletin_id) == col(Bulletin.id))
        .scalar_subquery()
    )


def _bulletins(ctx: GroupContext) -> Any:
    return scoped_select(
        ctx,
        Bulletin,
        *columns_for(Bulletin, BulletinRead),
        func.coalesce(_last_number(ctx), 0).label("last_number"),
    )


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, BulletinRead]:
    """The group's bulletins with these ids, as the list shows them."""
    rows = (await session.execute(_bulletins(ctx).where(col(Bulletin.id).in_(ids)))).all()
    return {row.id: BulletinRead.model_validate(dict(row._mapping)) for row in rows}


async def read_bulletin(
    session: AsyncSession, ctx: GroupContext, bulletin_id: uuid.UUID
) -> BulletinRead:
    bulletin = await get_bulletin(session, ctx, bulletin_id)
    return (await load_reads(session, ctx, [bulletin.id]))[bulletin.id]


async def list_bulletins(
    session: AsyncSession, ctx: GroupContext, *, limit: int, cursor: str | None
) -> tuple[list[BulletinRead], str | None]:
    keys = [SortKey(col(Bulletin.title), str), SortKey(col(Bulletin.id), uuid.UUID)]
    return await page_of(session, _bulletins(ctx), keys, BulletinRead, limit=limit, cursor=cursor)


async def create_bulletin(
    session: AsyncSession, ctx: GroupContext, data: BulletinCreate
) -> BulletinRead:
    bulletin = await RecordWriter.for_context(session, ctx).create(Bulletin(**data.model_dump()))
    return await read_bulletin(session, ctx, bulletin.id)


def _present(bulletin: Bulletin) -> BulletinRead:
    fields = {
        name: getattr(bulletin, name) for name in BulletinRead.model_fields if name != "last_number"
    }
    return BulletinRead.model_validate(fields | {"last_number": 0})


async def update_bulletin(
    session: AsyncSession,
    ctx: GroupContext,
    bulletin_id: uuid.UUID,
    data: BulletinUpdate,
    if_match: str | None,
) -> BulletinRead:
    bulletin = await get_bulletin(session, ctx, bulletin_id)
    await update_from_request(session, ctx, bulletin, data, if_match, _present)
    return await read_bulletin(session, ctx, bulletin.id)


async def delete_bulletin(
    session: AsyncSession,
    ctx: GroupContext,
    bulletin_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    """Deletes the bulletin with its editions, their articles and distribution log (a
    tombstone for each)."""
    bulletin = await get_bulletin(session, ctx, bulletin_id)
    before = await read_bulletin(session, ctx, bulletin_id)
    await delete_with_dependents(session, ctx, bulletin, expected, lambda _record: before)
