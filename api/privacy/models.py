"""A group's retention rules: one row per kind, written when an owner first sets it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, String, UniqueConstraint
from sqlmodel import Field

from api.core.db import GroupOwned, UTCDateTime
from api.privacy.enums import RetentionKind


class RetentionRule(GroupOwned, table=True):
    """A group setting, not a synchronised record: it never enters the change feed (what it
    removes does)."""

    __tablename__ = "retention_rules"
    __table_args__ = (UniqueConstraint("group_id", "kind"),)

    kind: RetentionKind = Field(sa_type=String(30))
    enabled: bool = Field(default=False)
    months: int
    # Who last set the rule: its scheduled runs act (and are logged) as them while they are
    # still an owner of the group.
    configured_by: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL"
    )
    last_run_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_removed: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
