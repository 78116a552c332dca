"""Call and visit lists: who is on each (snapshotted from a saved filter when the list is
made), who holds whom for the next few minutes, and every attempt to reach a worker."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from sqlalchemy import JSON, Column, Index, String, UniqueConstraint
from sqlmodel import Field

from api.campaigns.call_lists.enums import ListKind, Outcome
from api.core.db import GroupOwned, GroupRecord, UTCDateTime

DEFAULT_COOLDOWN_DAYS = 7
DEFAULT_RESERVATION_MINUTES = 10


class CallSettings(GroupRecord, table=True):
    """The group's rules for list work; a group without a row has the defaults."""

    __tablename__ = "call_settings"
    __table_args__ = (UniqueConstraint("group_id"),)
    __entity_type__: ClassVar[str] = "call_settings"

    cooldown_days: int = Field(default=DEFAULT_COOLDOWN_DAYS)
    reservation_minutes: int = Field(default=DEFAULT_RESERVATION_MINUTES)


class CallList(GroupRecord, table=True):
    __tablename__ = "call_lists"
    __entity_type__: ClassVar[str] = "call_list"

    name: str = Field(max_length=200)
    kind: ListKind = Field(default=ListKind.call, sa_type=String(10))
    saved_filter_id: uuid.UUID | None = Field(
        default=None, foreign_key="saved_filters.id", index=True, ondelete="SET NULL"
    )
    # Member user ids as text (JSON holds no UUIDs); checked to be the group's when written.
    assignee_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    notes: str | None = Field(default=None, max_length=2000)


class CallListEntry(GroupRecord, table=True):
    """One worker on one list: free, held by a caller until `reserved_until`, waiting for a
    call back, or finished, with the latest outcome."""

    __tablename__ = "call_list_entries"
    __table_args__ = (
        UniqueConstraint("list_id", "contact_id"),
        # What "take the next person" reads: the list's unfinished entries in order.
        Index("ix_call_list_entries_queue", "list_id", "done", "position"),
    )
    __entity_type__: ClassVar[str] = "call_list_entry"

    list_id: uuid.UUID = Field(foreign_key="call_lists.id", ondelete="CASCADE")
    contact_id: uuid.UUID = Field(foreign_key="contacts.id", index=True, ondelete="CASCADE")
    position: int = Field(default=0)
    reserved_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    reserved_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    outcome: Outcome | None = Field(default=None, sa_type=String(20))
    call_back_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    attempts: int = Field(default=0)
    last_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_caller_id: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL"
    )
    done: bool = Field(default=False)
    note: str | None = Field(default=None, max_length=500)


class CallAttempt(GroupOwned, table=True):
    """Every outcome recorded, kept when its list is deleted: the cool-down and "do not
    contact" hold across lists, and progress per caller is counted from here. A "do not
    contact" holds until an organiser clears it (`cleared_at`, `cleared_by`): the attempt
    stays, as the record that they once asked."""

    __tablename__ = "call_attempts"
    __table_args__ = (Index("ix_call_attempts_contact_at", "group_id", "contact_id", "at"),)

    list_id: uuid.UUID | None = Field(
        default=None, foreign_key="call_lists.id", index=True, ondelete="SET NULL"
    )
    contact_id: uuid.UUID = Field(foreign_key="contacts.id", ondelete="CASCADE")
    caller_id: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    outcome: Outcome = Field(sa_type=String(20))
    at: datetime = Field(sa_type=UTCDateTime)
    cleared_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cleared_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
