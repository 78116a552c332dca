"""Campaigns: their ladders of structure tests and who took part, and the turnout chase of a
statutory ballot with the follow-ups its deadlines became."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Column, String, Text, UniqueConstraint
from sqlmodel import Field

from api.campaigns.enums import BallotDuty, Participation, SignatureMethod, TestKind
from api.core.db import GroupOwned, GroupRecord, UTCDateTime


class Campaign(GroupRecord, table=True):
    __tablename__ = "campaigns"
    __entity_type__: ClassVar[str] = "campaign"

    name: str = Field(max_length=200)
    workplace_id: uuid.UUID = Field(foreign_key="workplaces.id", index=True, ondelete="CASCADE")
    dispute_id: uuid.UUID | None = Field(
        default=None, foreign_key="disputes.id", index=True, ondelete="SET NULL"
    )
    goal: str | None = Field(default=None, sa_type=Text)


class StructureTest(GroupRecord, table=True):
    """One rung of a campaign's ladder. Its scope is the campaign's workplace (or the
    workplaces listed), narrowed to the departments and shifts listed, if any, and to the
    contacts its contact filter matches, if it has one."""

    __tablename__ = "structure_tests"
    __entity_type__: ClassVar[str] = "structure_test"

    campaign_id: uuid.UUID = Field(foreign_key="campaigns.id", index=True, ondelete="CASCADE")
    kind: TestKind = Field(sa_type=String(30))
    own_kind: str | None = Field(default=None, max_length=100)
    title: str = Field(max_length=200)
    position: int = Field(default=0)
    target_percent: int = Field(default=65)
    deadline: date | None = Field(default=None)
    # Ids as text (JSON holds no UUIDs); checked to be the group's when written.
    workplace_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    department_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    shift_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # A `ContactFilterSpec` as JSON, a copy of what was sent (often a saved filter's), so
    # editing or deleting that saved filter leaves the test's scope as it was.
    contact_filter: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    petition_text: str | None = Field(default=None, sa_type=Text)
    demands: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    notes: str | None = Field(default=None, sa_type=Text)


class TestResponse(GroupRecord, table=True):
    """Where one worker stands in one structure test; `updated_by`/`updated_at` say who
    recorded it and when, and the change log keeps every earlier recording."""

    __test__ = False  # not a pytest class, despite its name
    __tablename__ = "test_responses"
    __table_args__ = (UniqueConstraint("test_id", "contact_id"),)
    __entity_type__: ClassVar[str] = "test_response"

    test_id: uuid.UUID = Field(foreign_key="structure_tests.id", index=True, ondelete="CASCADE")
    contact_id: uuid.UUID = Field(foreign_key="contacts.id", index=True, ondelete="CASCADE")
    status: Participation = Field(sa_type=String(20), index=True)
    signed_on: date | None = Field(default=None)
    signature_method: SignatureMethod | None = Field(default=None, sa_type=String(10))
    note: str | None = Field(default=None, max_length=500)


class BallotVoter(GroupRecord, table=True):
    """A contact on a statutory ballot's roll, with the three steps of the chase, each with
    who recorded it and when."""

    __tablename__ = "ballot_voters"
    __table_args__ = (UniqueConstraint("ballot_id", "contact_id"),)
    __entity_type__: ClassVar[str] = "ballot_voter"

    ballot_id: uuid.UUID = Field(foreign_key="ballots.id", index=True, ondelete="CASCADE")
    contact_id: uuid.UUID = Field(foreign_key="contacts.id", index=True, ondelete="CASCADE")
    address_checked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    address_checked_by: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL"
    )
    paper_received_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    paper_received_by: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL"
    )
    voted_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    voted_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")


class BallotDutyFollowUp(GroupOwned, table=True):
    """Which follow-up stands for one statutory deadline of a ballot (for one rep, or for the
    dispute when it has none): the stable key that keeps the follow-up single and in step."""

    __tablename__ = "ballot_duty_follow_ups"
    __table_args__ = (UniqueConstraint("ballot_id", "duty", "rep_key"),)

    ballot_id: uuid.UUID = Field(foreign_key="ballots.id", index=True, ondelete="CASCADE")
    duty: BallotDuty = Field(sa_type=String(20))
    # The rep's contact id as text, or "" for the dispute as a whole (a unique key may not
    # hold a null in PostgreSQL and still be unique).
    rep_key: str = Field(default="", max_length=36)
    follow_up_id: uuid.UUID = Field(foreign_key="follow_ups.id", index=True, ondelete="CASCADE")
