"""The story pool: ideas, drafts and tips an editorial meeting works from.

Source notes may name the worker who gave a story, so they are read only by those who edit
bulletins and by the person who proposed the story (who wrote them); everyone else, the
change feed and anything printed see `has_source_notes` and nothing more."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select
from sqlmodel import col

from api.bulletins.stories.enums import StoryStatus
from api.bulletins.stories.models import Story, StoryWorkplace
from api.bulletins.stories.schemas.stories import (
    StoryCreate,
    StoryFromConversation,
    StoryPage,
    StoryRead,
    StoryUpdate,
)
from api.conversations.service import get_conversation
from api.core.context import GroupContext
from api.core.deletion import delete_with_dependents
from api.core.errors import Forbidden, NotFound
from api.core.links import sync_links
from api.core.listing import apply_updated_since, sort_keys, text_search
from api.core.pagination import SortKey, keyset_page
from api.core.permissions import Permission
from api.core.queries import columns_for, searchable
from api.core.records import RecordWriter
from api.core.references import check_all_in_group, check_member, check_record, invalid
from api.core.tenancy import get_scoped, scoped_select
from api.core.versioning import ExpectedVersion, expected_version, update_checked
from api.disputes.models import Dispute
from api.workplaces.models import Workplace

# What the proposer or the assignee of a story may change without editing bulletins.
AUTHOR_FIELDS = frozenset({"headline", "body", "dispute_id", "workplace_ids", "source_notes"})
# The assignee may say their draft is written (or take that back).
ASSIGNEE_STATUSES = frozenset({StoryStatus.assigned, StoryStatus.drafted})
NEEDS_HEADLINE = "The worker raised no issue to take a headline from: send a headline"

_COLUMNS = columns_for(Story, StoryRead)


class StoryNotFound(NotFound):
    code = "story_not_found"
    detail = "Story not found"


def may_read_source_notes(ctx: GroupContext, created_by: uuid.UUID | None) -> bool:
    return ctx.can(Permission.bulletins_edit) or (
        ctx.token_id is None and created_by == ctx.user_id
    )


def _present(
    ctx: GroupContext | None, values: Mapping[str, Any], workplace_ids: list[uuid.UUID]
) -> StoryRead:
    """`ctx` None: for a reader who may never see source notes (the change feed)."""
    notes = values["source_notes"]
    shown = ctx is not None and may_read_source_notes(ctx, values["created_by"])
    fields = {name: values[name] for name in StoryRead.model_fields if name in values}
    fields.update(
        workplace_ids=workplace_ids,
        has_source_notes=notes is not None,
        source_notes=notes if shown else None,
    )
    return StoryRead.model_validate(fields)


async def _workplace_ids(
    session: AsyncSession, ctx: GroupContext, story_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    found: dict[uuid.UUID, list[uuid.UUID]] = {story_id: [] for story_id in story_ids}
    if not story_ids:
        return found
    statement = (
        scoped_select(ctx, StoryWorkplace, StoryWorkplace.story_id, StoryWorkplace.workplace_id)
        .where(col(StoryWorkplace.story_id).in_(story_ids))
        .order_by(col(StoryWorkplace.id))
    )
    for story_id, workplace_id in (await session.execute(statement)).all():
        found[story_id].append(workplace_id)
    return found


async def _present_rows(
    session: AsyncSession, ctx: GroupContext, rows: Sequence[Any], *, notes_for: bool = True
) -> list[StoryRead]:
    workplaces = await _workplace_ids(session, ctx, [row.id for row in rows])
    return [_present(ctx if notes_for else None, row._mapping, workplaces[row.id]) for row in rows]


def _values(story: Story) -> dict[str, Any]:
    return {name: getattr(story, name) for name in StoryRead.model_fields if hasattr(story, name)}


async def _read(session: AsyncSession, ctx: GroupContext, story: Story) -> StoryRead:
    workplaces = await _workplace_ids(session, ctx, [story.id])
    return _present(ctx, _values(story), workplaces[story.id])


async def get_story(session: AsyncSession, ctx: GroupContext, story_id: uuid.UUID) -> Story:
    return await get_scoped(session, ctx, Story, story_id, StoryNotFound)


async def read_story(session: AsyncSession, ctx: GroupContext, story_id: uuid.UUID) -> StoryRead:
    return await _read(session, ctx, await get_story(session, ctx, story_id))


async def _check_references(
    session: AsyncSession, ctx: GroupContext, values: Mapping[str, Any]
) -> None:
    """Ids named in a body must be the group's (the assignee one of its members)."""
    if values.get("assignee_id") is not None:
        await check_member(session, ctx, values["assignee_id"], "assignee_id")
    if values.get("dispute_id") is not None:
        await check_record(session, ctx, Dispute, values["dispute_id"], "dispute_id", "a dispute")
    if values.get("workplace_ids"):
        await check_all_in_group(
            session, ctx, Workplace, values["workplace_ids"], "workplace_ids", "a workplace"
        )


