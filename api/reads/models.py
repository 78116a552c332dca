"""The read log (append-only: no route updates or deletes it; only retention purges it), the
owners' alert setting and the alerts sent."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, String, UniqueConstraint
from sqlmodel import Field

from api.core.db import GroupOwned, UTCDateTime


class ReadEvent(GroupOwned, table=True):
    """One read of personal data: who (and through which API token), what kind, which query
    (filters without personal values: searched text is withheld), how many rows it answered
    and how many people's records it showed. Written in the request that read."""

    __tablename__ = "read_events"
    __table_args__ = (
        Index("ix_read_events_group_id_actor_created", "group_id", "actor_user_id", "created_at"),
    )

    actor_user_id: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL"
    )
    actor_token_id: uuid.UUID | None = Field(default=None)
    kind: str = Field(sa_type=String(30))
    query: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    row_count: int = Field(default=0)
    contact_count: int = Field(default=0)


class ReadEventContact(GroupOwned, table=True):
    """A contact one read showed. Goes with the contact when they are deleted."""

    __tablename__ = "read_event_contacts"

    read_id: uuid.UUID = Field(foreign_key="read_events.id", ondelete="CASCADE", index=True)
    contact_id: uuid.UUID = Field(foreign_key="contacts.id", ondelete="CASCADE", index=True)


class ReadAuditSettings(GroupOwned, table=True):
    """The group owners' alert: more than this many contacts read in an hour by one account."""

    __tablename__ = "read_audit_settings"
    __table_args__ = (UniqueConstraint("group_id", name="uq_read_audit_settings_group_id"),)

    alert_contacts_per_hour: int | None = Field(default=None)


class ReadAlert(GroupOwned, table=True):
    """An alert sent about one account: at most one per account per clock hour."""

    __tablename__ = "read_alerts"
    __table_args__ = (
        UniqueConstraint(
            "group_id", "user_id", "hour", name="uq_read_alerts_group_id_user_id_hour"
        ),
    )

    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    hour: datetime = Field(sa_type=UTCDateTime)
    contacts_read: int
