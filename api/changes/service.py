"""The change feed: every create, update and delete of a group's records since a cursor.

The log is numbered per group by `groups.change_seq`, bumped under the group row's lock in the
writing transaction just before it commits (api/core/records.py), so a change with a higher
number always commits after one with a lower number. A page reads the committed end of the log
with its changes, in one statement, and never reports a position past it, so a transaction still
open when the page was read is picked up by the next pull instead of being skipped.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, and_, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.changes.registry import LOADERS, LoadContext
from api.changes.schemas import ChangeHead, CompactionResult
from api.changes.types import FEED_TYPES, OWNER_FEED_TYPES
from api.core.changelog import Change, Operation, Tombstone
from api.core.context import GroupContext
from api.core.errors import Forbidden, Gone
from api.core.pagination import InvalidCursor, SortKey, decode_cursor, encode_cursor
from api.core.queries import any_of, column_rows
from api.core.references import invalid
from api.core.tenancy import in_group
from api.core.tenants import Group

# A cursor is the position and the group it belongs to, so one group's cursor is refused
# by another group's feed instead of silently skipping its changes.
_CURSOR_KEYS = [SortKey(col(Change.seq), int), SortKey(col(Change.group_id), str)]
RESYNC_ADVICE = (
    "resync from the list endpoints, then continue from the cursor returned by /changes/head "
    "(take that cursor before you start the resync)"
)


class CursorExpired(Gone):
    code = "cursor_expired"
    detail = f"This cursor is older than the change log kept on this server: {RESYNC_ADVICE}"


def encode_position(group_id: uuid.UUID, seq: int) -> str:
    return encode_cursor([seq, group_id.hex])


def decode_position(group_id: uuid.UUID, cursor: str) -> int:
    position, group = decode_cursor(cursor, _CURSOR_KEYS)
    if position < 0 or group != group_id.hex:
        raise InvalidCursor()
    return int(position)


def visible_types(ctx: GroupContext, requested: Sequence[str] | None) -> list[str]:
    """The entity types this page covers: those asked for (all by default), each checked
    against the known types and, for an API token, its read scopes."""
    known = {**FEED_TYPES, **OWNER_FEED_TYPES}
    names: list[str] = []
    for value in requested or []:
        names.extend(part.strip() for part in value.split(",") if part.strip())
    for name in names:
        if name not in known:
            raise invalid(
                "types",
                f"Unknown type {name!r}; use one of: {', '.join(sorted(known))}",
                where="query",
            )
    allowed = [
        name
        for name, scope in known.items()
        if ctx.token_scopes is None or scope in ctx.token_scopes
    ]
    if not names:
        return allowed
    for name in names:
        if name not in allowed:
            raise Forbidden(
                f"This API token does not have the {known[name]} scope needed for {name}",
                code="insufficient_scope",
            )
    return sorted(set(names))


async def head_position(session: AsyncSession, ctx: GroupContext) -> int:
    """The highest committed position (read without waiting for writers holding the lock)."""
    statement = select(col(Group.change_seq)).where(col(Group.id) == ctx.group_id)
    head: int = (await session.execute(statement)).scalar_one()
    return head


async def read_head(session: AsyncSession, ctx: GroupContext) -> ChangeHead:
    return ChangeHead(cursor=encode_position(ctx.group_id, await head_position(session, ctx)))


async def _records(
    load: LoadContext, rows: Sequence[Any]
) -> dict[tuple[str, uuid.UUID], dict[str, Any]]:
    """Current state of every record upserted on the page, as its JSON's fields: one query
    per entity type. A loader answering rows (most) gives them as they are; a record its
    domain builds in Python comes as a model and is dumped here."""
    wanted: dict[str, set[uuid.UUID]] = {}
    for row in rows:
        if row.operation != Operation.delete:
            wanted.setdefault(row.entity_type, set()).add(row.entity_id)
    found: dict[tuple[str, uuid.UUID], dict[str, Any]] = {}
    for entity_type, ids in wanted.items():
        records = await LOADERS[entity_type](load, sorted(ids))
        for record_id, record in records.items():
            found[(entity_type, record_id)] = (
                record.model_dump(mode="json") if isinstance(record, BaseModel) else record
            )
    return found


def _page_statement(
    session: AsyncSession, ctx: GroupContext, after: int, entity_types: Sequence[str], limit: int
) -> Select[Any]:
    """The committed end of the log, the oldest position kept and the changes after `after`,
    in one statement: one snapshot, so the three agree (a write still open, or a compaction
    running, is seen entirely or not at all). The group row is outer-joined to its changes, so
    a page with no changes still reads one row carrying the two positions."""
    oldest = select(func.min(col(Change.seq))).where(in_group(ctx, Change))
    return (
        select(
            col(Group.change_seq).label("head"),
            oldest.scalar_subquery().label("oldest"),
            col(Change.seq),
            col(Change.entity_type),
            col(Change.entity_id),
            col(Change.operation),
            col(Change.at),
            col(Change.actor_user_id),
            col(Change.changed_fields),
        )
        .select_from(Group)
        .outerjoin(
            Change,
            and_(
                in_group(ctx, Change),
                col(Change.seq) > after,
                col(Change.seq) <= col(Group.change_seq),
                any_of(session, col(Change.entity_type), entity_types),
                # A member's private records reach their own feed only.
                or_(
                    col(Change.entity_type).not_in(list(OWNER_FEED_TYPES)),
                    col(Change.actor_user_id) == ctx.user_id,
                ),
            ),
        )
        .where(col(Group.id) == ctx.group_id)
        .order_by(col(Change.seq))
        .limit(limit + 1)
    )


async def list_changes(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    cursor: str | None,
    types: Sequence[str] | None,
    limit: int,
    turnout_threshold_ends_on: date | None,
) -> dict[str, Any]:
    """One page of the feed as a `ChangePage`'s JSON fields (`api.core.rendering`)."""
    entity_types = visible_types(ctx, types)
    after = decode_position(ctx.group_id, cursor) if cursor else 0
    found = await column_rows(session, _page_statement(session, ctx, after, entity_types, limit))
    head: int = found[0].head
    if after > head:
        raise InvalidCursor()
    if after < head and (found[0].oldest is None or after < found[0].oldest - 1):
        raise CursorExpired()
    rows = [row for row in found if row.seq is not None]
    more = len(rows) > limit
    rows = rows[:limit]
    end = rows[-1].seq if more else head
    records = await _records(LoadContext(session, ctx, turnout_threshold_ends_on), rows)
    items = []
    for row in rows:
        deleted = row.operation == Operation.delete
        # A `ChangeItem`'s fields, every value from the change log's own columns.
        items.append(
            {
                "seq": row.seq,
                "type": row.entity_type,
                "id": row.entity_id,
                "operation": row.operation,
                "at": row.at,
                "actor": None if deleted else row.actor_user_id,
                "changed_fields": [] if deleted else list(row.changed_fields or []),
                "record": None if deleted else records.get((row.entity_type, row.entity_id)),
            }
        )
    position = encode_position(ctx.group_id, end)
    return {"items": items, "next_cursor": position if more else None, "cursor": position}


