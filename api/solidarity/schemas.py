"""Request and response shapes for solidarity actions."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
)
from pydantic.config import JsonDict

from api.core.fields import (
    NOT_BLANK,
    Count,
    LongText,
    Moment,
    Money,
    Text500,
    Version,
    VersionField,
    blank_to_none,
    clean_text,
    optional_text,
    refuse_null,
    unique_ids,
)
from api.core.pagination import Page
from api.solidarity.enums import ActionKind

MAX_PARTICIPANTS = 500
Place = Annotated[Annotated[str, Field(max_length=300)] | None, BeforeValidator(blank_to_none)]


# For the document: a create names one of the group's disputes or someone else's, not both
# (an `outside_dispute` of only spaces is no dispute). An update is checked against the stored
# action, which the document cannot know.
ONE_DISPUTE: JsonDict = {
    "not": {
        "required": ["dispute_id", "outside_dispute"],
        "properties": {
            "dispute_id": {"type": "string"},
            "outside_dispute": {"type": "string", **NOT_BLANK},
        },
    }
}


class ActionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ONE_DISPUTE)

    kind: ActionKind
    title: str = Field(
        min_length=1,
        max_length=200,
        examples=["Visit to the bin workers' picket"],
        json_schema_extra=NOT_BLANK,
    )
    occurs_at: Moment = Field(description="When it happened or will happen (with zone)")
    place: Place = None
    dispute_id: uuid.UUID | None = Field(default=None, description="One of the group's disputes")
    outside_dispute: Text500 = Field(default=None, description="Someone else's dispute, in words")
    participant_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=MAX_PARTICIPANTS,
        description="The group's contacts who took part",
    )
    head_count: Count | None = Field(
        default=None, description="Everyone who took part; at least the participants listed"
    )
    money_raised: Money | None = None
    outcome: LongText = None
    notes: LongText = None
    allow_future_date: bool = Field(
        default=False,
        description="Set to record money_raised for an action that has not happened yet "
        "(refused otherwise)",
    )

    _title = field_validator("title")(clean_text)
    _participants = field_validator("participant_ids")(unique_ids)


class ActionUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: ActionKind | None = None
    title: str | None = Field(
        default=None, min_length=1, max_length=200, json_schema_extra=NOT_BLANK
    )
    occurs_at: Moment | None = None
    place: Place = None
    dispute_id: uuid.UUID | None = None
    outside_dispute: Text500 = None
    participant_ids: list[uuid.UUID] | None = Field(
        default=None,
        max_length=MAX_PARTICIPANTS,
        description="Replaces the participants with exactly these contacts",
    )
    head_count: Count | None = None
    money_raised: Money | None = None
    outcome: LongText = None
    notes: LongText = None
    allow_future_date: bool = Field(
        default=False,
        description="Set to record money_raised for an action that has not happened yet "
        "(refused otherwise)",
    )
    version: Version = VersionField

    _title = field_validator("title")(optional_text)
    _participants = field_validator("participant_ids")(unique_ids)
    _required = field_validator("kind", "title", "occurs_at", "participant_ids")(refuse_null)


class Participant(BaseModel):
    contact_id: uuid.UUID
    full_name: str


class ActionRead(BaseModel):
    id: uuid.UUID
    kind: ActionKind
    title: str
    occurs_at: datetime
    place: str | None
    dispute_id: uuid.UUID | None
    dispute_title: str | None = Field(description="The title of the group's dispute it supports")
    outside_dispute: str | None
    participants: list[Participant]
    head_count: int | None
    money_raised: Decimal | None
    outcome: str | None
    notes: str | None
    version: int
    created_at: datetime
    updated_at: datetime
    created_by: uuid.UUID | None
    updated_by: uuid.UUID | None


class ActionPage(Page[ActionRead]):
    total_money_raised: Decimal = Field(
        description="Money raised by every action matching the filters (all pages)"
    )
