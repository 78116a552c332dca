from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String
from sqlmodel import Field

from api.core.db import GroupRecord, UTCDateTime
from api.core.permissions import Role


class Invite(GroupRecord, table=True):
    __tablename__ = "invites"

    role: Role = Field(sa_type=String(20))
    email: str | None = Field(default=None, max_length=320)
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    accepted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    accepted_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
