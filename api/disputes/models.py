from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import ClassVar

from sqlalchemy import JSON, Column, Numeric, String, Text, UniqueConstraint
from sqlmodel import Field

from api.core.db import GroupRecord
from api.disputes.enums import (
    BallotKind,
    DemandStatus,
    DisputePart,
    DisputeStatus,
    EventKind,
    FundDirection,
    FundEntryKind,
)


class Dispute(GroupRecord, table=True):
    __tablename__ = "disputes"
    __entity_type__: ClassVar[str] = "dispute"

    title: str = Field(max_length=200)
    summary: str | None = Field(default=None, sa_type=Text)
    status: DisputeStatus = Field(default=DisputeStatus.brewing, sa_type=String(20), index=True)
    unions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    started_on: date | None = Field(default=None)
    strike_fund_target: Decimal | None = Field(default=None, sa_type=Numeric(12, 2))
    # Totals of the strike fund's ledger (`StrikeFundEntry`), written in the same transaction
    # as each entry so lists and exports need no sums.
    strike_fund_raised: Decimal = Field(default=Decimal("0"), sa_type=Numeric(12, 2))
    strike_fund_spent: Decimal = Field(default=Decimal("0"), sa_type=Numeric(12, 2))


class DisputeWorkplace(GroupRecord, table=True):
    __tablename__ = "dispute_workplaces"
    __table_args__ = (UniqueConstraint("dispute_id", "workplace_id"),)
    __entity_type__: ClassVar[str] = "dispute_workplace"
    # Shown as the dispute's `workplace_ids`: losing a link changes the dispute.
    __link_of__: ClassVar[tuple[str, str]] = ("dispute_id", "workplace_ids")

    dispute_id: uuid.UUID = Field(foreign_key="disputes.id", index=True, ondelete="CASCADE")
    workplace_id: uuid.UUID = Field(foreign_key="workplaces.id", index=True, ondelete="CASCADE")


class Demand(GroupRecord, table=True):
    __tablename__ = "demands"
    __entity_type__: ClassVar[str] = "demand"

    dispute_id: uuid.UUID = Field(foreign_key="disputes.id", index=True, ondelete="CASCADE")
    text: str = Field(max_length=500)
    status: DemandStatus = Field(default=DemandStatus.pending, sa_type=String(20))
    position: int = Field(default=0)


class DisputeEvent(GroupRecord, table=True):
    """A dated step in the dispute's timeline."""

    __tablename__ = "dispute_events"
    __entity_type__: ClassVar[str] = "dispute_event"

    dispute_id: uuid.UUID = Field(foreign_key="disputes.id", index=True, ondelete="CASCADE")
    kind: EventKind = Field(sa_type=String(20))
    occurs_on: date = Field(index=True)
    title: str = Field(max_length=200)
    notes: str | None = Field(default=None, sa_type=Text)


class DisputeContact(GroupRecord, table=True):
    __tablename__ = "dispute_contacts"
    __table_args__ = (UniqueConstraint("dispute_id", "contact_id"),)
    __entity_type__: ClassVar[str] = "dispute_contact"

    dispute_id: uuid.UUID = Field(foreign_key="disputes.id", index=True, ondelete="CASCADE")
    contact_id: uuid.UUID = Field(foreign_key="contacts.id", index=True, ondelete="CASCADE")
    part: DisputePart = Field(sa_type=String(20))


class Ballot(GroupRecord, table=True):
    __tablename__ = "ballots"
    __entity_type__: ClassVar[str] = "ballot"

    dispute_id: uuid.UUID = Field(foreign_key="disputes.id", index=True, ondelete="CASCADE")
    kind: BallotKind = Field(default=BallotKind.statutory, sa_type=String(20))
    opens_on: date
    closes_on: date
    entitled_to_vote: int | None = Field(default=None)
    votes_cast: int | None = Field(default=None)
    yes_votes: int | None = Field(default=None)
    no_votes: int | None = Field(default=None)
    spoilt: int | None = Field(default=None)
    important_public_service: bool = Field(default=False)
    employer_agreed_longer_mandate: bool = Field(default=False)
    employer_agreed_shorter_notice: bool = Field(default=False)
    notes: str | None = Field(default=None, sa_type=Text)


class StrikeFundEntry(GroupRecord, table=True):
    """One dated movement of money in or out of a dispute's strike fund. The ledger is
    append-only: a mistake is corrected by a reversing entry (`reverses_id`), which counts
    against the total of the entry it reverses, so the history keeps both."""

    __tablename__ = "strike_fund_entries"
    __entity_type__: ClassVar[str] = "strike_fund_entry"

    dispute_id: uuid.UUID = Field(foreign_key="disputes.id", index=True, ondelete="CASCADE")
    entry_on: date = Field(index=True)
    kind: FundEntryKind = Field(sa_type=String(30))
    direction: FundDirection = Field(sa_type=String(3))
    amount: Decimal = Field(sa_type=Numeric(12, 2))
    description: str | None = Field(default=None, max_length=500)
    recipient_id: uuid.UUID | None = Field(
        default=None, foreign_key="contacts.id", index=True, ondelete="SET NULL"
    )
    action_id: uuid.UUID | None = Field(
        default=None, foreign_key="solidarity_actions.id", index=True, ondelete="SET NULL"
    )
    reverses_id: uuid.UUID | None = Field(
        default=None,
        foreign_key="strike_fund_entries.id",
        unique=True,
        ondelete="CASCADE",
        description="The entry this one cancels; an entry is reversed at most once",
    )
