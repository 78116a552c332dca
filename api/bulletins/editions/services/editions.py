"""A bulletin's numbered editions: date, target workplaces and shifts, articles, languages."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.bulletins.editions.enums import ChecklistItem
from api.bulletins.editions.models import Article, Edition, EditionShift, EditionWorkplace
from api.bulletins.editions.schemas import (
    ArticleRead,
    EditionCreate,
    EditionRead,
    EditionSummary,
    EditionUpdate,
)
from api.bulletins.editions.services.common import (
    articles_of,
    get_bulletin,
    get_edition,
    printable_languages,
    text_hash,
    written_languages,
)
from api.bulletins.stories.services.stories import mark_printed
from api.core.context import GroupContext
from api.core.deletion import delete_with_dependents
from api.core.links import sync_links
from api.core.pagination import SortKey
from api.core.queries import columns_for, page_of
from api.core.records import RecordWriter
from api.core.references import check_all_in_group
from api.core.tenancy import scoped_select
from api.core.versioning import ExpectedVersion, expected_version, update_checked
from api.workplaces.models import Shift, Workplace

_OWN_FIELDS = list(EditionSummary.model_fields)


def article_read(article: Article) -> ArticleRead:
    return ArticleRead.model_validate(article, from_attributes=True)


def check_is_ready(edition: Edition, articles: Sequence[Article]) -> bool:
    """Every finding confirmed and every checklist item ticked, on the text as it stands."""
    if edition.check_text_hash is None or edition.check_text_hash != text_hash(articles):
        return False
    if any(finding.get("confirmed_at") is None for finding in edition.check_findings):
        return False
    return all(
        edition.checklist.get(item.value, {}).get("text_hash") == edition.check_text_hash
        for item in ChecklistItem
    )


async def _targets(
    session: AsyncSession, ctx: GroupContext, edition_ids: Sequence[uuid.UUID]
) -> tuple[dict[uuid.UUID, list[uuid.UUID]], dict[uuid.UUID, list[uuid.UUID]]]:
    workplaces: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    shifts: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    if not edition_ids:
        return workplaces, shifts
    for edition_id, workplace_id in await session.execute(
        scoped_select(
            ctx, EditionWorkplace, EditionWorkplace.edition_id, EditionWorkplace.workplace_id
        )
        .where(col(EditionWorkplace.edition_id).in_(edition_ids))
        .order_by(col(EditionWorkplace.id))
    ):
        workplaces[edition_id].append(workplace_id)
    for edition_id, shift_id in await session.execute(
        scoped_select(ctx, EditionShift, EditionShift.edition_id, EditionShift.shift_id)
        .where(col(EditionShift.edition_id).in_(edition_ids))
        .order_by(col(EditionShift.id))
    ):
        shifts[edition_id].append(shift_id)
    return workplaces, shifts


async def _present_all(
    session: AsyncSession, ctx: GroupContext, editions: Sequence[Edition]
) -> list[EditionRead]:
    ids = [edition.id for edition in editions]
    workplaces, shifts = await _targets(session, ctx, ids)
    by_edition: dict[uuid.UUID, list[Article]] = defaultdict(list)
    for article in await articles_of(session, ctx, ids):
        by_edition[article.edition_id].append(article)
    reads = []
    for edition in editions:
        articles = by_edition[edition.id]
        fields = {name: getattr(edition, name) for name in _OWN_FIELDS}
        reads.append(
            EditionRead.model_validate(
                fields
                | {
                    "workplace_ids": workplaces[edition.id],
                    "shift_ids": shifts[edition.id],
                    "articles": [article_read(article) for article in articles],
                    "languages": written_languages(articles),
                    "printable_languages": printable_languages(articles),
                    "check_ready": check_is_ready(edition, articles),
                }
            )
        )
    return reads


async def present_edition(
    session: AsyncSession, ctx: GroupContext, edition: Edition
) -> EditionRead:
    return (await _present_all(session, ctx, [edition]))[0]


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, EditionRead]:
    """The group's editions with these ids, each with its articles (for the change feed)."""
    editions = (
        (await session.execute(scoped_select(ctx, Edition).where(col(Edition.id).in_(ids))))
        .scalars()
        .all()
    )
    return {read.id: read for read in await _present_all(session, ctx, editions)}


