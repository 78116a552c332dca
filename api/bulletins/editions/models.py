"""Bulletins, their numbered editions and articles, and the distribution log."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Column, String, Text, UniqueConstraint
from sqlmodel import Field

from api.bulletins.editions.enums import ArticleSection
from api.core.db import GroupRecord, UTCDateTime


class Bulletin(GroupRecord, table=True):
    __tablename__ = "bulletins"
    __entity_type__: ClassVar[str] = "bulletin"

    title: str = Field(max_length=200)
    masthead: str | None = Field(default=None, sa_type=Text)
    # The get-involved box printed on every edition.
    contact_text: str | None = Field(default=None, sa_type=Text)
    next_meeting: str | None = Field(default=None, max_length=500)


class Edition(GroupRecord, table=True):
    __tablename__ = "bulletin_editions"
    __table_args__ = (UniqueConstraint("bulletin_id", "number"),)
    __entity_type__: ClassVar[str] = "bulletin_edition"

    bulletin_id: uuid.UUID = Field(foreign_key="bulletins.id", index=True, ondelete="CASCADE")
    # Assigned by the server: one more than the bulletin's highest.
    number: int
    edition_date: date
    copies_printed: int | None = Field(default=None)
    printed_on: date | None = Field(default=None)
    # The identification check and checklist, both tied to the text they were made on
    # (`check_text_hash`): any change of text makes them stale and printing is refused.
    check_text_hash: str | None = Field(default=None, max_length=64)
    check_findings: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    checklist: dict[str, dict[str, Any]] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )


class EditionWorkplace(GroupRecord, table=True):
    __tablename__ = "bulletin_edition_workplaces"
    __table_args__ = (UniqueConstraint("edition_id", "workplace_id"),)
    __entity_type__: ClassVar[str] = "bulletin_edition_workplace"
    # Shown as the edition's `workplace_ids`: losing a link changes the edition.
    __link_of__: ClassVar[tuple[str, str]] = ("edition_id", "workplace_ids")

    edition_id: uuid.UUID = Field(
        foreign_key="bulletin_editions.id", index=True, ondelete="CASCADE"
    )
    workplace_id: uuid.UUID = Field(foreign_key="workplaces.id", index=True, ondelete="CASCADE")


class EditionShift(GroupRecord, table=True):
    __tablename__ = "bulletin_edition_shifts"
    __table_args__ = (UniqueConstraint("edition_id", "shift_id"),)
    __entity_type__: ClassVar[str] = "bulletin_edition_shift"
    __link_of__: ClassVar[tuple[str, str]] = ("edition_id", "shift_ids")

    edition_id: uuid.UUID = Field(
        foreign_key="bulletin_editions.id", index=True, ondelete="CASCADE"
    )
    shift_id: uuid.UUID = Field(foreign_key="shifts.id", index=True, ondelete="CASCADE")


class Article(GroupRecord, table=True):
    __tablename__ = "bulletin_articles"
    __entity_type__: ClassVar[str] = "bulletin_article"

    edition_id: uuid.UUID = Field(
        foreign_key="bulletin_editions.id", index=True, ondelete="CASCADE"
    )
    section: ArticleSection = Field(sa_type=String(10))
    position: int = Field(default=0)
    # The story in the pool the article was written from: printing the edition marks it printed.
    story_id: uuid.UUID | None = Field(
        default=None, foreign_key="bulletin_stories.id", index=True, ondelete="SET NULL"
    )
    # The article in each language it is written in: {"en-GB": {"headline": ..., "body": ...}}.
    texts: dict[str, dict[str, str]] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )


class Handout(GroupRecord, table=True):
    __tablename__ = "bulletin_handouts"
    __entity_type__: ClassVar[str] = "bulletin_handout"

    edition_id: uuid.UUID = Field(
        foreign_key="bulletin_editions.id", index=True, ondelete="CASCADE"
    )
    workplace_id: uuid.UUID = Field(foreign_key="workplaces.id", index=True, ondelete="CASCADE")
    shift_id: uuid.UUID | None = Field(
        default=None, foreign_key="shifts.id", index=True, ondelete="SET NULL"
    )
    place: str | None = Field(default=None, max_length=200)
    handed_out_at: datetime = Field(sa_type=UTCDateTime, index=True)
    copies_given: int
    copies_left: int | None = Field(default=None)
    distributor: str | None = Field(default=None, max_length=200)


class Feedback(GroupRecord, table=True):
    __tablename__ = "bulletin_feedback"
    __entity_type__: ClassVar[str] = "bulletin_feedback"

    edition_id: uuid.UUID = Field(
        foreign_key="bulletin_editions.id", index=True, ondelete="CASCADE"
    )
    heard_on: date
    workplace_id: uuid.UUID | None = Field(
        default=None, foreign_key="workplaces.id", index=True, ondelete="SET NULL"
    )
    text: str = Field(sa_type=Text)