async def compact_changes(
    session: AsyncSession, *, now: datetime, retention_days: int
) -> CompactionResult:
    """Delete each group's changes older than the retention, oldest first, always keeping the
    group's newest change: the oldest position kept is the low-water mark that tells an
    expired cursor (410) from a current one. Tombstones older than the retention go too.
    Not group-scoped: this is maintenance across every group, run by the worker and the CLI."""
    cutoff = now - timedelta(days=retention_days)
    old = (
        await session.execute(
            select(col(Change.group_id), func.max(col(Change.seq)))
            .where(col(Change.at) < cutoff)
            .group_by(col(Change.group_id))
        )
    ).all()
    changes_deleted = 0
    for group_id, newest_old in old:
        newest = (
            await session.execute(
                select(func.max(col(Change.seq))).where(col(Change.group_id) == group_id)
            )
        ).scalar_one()
        through = min(newest_old, newest - 1)
        if through < 1:
            continue
        result = await session.execute(
            delete(Change).where(col(Change.group_id) == group_id, col(Change.seq) <= through)
        )
        changes_deleted += result.rowcount  # type: ignore[attr-defined]
    tombstones = await session.execute(delete(Tombstone).where(col(Tombstone.deleted_at) < cutoff))
    return CompactionResult(
        changes_deleted=changes_deleted,
        tombstones_deleted=tombstones.rowcount,  # type: ignore[attr-defined]
    )


# The feed types that are records of people, and where each names its person.
PEOPLE_TYPES = {"contact", "assessment", "conversation", "follow_up", "dispute_contact"}


def people_in(page: dict[str, Any]) -> list[uuid.UUID]:
    """The contact behind each record of a person the page (`list_changes`) carries (one per
    item, so a contact can appear more than once); deletes carry no record and show no one."""
    people: list[uuid.UUID] = []
    for item in page["items"]:
        record = item["record"]
        if item["type"] not in PEOPLE_TYPES or record is None:
            continue
        if item["type"] == "contact":
            people.append(uuid.UUID(str(item["id"])))
        elif record.get("contact_id") is not None:
            people.append(uuid.UUID(str(record["contact_id"])))
    return people
