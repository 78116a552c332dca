"""One-to-one conversations with contacts."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from sqlalchemy import JSON, Column, String, Text
from sqlmodel import Field

from api.conversations.enums import Channel
from api.core.db import GroupRecord, UTCDateTime


class Conversation(GroupRecord, table=True):
    __tablename__ = "conversations"
    __entity_type__: ClassVar[str] = "conversation"

    contact_id: uuid.UUID = Field(foreign_key="contacts.id", index=True, ondelete="CASCADE")
    occurred_at: datetime = Field(sa_type=UTCDateTime, index=True)
    spoken_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    channel: Channel = Field(default=Channel.in_person, sa_type=String(20))
    issues: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    notes: str | None = Field(default=None, sa_type=Text)
    outcome: str | None = Field(default=None, sa_type=Text)
    next_step: str | None = Field(default=None, sa_type=Text)
