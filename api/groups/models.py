from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field

from api.db import GroupRecord, TableBase, UTCDateTime
from api.permissions import Role


class Group(TableBase, table=True):
    __tablename__ = "groups"

    name: str = Field(max_length=120)
    is_demo: bool = Field(default=False)
    version: int = Field(default=1)
    # Bumped in the same transaction as every write to the group's records, so the
    # change log is numbered in commit order (the row lock serialises writers).
    change_seq: int = Field(default=0)


class Membership(GroupRecord, table=True):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    user_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    role: Role = Field(sa_type=String(20))


class Invite(GroupRecord, table=True):
    __tablename__ = "invites"

    role: Role = Field(sa_type=String(20))
    email: str | None = Field(default=None, max_length=320)
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    accepted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    accepted_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
