"""Request and response shapes for campaigns."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.core.fields import LongText, Name, refuse_null
from api.core.schemas import RecordMeta, VersionedUpdate


class CampaignCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(examples=["Night shift pay"])
    workplace_id: uuid.UUID = Field(description="The workplace the campaign organises")
    dispute_id: uuid.UUID | None = Field(default=None, description="The dispute it is part of")
    goal: LongText = None


class CampaignUpdate(VersionedUpdate):
    name: Name | None = None
    workplace_id: uuid.UUID | None = None
    dispute_id: uuid.UUID | None = None
    goal: LongText = None

    _required = field_validator("name", "workplace_id")(refuse_null)


class CampaignRead(RecordMeta):
    name: str
    workplace_id: uuid.UUID
    dispute_id: uuid.UUID | None
    goal: str | None
