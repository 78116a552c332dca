from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, String, UniqueConstraint
from sqlmodel import Field

from api.core.db import GroupOwned, UTCDateTime


class Operation(StrEnum):
    create = "create"
    update = "update"
    delete = "delete"


class Change(GroupOwned, table=True):
    """One write to a group's record: who, when, what kind, which fields. No field values,
    so deleting a record leaves no personal data behind in its history."""

    __tablename__ = "changes"
    __table_args__ = (UniqueConstraint("group_id", "seq"),)

    # Indexed through the (group_id, seq) unique constraint, not on its own.
    group_id: uuid.UUID = Field(foreign_key="groups.id", ondelete="CASCADE")
    seq: int
    entity_type: str = Field(max_length=40)
    entity_id: uuid.UUID = Field(index=True)
    operation: Operation = Field(sa_type=String(10))
    actor_user_id: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL"
    )
    actor_token_id: uuid.UUID | None = Field(default=None)
    changed_fields: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    at: datetime = Field(sa_type=UTCDateTime)


class Tombstone(GroupOwned, table=True):
    """What is left of a deleted record: its identity and deletion time, nothing personal."""

    __tablename__ = "tombstones"

    entity_type: str = Field(max_length=40)
    entity_id: uuid.UUID = Field(unique=True)
    deleted_at: datetime = Field(sa_type=UTCDateTime)
    deleted_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
