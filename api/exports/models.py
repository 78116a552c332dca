"""The group's audit trail of sensitive reads, such as exports of personal data."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import JSON, Column, String
from sqlmodel import Field

from api.core.db import GroupOwned


class AuditEvent(GroupOwned, table=True):
    """Who did what, when, with which filters and how many rows. Written in the same
    transaction as the action it records; never holds the exported values themselves."""

    __tablename__ = "audit_events"

    actor_user_id: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL"
    )
    actor_token_id: uuid.UUID | None = Field(default=None)
    action: str = Field(sa_type=String(40))
    record_type: str = Field(sa_type=String(40))
    file_format: str | None = Field(default=None, sa_type=String(10))
    filters: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    row_count: int = Field(default=0)
