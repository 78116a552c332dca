from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field

from api.contacts.enums import MembershipStatus
from api.core.db import GroupRecord, UTCDateTime, trigram_index
from api.core.search_text import phone_key, search_key


class Contact(GroupRecord, table=True):
    """A worker the group knows of. The latest assessment and conversation are copied here
    (in the same transaction that records them) so lists and the wall chart need no joins."""

    __tablename__ = "contacts"
    __entity_type__: ClassVar[str] = "contact"
    __table_args__ = (
        *(
            trigram_index("contacts", column)
            for column in ("search_name", "search_phone", "email", "notes")
        ),
        # The list's default order within a group, so its first page reads 51 index entries
        # instead of sorting every contact.
        Index("ix_contacts_group_name_order", "group_id", "search_name", "id"),
    )
    # Kept by the write path so both databases search the same keys (api.core.search_text).
    __derived_columns__: ClassVar[dict[str, tuple[str, Callable[[Any], str]]]] = {
        "search_name": ("full_name", search_key),
        "search_phone": ("phone", phone_key),
    }

    full_name: str = Field(max_length=200, index=True)
    workplace_id: uuid.UUID | None = Field(
        default=None, foreign_key="workplaces.id", index=True, ondelete="SET NULL"
    )
    department_id: uuid.UUID | None = Field(
        default=None, foreign_key="departments.id", index=True, ondelete="SET NULL"
    )
    shift_id: uuid.UUID | None = Field(
        default=None, foreign_key="shifts.id", index=True, ondelete="SET NULL"
    )
    job_title: str | None = Field(default=None, max_length=200)
    union: str | None = Field(default=None, max_length=100)
    membership_status: MembershipStatus = Field(
        default=MembershipStatus.unknown, sa_type=String(20), index=True
    )
    phone: str | None = Field(default=None, max_length=40, index=True)
    email: str | None = Field(default=None, max_length=320, index=True)
    # ISO 639 codes (api.core.spoken_languages); both are searched by the list's `speaks` filter.
    preferred_language: str | None = Field(default=None, max_length=50, index=True)
    other_languages: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    organiser_id: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", index=True, ondelete="SET NULL"
    )
    # On the organising committee, whatever their assessment (committee coverage counts them).
    committee: bool = Field(default=False)
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    notes: str | None = Field(default=None, sa_type=Text)
    source: str | None = Field(default=None, max_length=200)
    lawful_basis: str | None = Field(default=None, max_length=100)
    consent_note: str | None = Field(default=None, sa_type=Text)
    external_id: str | None = Field(default=None, max_length=200, index=True)

    assessment_level: int | None = Field(default=None, index=True)
    assessed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_conversation_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)

    # Never read by clients: the name and phone as search compares them. PostgreSQL also has
    # trigram indexes on them (see the migration), so substring search uses an index.
    search_name: str = Field(default="", sa_type=Text)
    search_phone: str = Field(default="", max_length=40)


class AssessmentScale(GroupRecord, table=True):
    """The group's own words for the fixed 1-5 scale."""

    __tablename__ = "assessment_scales"
    __table_args__ = (UniqueConstraint("group_id"),)
    __entity_type__: ClassVar[str] = "assessment_scale"

    label_1: str = Field(default="Leader", max_length=60)
    label_2: str = Field(default="Supporter", max_length=60)
    label_3: str = Field(default="Undecided", max_length=60)
    label_4: str = Field(default="Not interested", max_length=60)
    label_5: str = Field(default="Hostile", max_length=60)
    label_unassessed: str = Field(default="Unassessed", max_length=60)


class Assessment(GroupRecord, table=True):
    """One dated judgement of a contact's support; the history is kept, never overwritten."""

    __tablename__ = "assessments"
    __entity_type__: ClassVar[str] = "assessment"

    contact_id: uuid.UUID = Field(foreign_key="contacts.id", index=True, ondelete="CASCADE")
    level: int | None = Field(default=None, description="1-5, or null for unassessed")
    assessed_at: datetime = Field(sa_type=UTCDateTime)
    assessed_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    reason: str | None = Field(default=None, sa_type=Text)
    conversation_id: uuid.UUID | None = Field(
        default=None, foreign_key="conversations.id", ondelete="SET NULL"
    )