def _refuse_editing(field: str) -> Forbidden:
    return Forbidden(f"Only those who edit bulletins may set {field}")


def _check_proposal(ctx: GroupContext, data: StoryCreate) -> None:
    """Members propose ideas; those who edit bulletins may start a story further along."""
    if ctx.can(Permission.bulletins_edit):
        return
    if data.status != StoryStatus.idea:
        raise _refuse_editing("status")
    if data.assignee_id is not None:
        raise _refuse_editing("assignee_id")


async def _create(
    session: AsyncSession,
    ctx: GroupContext,
    story: Story,
    workplace_ids: list[uuid.UUID],
) -> StoryRead:
    story = await RecordWriter.for_context(session, ctx).create(story)
    await _link_workplaces(session, ctx, story.id, workplace_ids)
    return await _read(session, ctx, story)


async def create_story(session: AsyncSession, ctx: GroupContext, data: StoryCreate) -> StoryRead:
    _check_proposal(ctx, data)
    values = data.model_dump(exclude={"workplace_ids"})
    await _check_references(session, ctx, data.model_dump())
    return await _create(session, ctx, Story(**values), data.workplace_ids)


def draft_from_conversation(issues: Sequence[str], notes: str | None) -> str | None:
    """The worker's issues as a Markdown list, then the notes taken: the start of a draft."""
    parts = []
    if issues:
        parts.append("\n".join(f"- {issue}" for issue in issues))
    if notes and notes.strip():
        parts.append(notes.strip())
    return "\n\n".join(parts) or None


async def create_story_from_conversation(
    session: AsyncSession,
    ctx: GroupContext,
    conversation_id: uuid.UUID,
    data: StoryFromConversation,
) -> StoryRead:
    """A new idea drafted from a conversation's issues and notes. The conversation is linked
    (who was spoken to stays with it), never copied into source notes or anything printed."""
    conversation = await get_conversation(session, ctx, conversation_id)
    issues = [issue for issue in conversation.issues if issue.strip()]
    headline = data.headline or (issues[0].strip()[:200] if issues else None)
    if headline is None:
        raise invalid("headline", NEEDS_HEADLINE, type="missing")
    story = Story(
        headline=headline,
        body=draft_from_conversation(issues, conversation.notes),
        conversation_id=conversation.id,
    )
    return await _create(session, ctx, story, [])


async def create_tip(writer: RecordWriter, headline: str, body: str) -> None:
    """A story sent through the public tip page: an idea marked as a tip, by nobody."""
    await writer.create(Story(headline=headline, body=body, is_tip=True))


def _check_may_change(ctx: GroupContext, story: Story, changes: Mapping[str, Any]) -> None:
    """Those who edit bulletins change any story; its proposer and its assignee change its
    words and what it concerns, and the assignee may mark it drafted."""
    if ctx.can(Permission.bulletins_edit):
        return
    is_assignee = story.assignee_id == ctx.user_id
    if story.created_by != ctx.user_id and not is_assignee:
        raise Forbidden("Only those who edit bulletins change a story someone else proposed")
    for field, value in changes.items():
        if field in AUTHOR_FIELDS:
            continue
        if field == "status" and is_assignee and {value, story.status} <= ASSIGNEE_STATUSES:
            continue
        raise _refuse_editing(field)


async def update_story(
    session: AsyncSession,
    ctx: GroupContext,
    story_id: uuid.UUID,
    data: StoryUpdate,
    if_match: str | None,
) -> StoryRead:
    story = await get_story(session, ctx, story_id)
    expected = expected_version(data.version, if_match)
    before = await _read(session, ctx, story)
    sent = data.model_dump(exclude_unset=True, exclude={"version"})
    _check_may_change(ctx, story, sent)
    await _check_references(session, ctx, sent)
    changes = {name: value for name, value in sent.items() if name != "workplace_ids"}
    relinks = data.workplace_ids is not None and set(data.workplace_ids) != set(
        before.workplace_ids
    )
    await update_checked(
        RecordWriter.for_context(session, ctx),
        story,
        changes,
        expected,
        lambda record: _present(ctx, _values(record), before.workplace_ids),
        also_changed=["workplace_ids"] if relinks else [],
    )
    if data.workplace_ids is not None:
        await _link_workplaces(session, ctx, story.id, data.workplace_ids)
    return await _read(session, ctx, story)


