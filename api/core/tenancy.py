"""The one place group-scoped queries are built: every read of a group's rows goes through here."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement, Select
from sqlmodel import col, select

from api.core.context import GroupContext
from api.core.db import GroupOwned
from api.core.errors import NotFound

OwnedT = TypeVar("OwnedT", bound=GroupOwned)


def in_group(ctx: GroupContext, model: type[GroupOwned]) -> ColumnElement[bool]:
    """`model.group_id = <caller's group>`: for a table joined into a scoped query (an outer
    join's ON clause), so a link to another group's row can never pull that row in."""
    if not isinstance(ctx, GroupContext):
        raise TypeError("group-scoped queries need the caller's GroupContext")
    return col(model.group_id) == ctx.group_id


def scoped_select(ctx: GroupContext, model: type[GroupOwned], *columns: Any) -> Select[Any]:
    """`SELECT columns FROM model WHERE group_id = <caller's group>`; whole rows if no columns."""
    statement: Select[Any] = select(*columns) if columns else select(model)
    return statement.where(in_group(ctx, model))


async def get_scoped(
    session: AsyncSession,
    ctx: GroupContext,
    model: type[OwnedT],
    record_id: uuid.UUID,
    not_found: type[NotFound] = NotFound,
    *,
    for_update: bool = False,
) -> OwnedT:
    statement = scoped_select(ctx, model).where(col(model.id) == record_id)
    if for_update:
        statement = statement.with_for_update()
    record = (await session.execute(statement)).scalars().first()
    if record is None:
        raise not_found()
    return record  # type: ignore[no-any-return]
