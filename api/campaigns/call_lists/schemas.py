"""Request and response shapes for call and visit lists."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from api.campaigns.call_lists.enums import ListKind, Outcome
from api.core.fields import Moment, Name, refuse_null, refuse_true_and_false, unique_ids
from api.core.schemas import RecordMeta, VersionedUpdate

MAX_ASSIGNEES = 100
Note = Annotated[str | None, Field(max_length=500)]
ListNotes = Annotated[str | None, Field(max_length=2000)]
Assignees = Annotated[
    list[uuid.UUID],
    Field(max_length=MAX_ASSIGNEES, description="Members who work the list"),
]


class CallListCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(examples=["Picking nights: pay survey calls"])
    kind: ListKind = ListKind.call
    saved_filter_id: uuid.UUID = Field(
        description="A saved filter you may see: everyone it matches now is put on the list"
    )
    assignee_ids: Assignees = Field(default_factory=list)
    notes: ListNotes = None

    _unique = field_validator("assignee_ids")(unique_ids)


class CallListUpdate(VersionedUpdate):
    name: Name | None = None
    assignee_ids: Assignees | None = None
    notes: ListNotes = None

    _required = field_validator("name", "assignee_ids")(refuse_null)
    _unique = field_validator("assignee_ids")(unique_ids)


class CallListRead(RecordMeta):
    name: str
    kind: ListKind
    saved_filter_id: uuid.UUID | None = Field(description="The filter it was made from")
    assignee_ids: list[uuid.UUID]
    notes: str | None


class CallListEntryRead(RecordMeta):
    list_id: uuid.UUID
    contact_id: uuid.UUID
    position: int
    reserved_by: uuid.UUID | None
    reserved_until: datetime | None
    outcome: Outcome | None = Field(description="The latest outcome")
    call_back_at: datetime | None
    attempts: int
    last_attempt_at: datetime | None
    last_caller_id: uuid.UUID | None
    done: bool = Field(description="Nothing more to do: talked, wrong number or do not contact")
    note: str | None


class TurnPerson(BaseModel):
    """Who to call or visit, with what the caller needs to reach them."""

    id: uuid.UUID
    full_name: str
    phone: str | None
    email: str | None
    preferred_language: str | None
    other_languages: list[str]
    department_name: str | None
    shift_name: str | None
    assessment_level: int | None
    last_conversation_at: datetime | None
    shared_languages: list[str] = Field(description="Languages you and they both speak")


class CallTurn(BaseModel):
    """The person reserved for you on this list, or `entry: null` when there is nobody left
    for you now."""

    entry: CallListEntryRead | None
    person: TurnPerson | None


class TakeNext(BaseModel):
    model_config = ConfigDict(extra="forbid")

    shared_language_only: bool = Field(
        default=False,
        strict=True,
        description="Only offer workers who share one of your languages (those who do are "
        "always offered first)",
    )


class OutcomeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Outcome
    call_back_at: Moment | None = Field(
        default=None,
        description="Only with `call_back`: when they asked to be called again (without it, "
        "they are offered again after everyone not yet tried)",
    )
    note: Note = None


class OutcomeCount(BaseModel):
    talked: int = 0
    no_answer: int = 0
    wrong_number: int = 0
    call_back: int = 0
    do_not_contact: int = 0


class CallerProgress(BaseModel):
    caller_id: uuid.UUID
    attempts: int
    outcomes: OutcomeCount


class CallListProgress(BaseModel):
    total: int = Field(description="People on the list")
    done: int = Field(description="Nothing more to do")
    to_go: int = Field(description="Not done yet")
    reserved: int = Field(description="Held by a caller right now")
    waiting_for_call_back: int
    latest_outcomes: OutcomeCount = Field(description="Each person's latest outcome, counted")
    by_caller: list[CallerProgress] = Field(description="Every outcome each caller recorded")


class CallSettingsRead(BaseModel):
    cooldown_days: int = Field(
        description="A worker an outcome was recorded for on one list is not offered on "
        "another for this many days"
    )
    reservation_minutes: int = Field(description="How long a taken person stays yours")
    version: int = Field(description="0 until the group first changes them")
    updated_at: datetime | None


class CallSettingsUpdate(VersionedUpdate):
    cooldown_days: (
        Annotated[int, Field(ge=0, le=365), BeforeValidator(refuse_true_and_false)] | None
    ) = None
    reservation_minutes: (
        Annotated[int, Field(ge=1, le=120), BeforeValidator(refuse_true_and_false)] | None
    ) = None

    _required = field_validator("cooldown_days", "reservation_minutes")(refuse_null)


class DoNotContactRead(BaseModel):
    """Whether a worker asked not to be contacted, and the last time that was cleared."""

    contact_id: uuid.UUID
    do_not_contact: bool = Field(
        description="They asked not to be contacted (a `do_not_contact` outcome on any list) "
        "and nobody has cleared it since: no list offers them"
    )
    asked_at: datetime | None = Field(description="When they last asked, while it holds")
    asked_on_list_id: uuid.UUID | None = Field(
        description="The list it was recorded on (null once that list is deleted)"
    )
    recorded_by: uuid.UUID | None = Field(description="Who recorded it")
    cleared_at: datetime | None = Field(
        description="The last time an organiser said they may be contacted again"
    )
    cleared_by: uuid.UUID | None
    version: int = Field(
        description="The contact's version, which every ask and every clearing moves on: "
        "send it to clear"
    )


class ContactAgain(VersionedUpdate):
    """The `version` of the do-not-contact state you read (or If-Match with its ETag)."""
