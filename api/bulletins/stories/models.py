"""Stories, the workplaces each concerns, and a group's public tip link."""

from __future__ import annotations

import uuid
from typing import ClassVar

from sqlalchemy import String, Text, UniqueConstraint
from sqlmodel import Field

from api.bulletins.stories.enums import StoryStatus
from api.core.db import GroupRecord


class Story(GroupRecord, table=True):
    __tablename__ = "bulletin_stories"
    __entity_type__: ClassVar[str] = "story"

    headline: str = Field(max_length=200)
    body: str | None = Field(default=None, sa_type=Text)
    status: StoryStatus = Field(default=StoryStatus.idea, sa_type=String(20), index=True)
    assignee_id: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", index=True, ondelete="SET NULL"
    )
    dispute_id: uuid.UUID | None = Field(
        default=None, foreign_key="disputes.id", index=True, ondelete="SET NULL"
    )
    conversation_id: uuid.UUID | None = Field(
        default=None, foreign_key="conversations.id", index=True, ondelete="SET NULL"
    )
    # Who gave the story and how to reach them: never printed, never in the change feed.
    source_notes: str | None = Field(default=None, sa_type=Text)
    is_tip: bool = Field(default=False)


class StoryWorkplace(GroupRecord, table=True):
    __tablename__ = "bulletin_story_workplaces"
    __table_args__ = (UniqueConstraint("story_id", "workplace_id"),)
    __entity_type__: ClassVar[str] = "story_workplace"
    # Shown as the story's `workplace_ids`: losing a link changes the story.
    __link_of__: ClassVar[tuple[str, str]] = ("story_id", "workplace_ids")

    story_id: uuid.UUID = Field(foreign_key="bulletin_stories.id", index=True, ondelete="CASCADE")
    workplace_id: uuid.UUID = Field(foreign_key="workplaces.id", index=True, ondelete="CASCADE")


class TipLink(GroupRecord, table=True):
    """The group's public "got a story?" page: one link at most, found by its token's hash.
    The token itself is kept sealed so organisers can show the link again."""

    __tablename__ = "bulletin_tip_links"
    __table_args__ = (UniqueConstraint("group_id"),)
    __entity_type__: ClassVar[str] = "tip_link"

    token_hash: str = Field(max_length=64, unique=True)
    token_sealed: str = Field(sa_type=Text)
