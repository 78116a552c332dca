"""Request and response shapes for the people (contacts) linked to a dispute."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from api.core.schemas import VersionedUpdate
from api.disputes.enums import DisputePart


class DisputeContactCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contact_id: uuid.UUID
    part: DisputePart


class DisputeContactUpdate(VersionedUpdate):
    part: DisputePart


class DisputeContactRead(BaseModel):
    id: uuid.UUID = Field(description="The link's id")
    dispute_id: uuid.UUID
    contact_id: uuid.UUID
    contact_name: str
    part: DisputePart
    version: int
    created_at: datetime
    updated_at: datetime
