"""Meetings, their agenda, the motions moved at them and the decisions they took."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Column, String, Text
from sqlmodel import Field

from api.core.db import GroupRecord, UTCDateTime
from api.core.search_text import search_key
from api.democracy.meetings.enums import MotionStatus


class Meeting(GroupRecord, table=True):
    __tablename__ = "meetings"
    __entity_type__: ClassVar[str] = "meeting"

    title: str = Field(max_length=200)
    starts_at: datetime = Field(sa_type=UTCDateTime, index=True)
    place: str | None = Field(default=None, max_length=300)
    link: str | None = Field(default=None, max_length=500)
    present_ids: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False), description="Users present"
    )
    apologies_ids: list[str] = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False),
        description="Users who sent apologies",
    )


class AgendaItem(GroupRecord, table=True):
    __tablename__ = "agenda_items"
    __entity_type__: ClassVar[str] = "agenda_item"

    meeting_id: uuid.UUID = Field(foreign_key="meetings.id", index=True, ondelete="CASCADE")
    position: int = Field(description="1 for the first item")
    title: str = Field(max_length=200)
    minutes: str | None = Field(default=None, sa_type=Text)


class Motion(GroupRecord, table=True):
    """A motion, or (with `amends_id`) an amendment to one: its `text` is then the
    substantive motion's wording as it would stand if the amendment carried."""

    __tablename__ = "motions"
    __entity_type__: ClassVar[str] = "motion"

    meeting_id: uuid.UUID = Field(foreign_key="meetings.id", index=True, ondelete="CASCADE")
    agenda_item_id: uuid.UUID | None = Field(
        default=None, foreign_key="agenda_items.id", index=True, ondelete="SET NULL"
    )
    amends_id: uuid.UUID | None = Field(
        default=None, foreign_key="motions.id", index=True, ondelete="CASCADE"
    )
    title: str = Field(max_length=200)
    text: str = Field(sa_type=Text)
    proposer_id: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", index=True, ondelete="SET NULL"
    )
    seconder_id: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", index=True, ondelete="SET NULL"
    )
    status: MotionStatus = Field(default=MotionStatus.tabled, sa_type=String(10), index=True)
    vote_id: uuid.UUID | None = Field(
        default=None, foreign_key="votes.id", index=True, ondelete="SET NULL"
    )
    text_history: list[dict[str, Any]] = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False),
        description="Earlier wordings, oldest first, each with the amendment that replaced it",
    )


class Decision(GroupRecord, table=True):
    __tablename__ = "decisions"
    __entity_type__: ClassVar[str] = "decision"
    # Kept by the write path, so both databases search the same key (api.core.search_text).
    __derived_columns__: ClassVar[dict[str, tuple[str, Callable[[Any], str]]]] = {
        "search_text": ("text", search_key),
    }

    meeting_id: uuid.UUID = Field(foreign_key="meetings.id", index=True, ondelete="CASCADE")
    agenda_item_id: uuid.UUID | None = Field(
        default=None, foreign_key="agenda_items.id", index=True, ondelete="SET NULL"
    )
    motion_id: uuid.UUID | None = Field(
        default=None, foreign_key="motions.id", index=True, ondelete="SET NULL"
    )
    vote_id: uuid.UUID | None = Field(
        default=None, foreign_key="votes.id", index=True, ondelete="SET NULL"
    )
    decided_at: datetime = Field(sa_type=UTCDateTime, index=True)
    text: str = Field(sa_type=Text)
    search_text: str = Field(default="", sa_type=Text)