async def read_edition(
    session: AsyncSession, ctx: GroupContext, edition_id: uuid.UUID
) -> EditionRead:
    return await present_edition(session, ctx, await get_edition(session, ctx, edition_id))


async def list_editions(
    session: AsyncSession,
    ctx: GroupContext,
    bulletin_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
) -> tuple[list[EditionSummary], str | None]:
    """The bulletin's editions, latest number first."""
    await get_bulletin(session, ctx, bulletin_id)
    statement = scoped_select(ctx, Edition, *columns_for(Edition, EditionSummary)).where(
        col(Edition.bulletin_id) == bulletin_id
    )
    keys = [SortKey(col(Edition.number), int, descending=True), SortKey(col(Edition.id), uuid.UUID)]
    return await page_of(session, statement, keys, EditionSummary, limit=limit, cursor=cursor)


async def _check_targets(
    session: AsyncSession,
    ctx: GroupContext,
    workplace_ids: list[uuid.UUID] | None,
    shift_ids: list[uuid.UUID] | None,
) -> None:
    if workplace_ids:
        await check_all_in_group(
            session, ctx, Workplace, workplace_ids, "workplace_ids", "a workplace"
        )
    if shift_ids:
        await check_all_in_group(session, ctx, Shift, shift_ids, "shift_ids", "a shift")


async def create_edition(
    session: AsyncSession, ctx: GroupContext, bulletin_id: uuid.UUID, data: EditionCreate
) -> EditionRead:
    """The next number of the bulletin, one more than its highest so far."""
    bulletin = await get_bulletin(session, ctx, bulletin_id, for_update=True)
    await _check_targets(session, ctx, data.workplace_ids, data.shift_ids)
    last = (
        await session.execute(
            scoped_select(ctx, Edition, func.max(Edition.number)).where(
                col(Edition.bulletin_id) == bulletin.id
            )
        )
    ).scalar_one()
    edition = await RecordWriter.for_context(session, ctx).create(
        Edition(bulletin_id=bulletin.id, number=(last or 0) + 1, edition_date=data.edition_date)
    )
    await _link_targets(session, ctx, edition.id, data.workplace_ids, data.shift_ids)
    return await present_edition(session, ctx, edition)


async def _link_targets(
    session: AsyncSession,
    ctx: GroupContext,
    edition_id: uuid.UUID,
    workplace_ids: list[uuid.UUID] | None,
    shift_ids: list[uuid.UUID] | None,
) -> None:
    if workplace_ids is not None:
        await sync_links(
            session,
            ctx,
            EditionWorkplace,
            ("edition_id", edition_id),
            "workplace_id",
            workplace_ids,
        )
    if shift_ids is not None:
        await sync_links(
            session, ctx, EditionShift, ("edition_id", edition_id), "shift_id", shift_ids
        )


async def update_edition(
    session: AsyncSession,
    ctx: GroupContext,
    edition_id: uuid.UUID,
    data: EditionUpdate,
    if_match: str | None,
) -> EditionRead:
    edition = await get_edition(session, ctx, edition_id)
    await _check_targets(session, ctx, data.workplace_ids, data.shift_ids)
    expected = expected_version(data.version, if_match)
    before = await present_edition(session, ctx, edition)
    changes = data.model_dump(exclude_unset=True, exclude={"version", "workplace_ids", "shift_ids"})
    relinked = [
        name
        for name in ("workplace_ids", "shift_ids")
        if getattr(data, name) is not None
        and set(getattr(data, name)) != set(getattr(before, name))
    ]
    await update_checked(
        RecordWriter.for_context(session, ctx),
        edition,
        changes,
        expected,
        lambda _record: before,
        also_changed=relinked,
    )
    await _link_targets(session, ctx, edition.id, data.workplace_ids, data.shift_ids)
    if data.printed_on is not None:
        # Recording the print run is what prints the edition: the stories its articles were
        # written from leave the pool as printed, in this same transaction.
        await mark_printed(
            session, ctx, [a.story_id for a in before.articles if a.story_id is not None]
        )
    return await present_edition(session, ctx, edition)


async def delete_edition(
    session: AsyncSession,
    ctx: GroupContext,
    edition_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    """Deletes the edition with its articles and distribution log (a tombstone for each)."""
    edition = await get_edition(session, ctx, edition_id)
    before = await present_edition(session, ctx, edition)
    await delete_with_dependents(session, ctx, edition, expected, lambda _record: before)