async def mark_printed(
    session: AsyncSession, ctx: GroupContext, story_ids: Sequence[uuid.UUID]
) -> None:
    """For the editions side: the stories an edition used are printed once it is."""
    writer = RecordWriter.for_context(session, ctx)
    statement = scoped_select(ctx, Story).where(
        col(Story.id).in_(story_ids), col(Story.status) != StoryStatus.printed.value
    )
    for story in (await session.execute(statement)).scalars().all():
        await writer.update(story, {"status": StoryStatus.printed})


async def _link_workplaces(
    session: AsyncSession, ctx: GroupContext, story_id: uuid.UUID, workplace_ids: list[uuid.UUID]
) -> None:
    await sync_links(
        session, ctx, StoryWorkplace, ("story_id", story_id), "workplace_id", workplace_ids
    )


async def delete_story(
    session: AsyncSession, ctx: GroupContext, story_id: uuid.UUID, expected: ExpectedVersion | None
) -> None:
    """Deletes the story and its workplace links (a tombstone for each)."""
    story = await get_story(session, ctx, story_id)
    before = await _read(session, ctx, story)
    await delete_with_dependents(session, ctx, story, expected, lambda _record: before)


@dataclass(frozen=True)
class StoryFilters:
    statuses: list[StoryStatus] | None = None
    assignee_id: uuid.UUID | None = None
    workplace_id: uuid.UUID | None = None
    dispute_id: uuid.UUID | None = None
    is_tip: bool | None = None
    updated_since: datetime | None = None
    q: str | None = None


def stories_matching(ctx: GroupContext, filters: StoryFilters) -> Select[Any]:
    statement = scoped_select(ctx, Story, *_COLUMNS)
    if filters.statuses:
        statement = statement.where(col(Story.status).in_([s.value for s in filters.statuses]))
    if filters.assignee_id is not None:
        statement = statement.where(col(Story.assignee_id) == filters.assignee_id)
    if filters.dispute_id is not None:
        statement = statement.where(col(Story.dispute_id) == filters.dispute_id)
    if filters.is_tip is not None:
        statement = statement.where(col(Story.is_tip) == filters.is_tip)
    if filters.workplace_id is not None:
        concerning = scoped_select(ctx, StoryWorkplace, StoryWorkplace.story_id).where(
            col(StoryWorkplace.workplace_id) == filters.workplace_id
        )
        statement = statement.where(col(Story.id).in_(concerning))
    # Source notes are not searched: a search must not reveal what a reader may not see.
    search = text_search(filters.q, searchable(col(Story.headline), col(Story.body)))
    if search is not None:
        statement = statement.where(search)
    return apply_updated_since(statement, col(Story.updated_at), filters.updated_since)


STORY_SORTS: dict[str, tuple[Any, type]] = {
    "created_at": (col(Story.created_at), datetime),
    "updated_at": (col(Story.updated_at), datetime),
    "headline": (col(Story.headline), str),
}


async def list_stories(
    session: AsyncSession,
    ctx: GroupContext,
    filters: StoryFilters,
    *,
    sort: str | None,
    limit: int,
    cursor: str | None,
) -> StoryPage:
    keys = sort_keys(sort, STORY_SORTS, "-updated_at", SortKey(col(Story.id), uuid.UUID))
    rows, next_cursor = await keyset_page(
        session, stories_matching(ctx, filters), keys, limit=limit, cursor=cursor
    )
    return StoryPage(items=await _present_rows(session, ctx, rows), next_cursor=next_cursor)


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, StoryRead]:
    """The stories with these ids as the list shows them to a reader who may not see source
    notes: the change feed and webhooks never carry them."""
    statement = scoped_select(ctx, Story, *_COLUMNS).where(col(Story.id).in_(ids))
    rows = (await session.execute(statement)).all()
    stories = await _present_rows(session, ctx, rows, notes_for=False)
    return {story.id: story for story in stories}
