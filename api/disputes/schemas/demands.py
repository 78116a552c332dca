"""Request and response shapes for a dispute's demands."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.core.fields import NOT_BLANK, clean_text, optional_text, refuse_null
from api.core.schemas import VersionedUpdate
from api.disputes.enums import DemandStatus


class DemandCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        min_length=1,
        max_length=500,
        examples=["Restore the night premium"],
        json_schema_extra=NOT_BLANK,
    )
    status: DemandStatus = DemandStatus.pending
    position: int | None = Field(
        default=None, ge=0, le=10_000, description="Order in the list; omitted means last"
    )

    _text = field_validator("text")(clean_text)


class DemandUpdate(VersionedUpdate):
    text: str | None = Field(
        default=None, min_length=1, max_length=500, json_schema_extra=NOT_BLANK
    )
    status: DemandStatus | None = None
    position: int | None = Field(default=None, ge=0, le=10_000)

    _text = field_validator("text")(optional_text)
    _required = field_validator("text", "status", "position")(refuse_null)


class DemandRead(BaseModel):
    id: uuid.UUID
    dispute_id: uuid.UUID
    text: str
    status: DemandStatus
    position: int
    version: int
    created_at: datetime
    updated_at: datetime
