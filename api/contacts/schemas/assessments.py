"""Assessments and the group's assessment scale."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from api.core.fields import (
    NOT_BLANK,
    LongText,
    PastTime,
    Version,
    VersionField,
    refuse_null,
)
from api.core.schemas import RecordMeta

Level = Annotated[int, Field(ge=1, le=5, description="1 leader ... 5 hostile")]


class AssessmentScaleRead(BaseModel):
    label_1: str
    label_2: str
    label_3: str
    label_4: str
    label_5: str
    label_unassessed: str
    version: int = Field(description="0 while the group still uses the default labels")
    updated_at: datetime | None


Label = Annotated[str, Field(min_length=1, max_length=60, json_schema_extra=NOT_BLANK)]
LABELS = ("label_1", "label_2", "label_3", "label_4", "label_5", "label_unassessed")


class AssessmentScaleUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label_1: Label | None = None
    label_2: Label | None = None
    label_3: Label | None = None
    label_4: Label | None = None
    label_5: Label | None = None
    label_unassessed: Label | None = None
    version: Version = VersionField

    _required = field_validator(*LABELS)(refuse_null)

    @field_validator(*LABELS)
    @classmethod
    def _label(cls, value: str) -> str:
        cleaned = " ".join(value.split())
        if not cleaned:
            raise PydanticCustomError("not_blank", "Enter a label")
        return cleaned


class AssessmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level: Level | None = Field(description="1-5, or null to mark the contact unassessed")
    reason: LongText = None
    assessed_at: PastTime | None = Field(default=None, description="Defaults to now")
    assessed_by: uuid.UUID | None = Field(default=None, description="Defaults to you")


class AssessmentUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level: Level | None = None
    reason: LongText = None
    assessed_at: PastTime | None = None
    assessed_by: uuid.UUID | None = None
    version: Version = VersionField

    _required = field_validator("assessed_at", "assessed_by")(refuse_null)


class AssessmentRead(RecordMeta):
    contact_id: uuid.UUID
    level: int | None
    assessed_at: datetime
    assessed_by: uuid.UUID | None
    reason: str | None
    conversation_id: uuid.UUID | None
