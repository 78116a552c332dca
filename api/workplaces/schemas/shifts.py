"""Request and response shapes for a workplace's shifts."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from api.core.fields import Text200, Version, VersionField, clean_name, refuse_null
from api.core.schemas import RecordMeta

ShiftName = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(clean_name)]


class ShiftCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: ShiftName = Field(examples=["Nights"])
    pattern: Text200 = Field(default=None, examples=["22:00-06:00, four on four off"])


class ShiftUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: ShiftName | None = None
    pattern: Text200 = None
    version: Version = VersionField

    _required = field_validator("name")(refuse_null)


class ShiftRead(RecordMeta):
    workplace_id: uuid.UUID
    name: str
    pattern: str | None
