"""Request and response shapes for meetings, agenda items, motions and decisions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from api.core.fields import (
    NOT_BLANK,
    Count,
    Moment,
    blank_to_none,
    clean_text,
    optional_text,
    refuse_null,
    unique_ids,
)
from api.core.fields import LongText as Minutes
from api.core.pagination import Page
from api.core.schemas import RecordMeta, VersionedUpdate
from api.democracy.enums import Majority
from api.democracy.meetings.enums import MotionEnding, MotionStatus

MAX_ATTENDANCE = 1000
MAX_AGENDA = 100
Title = Annotated[str, Field(min_length=1, max_length=200, json_schema_extra=NOT_BLANK)]
OptionalTitle = Annotated[
    str | None, Field(default=None, min_length=1, max_length=200, json_schema_extra=NOT_BLANK)
]
Wording = Annotated[str, Field(min_length=1, max_length=20_000, json_schema_extra=NOT_BLANK)]
Place = Annotated[Annotated[str, Field(max_length=300)] | None, BeforeValidator(blank_to_none)]
Link = Annotated[
    Annotated[str, Field(max_length=500, pattern=r"^https?://[^\s]+$")] | None,
    BeforeValidator(blank_to_none),
]
Attendance = Annotated[
    list[uuid.UUID],
    Field(max_length=MAX_ATTENDANCE, description="Users, each a member of the group"),
]


# --- meetings ------------------------------------------------------------------------------


class MeetingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title = Field(examples=["Branch meeting, March"])
    starts_at: Moment = Field(description="When it starts (with zone)")
    place: Place = Field(default=None, description="Where people meet")
    link: Link = Field(default=None, description="A video call's address (http or https)")
    present_ids: Attendance = Field(default_factory=list)
    apologies_ids: Attendance = Field(default_factory=list)

    _title = field_validator("title")(clean_text)
    _attendance = field_validator("present_ids", "apologies_ids")(unique_ids)


class MeetingUpdate(VersionedUpdate):
    title: OptionalTitle = None
    starts_at: Moment | None = None
    place: Place = None
    link: Link = None
    present_ids: Attendance | None = None
    apologies_ids: Attendance | None = None

    _title = field_validator("title")(optional_text)
    _attendance = field_validator("present_ids", "apologies_ids")(unique_ids)
    _required = field_validator("title", "starts_at", "present_ids", "apologies_ids")(refuse_null)


class MeetingRead(RecordMeta):
    title: str
    starts_at: datetime
    place: str | None
    link: str | None
    present_ids: list[uuid.UUID]
    apologies_ids: list[uuid.UUID]


class MeetingPage(Page[MeetingRead]):
    pass


# --- agenda items --------------------------------------------------------------------------


class AgendaItemCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title = Field(examples=["Overtime ban"])
    minutes: Minutes = None

    _title = field_validator("title")(clean_text)


class AgendaItemUpdate(VersionedUpdate):
    title: OptionalTitle = None
    minutes: Minutes = Field(default=None, description="What was said and agreed on this item")

    _title = field_validator("title")(optional_text)
    _required = field_validator("title")(refuse_null)


class AgendaOrder(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item_ids: list[uuid.UUID] = Field(
        max_length=MAX_AGENDA, description="Every item of the meeting's agenda, in the new order"
    )

    _items = field_validator("item_ids")(unique_ids)


class AgendaItemRead(RecordMeta):
    meeting_id: uuid.UUID
    position: int
    title: str
    minutes: str | None


class AgendaItemList(BaseModel):
    items: list[AgendaItemRead]


# --- motions -------------------------------------------------------------------------------


class MotionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    meeting_id: uuid.UUID = Field(description="The meeting it is moved at")
    agenda_item_id: uuid.UUID | None = Field(
        default=None, description="The item of that meeting's agenda it comes under"
    )
    amends_id: uuid.UUID | None = Field(
        default=None,
        description="For an amendment: the substantive motion it amends (at the same meeting)",
    )
    title: Title = Field(examples=["Overtime ban from 1 April"])
    text: Wording = Field(
        description="The motion's wording; for an amendment, the substantive motion's wording "
        "as it would stand if the amendment carried"
    )
    proposer_id: uuid.UUID | None = Field(
        default=None,
        description="Who moves it (you, unless a chair records someone else's motion)",
    )

    _title = field_validator("title")(clean_text)
    _text = field_validator("text")(clean_text)


class MotionUpdate(VersionedUpdate):
    title: OptionalTitle = None
    text: Wording | None = None
    agenda_item_id: uuid.UUID | None = None

    _title = field_validator("title")(optional_text)
    _text = field_validator("text")(optional_text)
    _required = field_validator("title", "text")(refuse_null)


class Seconding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seconder_id: uuid.UUID | None = Field(
        default=None,
        description="Who seconds it (you, unless a chair records someone else seconding)",
    )


class PutToVote(BaseModel):
    model_config = ConfigDict(extra="forbid")

    secret: bool = Field(
        default=False,
        description="A secret ballot online; else a show of hands the chair records",
    )
    quorum: Count | None = Field(default=None, description="Votes needed for a valid result")
    majority: Majority = Majority.simple
    closes_at: Moment | None = Field(
        default=None, description="A secret ballot takes no ballots after this time"
    )


class MotionEnd(BaseModel):
    """How a motion leaves the meeting without a vote."""

    model_config = ConfigDict(extra="forbid")

    status: MotionEnding = Field(
        description="withdrawn (by its proposer or a chair) or remitted (by a chair)"
    )


class EarlierWording(BaseModel):
    text: str
    replaced_at: datetime
    replaced_by: uuid.UUID = Field(description="The amendment whose carrying replaced it")


class MotionRead(RecordMeta):
    meeting_id: uuid.UUID
    agenda_item_id: uuid.UUID | None
    amends_id: uuid.UUID | None
    title: str
    text: str
    proposer_id: uuid.UUID | None
    seconder_id: uuid.UUID | None
    status: MotionStatus
    vote_id: uuid.UUID | None
    text_history: list[EarlierWording]


class MotionPage(Page[MotionRead]):
    pass


# --- decisions -----------------------------------------------------------------------------


class DecisionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: Wording = Field(examples=["An overtime ban starts on 1 April"])
    agenda_item_id: uuid.UUID | None = Field(default=None, description="An item of this meeting")
    motion_id: uuid.UUID | None = Field(
        default=None, description="The motion (of this meeting) behind it"
    )
    vote_id: uuid.UUID | None = Field(default=None, description="The vote behind it")

    _text = field_validator("text")(clean_text)


class DecisionUpdate(VersionedUpdate):
    text: Wording | None = None
    agenda_item_id: uuid.UUID | None = None
    motion_id: uuid.UUID | None = None
    vote_id: uuid.UUID | None = None

    _text = field_validator("text")(optional_text)
    _required = field_validator("text")(refuse_null)


class DecisionRead(RecordMeta):
    meeting_id: uuid.UUID
    meeting_title: str
    decided_at: datetime = Field(description="When its meeting started")
    agenda_item_id: uuid.UUID | None
    motion_id: uuid.UUID | None
    vote_id: uuid.UUID | None
    text: str


class DecisionPage(Page[DecisionRead]):
    pass
