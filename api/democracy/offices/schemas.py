"""Request and response shapes for offices, terms, nominations and recall petitions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from api.core.fields import (
    Count,
    Day,
    LongText,
    Moment,
    Name,
    Text500,
    Version,
    VersionField,
    blank_to_none,
    refuse_null,
    refuse_true_and_false,
)
from api.core.pagination import Page
from api.core.schemas import RecordMeta, VersionedUpdate
from api.democracy.offices.enums import NominationStatus, PetitionStatus, TermEnd

Seats = Annotated[int, Field(ge=1, le=20), BeforeValidator(refuse_true_and_false)]
TermMonths = Annotated[int, Field(ge=1, le=120), BeforeValidator(refuse_true_and_false)]
Percent = Annotated[int, Field(ge=1, le=100), BeforeValidator(refuse_true_and_false)]
Reason = Annotated[str, Field(min_length=1, max_length=5000), BeforeValidator(blank_to_none)]


class OfficeCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "Night shift rep", "seats": 1, "term_months": 12}]
        },
    )

    name: Name
    description: LongText = None
    workplace_id: uuid.UUID | None = None
    department_id: uuid.UUID | None = Field(
        default=None, description="One of the workplace's departments (give workplace_id too)"
    )
    seats: Seats = Field(default=1, description="How many hold it at once")
    term_months: TermMonths = Field(default=12, description="The length of a term")


class OfficeUpdate(VersionedUpdate):
    name: Name | None = None
    description: LongText = None
    workplace_id: uuid.UUID | None = None
    department_id: uuid.UUID | None = None
    seats: Seats | None = None
    term_months: TermMonths | None = None

    _required = field_validator("name", "seats", "term_months")(refuse_null)


class TermRead(RecordMeta):
    office_id: uuid.UUID
    holder_id: uuid.UUID | None = Field(description="Null once the holder's account is gone")
    holder_name: str
    starts_on: date
    due_to_end_on: date = Field(description="When the term runs out")
    ended_on: date | None = Field(description="When it ended, if it has")
    end_reason: TermEnd | None
    end_note: str | None = Field(description="What was said when the holder stood down")
    elected_by_vote_id: uuid.UUID | None


class OfficeRead(RecordMeta):
    name: str
    description: str | None
    workplace_id: uuid.UUID | None
    department_id: uuid.UUID | None
    seats: int
    term_months: int
    election_vote_id: uuid.UUID | None = Field(description="The election being held now")
    holders: list[TermRead] = Field(description="The terms running now")


OfficePage = Page[OfficeRead]
TermPage = Page[TermRead]


class TermCreate(BaseModel):
    """A holder the group had before it used Shopfloor, or chose at a meeting."""

    model_config = ConfigDict(extra="forbid")

    holder_id: uuid.UUID = Field(description="The account of a member of the group")
    starts_on: Day = Field(description="Not in the future")


class TermStandDown(BaseModel):
    """The holder stands down (or the organisers record that they did) before the term runs
    out."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"version": 1, "end_note": "Moved to the day shift"}]},
    )

    ended_on: Day | None = Field(
        default=None,
        description="The last day of the term: today unless given; not in the future, not "
        "before the term started",
    )
    end_note: Text500 = Field(default=None, description="Why, in a line, for the history")
    version: Version = VersionField


class NominationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    candidate_id: uuid.UUID = Field(description="A member of the group (yourself, too)")
    statement: LongText = Field(default=None, description="The candidate's statement")


class NominationRead(RecordMeta):
    office_id: uuid.UUID
    candidate_id: uuid.UUID | None
    candidate_name: str
    statement: str | None
    seconded_by: uuid.UUID | None
    seconder_name: str | None
    seconded_at: datetime | None
    status: NominationStatus = Field(
        description="open until an election is called; standing in it; then elected or not"
    )
    election_vote_id: uuid.UUID | None = Field(description="The election it went forward to")


NominationPage = Page[NominationRead]


class ElectionCall(BaseModel):
    model_config = ConfigDict(extra="forbid")

    closes_at: Moment | None = Field(default=None, description="No ballots after this time")
    quorum: Count | None = Field(default=None, description="Ballots needed for a valid result")


class ElectionCalled(BaseModel):
    office: OfficeRead
    vote_id: uuid.UUID | None = Field(
        description="The ranked-choice vote opened; null when as many were nominated as there "
        "are seats and they were elected unopposed"
    )


class PetitionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason = Field(description="Why the holder should be recalled")


class PetitionRead(RecordMeta):
    office_id: uuid.UUID
    term_id: uuid.UUID
    holder_name: str
    reason: str
    signatures_needed: int = Field(description="Set by the group's threshold when it started")
    signature_count: int
    status: PetitionStatus
    vote_id: uuid.UUID | None = Field(description="The recall vote, once enough signed")
    signed: bool = Field(description="Whether the caller has signed")


PetitionPage = Page[PetitionRead]


class RecallSettingsRead(BaseModel):
    threshold_percent: int = Field(
        description="The share of the members entitled to vote whose signatures open a recall vote"
    )
    version: int = Field(description="0 until the group first sets it")


class RecallSettingsUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    threshold_percent: Percent
    version: Version = VersionField
