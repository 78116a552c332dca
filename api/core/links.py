"""Link rows (a dispute's workplaces, an action's participants) kept equal to a wanted list."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.context import GroupContext
from api.core.db import GroupRecord
from api.core.records import RecordWriter
from api.core.tenancy import scoped_select


async def sync_links(
    session: AsyncSession,
    ctx: GroupContext,
    link_model: type[GroupRecord],
    owner: tuple[str, uuid.UUID],
    target_field: str,
    wanted: Sequence[uuid.UUID],
) -> None:
    """Make the owner's link rows (e.g. a dispute's workplaces) exactly `wanted`: links are
    records, so each one added or removed is written (and logged) through the RecordWriter."""
    owner_field, owner_id = owner
    writer = RecordWriter.for_context(session, ctx)
    statement = scoped_select(ctx, link_model).where(getattr(link_model, owner_field) == owner_id)
    existing = (await session.execute(statement)).scalars().all()
    keep = set(wanted)
    for link in existing:
        if getattr(link, target_field) not in keep:
            await writer.delete(link)
    have = {getattr(link, target_field) for link in existing}
    for target_id in wanted:
        if target_id not in have:
            values: dict[str, Any] = {owner_field: owner_id, target_field: target_id}
            await writer.create(link_model(**values))
