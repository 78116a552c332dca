"""Schema bases every domain shares: the fields every stored record reports, and the base of
every PATCH body."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from api.core.fields import Version, VersionField


class RecordMeta(BaseModel):
    """Fields every stored record reports."""

    id: uuid.UUID
    version: int
    created_at: datetime
    updated_at: datetime
    created_by: uuid.UUID | None
    updated_by: uuid.UUID | None


class VersionedUpdate(BaseModel):
    """The base of every PATCH body: unknown fields refused, and the version the client read."""

    model_config = ConfigDict(extra="forbid")

    version: Version = VersionField
