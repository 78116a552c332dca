"""Follow-ups: tasks with an assignee and a due date, usually about a contact."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import Text
from sqlmodel import Field

from api.core.db import GroupRecord, UTCDateTime


class FollowUp(GroupRecord, table=True):
    __tablename__ = "follow_ups"
    __entity_type__: ClassVar[str] = "follow_up"

    title: str = Field(max_length=300)
    notes: str | None = Field(default=None, sa_type=Text)
    assignee_id: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", index=True, ondelete="SET NULL"
    )
    due_on: date | None = Field(default=None, index=True)
    contact_id: uuid.UUID | None = Field(
        default=None, foreign_key="contacts.id", index=True, ondelete="CASCADE"
    )
    conversation_id: uuid.UUID | None = Field(
        default=None, foreign_key="conversations.id", ondelete="SET NULL"
    )
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
