"""Offices, their holders' terms (the history of who held each), nominations, recall
petitions and their signatures, and the group's recall threshold."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import String, Text, UniqueConstraint
from sqlmodel import Field

from api.core.db import GroupOwned, GroupRecord, UTCDateTime
from api.democracy.offices.enums import NominationStatus, PetitionStatus, TermEnd


class Office(GroupRecord, table=True):
    __tablename__ = "offices"
    __entity_type__: ClassVar[str] = "office"

    name: str = Field(max_length=200)
    description: str | None = Field(default=None, sa_type=Text)
    workplace_id: uuid.UUID | None = Field(
        default=None, foreign_key="workplaces.id", index=True, ondelete="SET NULL"
    )
    department_id: uuid.UUID | None = Field(
        default=None, foreign_key="departments.id", index=True, ondelete="SET NULL"
    )
    seats: int = Field(default=1)
    term_months: int = Field(default=12)
    # The election being held for it now, if any: its result records the holders.
    election_vote_id: uuid.UUID | None = Field(
        default=None, foreign_key="votes.id", index=True, ondelete="SET NULL"
    )


class OfficeTerm(GroupRecord, table=True):
    """One person's term in an office. Terms are never deleted with their holder's account:
    the name is kept, so the history of who held the office stays whole."""

    __tablename__ = "office_terms"
    __entity_type__: ClassVar[str] = "office_term"

    office_id: uuid.UUID = Field(foreign_key="offices.id", index=True, ondelete="CASCADE")
    holder_id: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", index=True, ondelete="SET NULL"
    )
    holder_name: str = Field(max_length=120)
    starts_on: date
    due_to_end_on: date
    ended_on: date | None = Field(default=None)
    end_reason: TermEnd | None = Field(default=None, sa_type=String(20))
    end_note: str | None = Field(default=None, max_length=500)
    elected_by_vote_id: uuid.UUID | None = Field(
        default=None, foreign_key="votes.id", ondelete="SET NULL"
    )


class Nomination(GroupRecord, table=True):
    __tablename__ = "office_nominations"
    __entity_type__: ClassVar[str] = "nomination"

    office_id: uuid.UUID = Field(foreign_key="offices.id", index=True, ondelete="CASCADE")
    candidate_id: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", index=True, ondelete="SET NULL"
    )
    candidate_name: str = Field(max_length=120)
    statement: str | None = Field(default=None, sa_type=Text)
    seconded_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    seconder_name: str | None = Field(default=None, max_length=120)
    seconded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: NominationStatus = Field(default=NominationStatus.open, sa_type=String(20))
    # The election it went forward to; null while open, or when elected unopposed.
    election_vote_id: uuid.UUID | None = Field(
        default=None, foreign_key="votes.id", index=True, ondelete="SET NULL"
    )


class RecallPetition(GroupRecord, table=True):
    __tablename__ = "recall_petitions"
    __entity_type__: ClassVar[str] = "recall_petition"

    office_id: uuid.UUID = Field(foreign_key="offices.id", index=True, ondelete="CASCADE")
    term_id: uuid.UUID = Field(foreign_key="office_terms.id", index=True, ondelete="CASCADE")
    holder_name: str = Field(max_length=120)
    reason: str = Field(sa_type=Text)
    signatures_needed: int
    signature_count: int = Field(default=0)
    status: PetitionStatus = Field(
        default=PetitionStatus.collecting, sa_type=String(20), index=True
    )
    vote_id: uuid.UUID | None = Field(
        default=None, foreign_key="votes.id", index=True, ondelete="SET NULL"
    )


class RecallSignature(GroupOwned, table=True):
    """A member's name on a recall petition: once each (a unique key, so two taps or two
    concurrent requests count once)."""

    __tablename__ = "recall_signatures"
    __table_args__ = (UniqueConstraint("petition_id", "user_id"),)

    petition_id: uuid.UUID = Field(
        foreign_key="recall_petitions.id", index=True, ondelete="CASCADE"
    )
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")


class RecallSettings(GroupRecord, table=True):
    """The share of the group's voting members whose signatures open a recall vote."""

    __tablename__ = "recall_settings"
    __entity_type__: ClassVar[str] = "recall_settings"
    __table_args__ = (UniqueConstraint("group_id"),)

    threshold_percent: int
