"""Request and response shapes for a workplace's departments."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.core.fields import LongText, Name, Version, VersionField, refuse_null
from api.core.schemas import RecordMeta
from api.workplaces.schemas.workplaces import Headcount


class DepartmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(examples=["Ward 7", "Engineering"])
    estimated_headcount: Headcount | None = None
    notes: LongText = None


class DepartmentUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    estimated_headcount: Headcount | None = None
    notes: LongText = None
    version: Version = VersionField

    _required = field_validator("name")(refuse_null)


class DepartmentRead(RecordMeta):
    workplace_id: uuid.UUID
    name: str
    estimated_headcount: int | None
    notes: str | None
