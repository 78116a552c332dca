"""Request and response shapes for a dispute's timeline events."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.core.fields import NOT_BLANK, Day, LongText, clean_text, optional_text, refuse_null
from api.core.schemas import VersionedUpdate
from api.disputes.enums import EventKind


class EventCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: EventKind
    occurs_on: Day
    title: str = Field(
        min_length=1, max_length=200, examples=["Grievance hearing"], json_schema_extra=NOT_BLANK
    )
    notes: LongText = None

    _title = field_validator("title")(clean_text)


class EventUpdate(VersionedUpdate):
    kind: EventKind | None = None
    occurs_on: Day | None = None
    title: str | None = Field(
        default=None, min_length=1, max_length=200, json_schema_extra=NOT_BLANK
    )
    notes: LongText = None

    _title = field_validator("title")(optional_text)
    _required = field_validator("kind", "occurs_on", "title")(refuse_null)


class EventRead(BaseModel):
    id: uuid.UUID
    dispute_id: uuid.UUID
    kind: EventKind
    occurs_on: date
    title: str
    notes: str | None
    version: int
    created_at: datetime
    updated_at: datetime
