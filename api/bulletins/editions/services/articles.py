"""An edition's articles, each written in one or more languages."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.bulletins.editions.enums import ArticleSection
from api.bulletins.editions.models import Article
from api.bulletins.editions.schemas import ArticleCreate, ArticleRead, ArticleUpdate
from api.bulletins.editions.services.common import get_edition
from api.bulletins.editions.services.editions import article_read
from api.bulletins.stories.models import Story
from api.core.context import GroupContext
from api.core.deletion import delete_with_dependents
from api.core.errors import NotFound
from api.core.queries import load_by_columns, rows_by_id
from api.core.records import RecordWriter
from api.core.references import check_record, invalid
from api.core.tenancy import get_scoped, scoped_select
from api.core.versioning import ExpectedVersion, expected_version, update_checked

# The front carries the one or two main articles; the back any number of short items.
MAX_FRONT_ARTICLES = 2


class ArticleNotFound(NotFound):
    code = "article_not_found"
    detail = "Article not found"


async def load_reads(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, ArticleRead]:
    """The group's articles with these ids (for the change feed)."""
    return await load_by_columns(session, ctx, Article, ArticleRead, ids)


async def load_rows(
    session: AsyncSession, ctx: GroupContext, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    """The same articles as `load_reads`, as their JSON's fields (for the change feed)."""
    return await rows_by_id(session, ctx, Article, ArticleRead, ids)


async def _get_article(
    session: AsyncSession, ctx: GroupContext, edition_id: uuid.UUID, article_id: uuid.UUID
) -> Article:
    article = await get_scoped(session, ctx, Article, article_id, ArticleNotFound)
    if article.edition_id != edition_id:
        raise ArticleNotFound()
    return article


async def _count_in_section(
    session: AsyncSession, ctx: GroupContext, edition_id: uuid.UUID, section: ArticleSection
) -> tuple[int, int | None]:
    """How many articles the section holds, and its last position."""
    count, last = (
        await session.execute(
            scoped_select(ctx, Article, func.count(), func.max(Article.position)).where(
                col(Article.edition_id) == edition_id, col(Article.section) == section.value
            )
        )
    ).one()
    return int(count), last


async def _check_story(
    session: AsyncSession, ctx: GroupContext, story_id: uuid.UUID | None
) -> None:
    if story_id is not None:
        await check_record(session, ctx, Story, story_id, "story_id", "a story")


def _refuse_full_front(count: int) -> None:
    if count >= MAX_FRONT_ARTICLES:
        raise invalid(
            "section",
            f"The front has room for {MAX_FRONT_ARTICLES} main articles; put this one on the back",
            code="front_page_full",
        )


async def create_article(
    session: AsyncSession, ctx: GroupContext, edition_id: uuid.UUID, data: ArticleCreate
) -> ArticleRead:
    edition = await get_edition(session, ctx, edition_id)
    await _check_story(session, ctx, data.story_id)
    count, last = await _count_in_section(session, ctx, edition.id, data.section)
    if data.section is ArticleSection.front:
        _refuse_full_front(count)
    position = data.position if data.position is not None else (0 if last is None else last + 1)
    article = await RecordWriter.for_context(session, ctx).create(
        Article(
            edition_id=edition.id,
            section=data.section,
            position=position,
            texts={language: text.model_dump() for language, text in data.texts.items()},
            story_id=data.story_id,
        )
    )
    return article_read(article)


async def read_article(
    session: AsyncSession, ctx: GroupContext, edition_id: uuid.UUID, article_id: uuid.UUID
) -> ArticleRead:
    return article_read(await _get_article(session, ctx, edition_id, article_id))


async def update_article(
    session: AsyncSession,
    ctx: GroupContext,
    edition_id: uuid.UUID,
    article_id: uuid.UUID,
    data: ArticleUpdate,
    if_match: str | None,
) -> ArticleRead:
    article = await _get_article(session, ctx, edition_id, article_id)
    expected = expected_version(data.version, if_match)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    await _check_story(session, ctx, data.story_id)
    if data.section is ArticleSection.front and article.section != ArticleSection.front:
        count, _last = await _count_in_section(session, ctx, edition_id, ArticleSection.front)
        _refuse_full_front(count)
    writer = RecordWriter.for_context(session, ctx)
    await update_checked(writer, article, changes, expected, article_read)
    return article_read(article)


async def delete_article(
    session: AsyncSession,
    ctx: GroupContext,
    edition_id: uuid.UUID,
    article_id: uuid.UUID,
    expected: ExpectedVersion | None,
) -> None:
    article = await _get_article(session, ctx, edition_id, article_id)
    await delete_with_dependents(session, ctx, article, expected, article_read)
