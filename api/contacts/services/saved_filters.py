"""Saved contact filters: a shared filter is the group's, a private one its author's alone.

Who sees what: a private filter is read, changed and deleted by its owner only; anyone else
is told it does not exist. Its changes are logged under a type integrations are never shown
(`PRIVATE_FILTER`), so the change feed and webhooks cannot reveal it either.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.contacts.filters import ContactFilterSpec, check_filter_ids
from api.contacts.saved_filter_models import SavedFilter
from api.contacts.schemas.saved_filters import SavedFilterCreate, SavedFilterRead, SavedFilterUpdate
from api.contacts.services.contacts import ContactFilters
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.deletion import delete_with_dependents
from api.core.errors import Forbidden, NotFound
from api.core.listing import sort_keys
from api.core.pagination import SortKey
from api.core.permissions import Permission
from api.core.queries import any_of, page_of
from api.core.records import RecordWriter
from api.core.references import NOT_IN_GROUP, invalid
from api.core.tenancy import scoped_select
from api.core.versioning import ExpectedVersion, expected_version, update_checked

SAVED_FILTER_COLUMNS = (
    SavedFilter.id,
    SavedFilter.version,
    SavedFilter.created_at,
    SavedFilter.updated_at,
    SavedFilter.created_by,
    SavedFilter.updated_by,
    SavedFilter.name,
    SavedFilter.shared,
    SavedFilter.owner_id,
    SavedFilter.filter,
)


class SavedFilterNotFound(NotFound):
    code = "saved_filter_not_found"
    detail = "Saved filter not found"


def present(record: SavedFilter) -> SavedFilterRead:
    return SavedFilterRead.model_validate(
        {name: getattr(record, name) for name in SavedFilterRead.model_fields}
    )


def stored(spec: ContactFilterSpec) -> dict[str, Any]:
    return spec.model_dump(mode="json", exclude_none=True)


def visible_to(ctx: GroupContext) -> Any:
    """Shared filters and the caller's own."""
    return or_(col(SavedFilter.shared).is_(True), col(SavedFilter.owner_id) == ctx.user_id)


def _visible(ctx: GroupContext, *columns: Any) -> Any:
    return scoped_select(ctx, SavedFilter, *columns).where(visible_to(ctx))


async def get_saved_filter(
    session: AsyncSession, ctx: GroupContext, filter_id: uuid.UUID
) -> SavedFilter:
    """A filter the caller may see (a private one of someone else's is not found)."""
    record = (
        (await session.execute(_visible(ctx).where(col(SavedFilter.id) == filter_id)))
        .scalars()
        .first()
    )
    if record is None:
        raise SavedFilterNotFound()
    return record  # type: ignore[no-any-return]


async def filters_of(
    session: AsyncSession, ctx: GroupContext, filter_id: uuid.UUID, now: datetime
) -> ContactFilters:
    """The contact list's filters a saved filter stands for at `now` (for exports and lists)."""
    record = await get_saved_filter(session, ctx, filter_id)
    return ContactFilterSpec.model_validate(record.filter).as_filters(now)


async def resolve(
    session: AsyncSession, ctx: GroupContext, filters: ContactFilters
) -> ContactFilters:
    """The list's filters with the saved filter they name read in (a 422 on the query's
    `saved_filter_id` when the caller cannot see it)."""
    if filters.saved_filter_id is None:
        return filters
    try:
        record = await get_saved_filter(session, ctx, filters.saved_filter_id)
    except SavedFilterNotFound:
        raise invalid(
            "saved_filter_id",
            "saved_filter_id is not a saved filter you can use in this group",
            where="query",
            code=NOT_IN_GROUP,
            type="not_in_group",
        ) from None
    spec = ContactFilterSpec.model_validate(record.filter)
    return dataclasses.replace(filters, saved=spec.as_filters(utcnow()))


def _check_may_change(ctx: GroupContext, record: SavedFilter) -> None:
    """A filter is changed by whoever saved it; a shared one also by an organiser."""
    if record.owner_id == ctx.user_id:
        return
    if record.shared and ctx.can(Permission.campaigns_write):
        return
    raise Forbidden("Only whoever saved this filter, or an organiser, may change it")


async def list_saved_filters(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    shared: bool | None,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[SavedFilterRead], str | None]:
    statement = _visible(ctx, *SAVED_FILTER_COLUMNS)
    if shared is not None:
        statement = statement.where(col(SavedFilter.shared).is_(shared))
    keys = sort_keys(
        sort,
        {
            "name": (col(SavedFilter.name), str),
            "created_at": (col(SavedFilter.created_at), datetime),
        },
        "name",
        SortKey(col(SavedFilter.id), uuid.UUID),
    )
    return await page_of(session, statement, keys, SavedFilterRead, limit=limit, cursor=cursor)


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, SavedFilterRead]:
    """The shared filters among these ids, as the list shows them: what the change feed
    carries (it only ever names shared ones)."""
    statement = scoped_select(ctx, SavedFilter, *SAVED_FILTER_COLUMNS).where(
        col(SavedFilter.shared).is_(True), any_of(session, col(SavedFilter.id), ids)
    )
    rows = (await session.execute(statement)).all()
    return {row.id: SavedFilterRead.model_validate(dict(row._mapping)) for row in rows}


async def load_private_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, SavedFilterRead]:
    """The caller's own private filters among these ids (for their own change feed)."""
    statement = scoped_select(ctx, SavedFilter, *SAVED_FILTER_COLUMNS).where(
        col(SavedFilter.shared).is_(False),
        col(SavedFilter.owner_id) == ctx.user_id,
        any_of(session, col(SavedFilter.id), ids),
    )
    rows = (await session.execute(statement)).all()
    return {row.id: SavedFilterRead.model_validate(dict(row._mapping)) for row in rows}


async def create_saved_filter(
    session: AsyncSession, ctx: GroupContext, data: SavedFilterCreate
) -> SavedFilterRead:
    await check_filter_ids(session, ctx, data.filter, "filter")
    record = SavedFilter(
        name=data.name, shared=data.shared, owner_id=ctx.user_id, filter=stored(data.filter)
    )
    return present(await RecordWriter.for_context(session, ctx).create(record))


async def read_saved_filter(
    session: AsyncSession, ctx: GroupContext, filter_id: uuid.UUID
) -> SavedFilterRead:
    return present(await get_saved_filter(session, ctx, filter_id))


async def update_saved_filter(
    session: AsyncSession,
    ctx: GroupContext,
    filter_id: uuid.UUID,
    data: SavedFilterUpdate,
    if_match: str | None,
) -> SavedFilterRead:
    record = await get_saved_filter(session, ctx, filter_id)
    _check_may_change(ctx, record)
    expected = expected_version(data.version, if_match)
    changes = data.model_dump(exclude_unset=True, exclude={"version", "filter"})
    if data.filter is not None:
        await check_filter_ids(session, ctx, data.filter, "filter")
        changes["filter"] = stored(data.filter)
    writer = RecordWriter.for_context(session, ctx)
    return present(await update_checked(writer, record, changes, expected, present))


async def delete_saved_filter(
    session: AsyncSession,
    ctx: GroupContext,
    filter_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    """Lists made from the filter keep their people; they forget which filter it was."""
    record = await get_saved_filter(session, ctx, filter_id)
    _check_may_change(ctx, record)
    await delete_with_dependents(session, ctx, record, expected, present)
