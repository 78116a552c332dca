"""Saved contact filters."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.contacts.filters import ContactFilterSpec
from api.core.fields import Name, refuse_null
from api.core.schemas import RecordMeta, VersionedUpdate


class SavedFilterCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(examples=["Picking, nights, not talked to in 30 days"])
    shared: bool = Field(
        default=False,
        description="Shared with the group, or (false) seen by you alone; fixed once saved",
    )
    filter: ContactFilterSpec = Field(default_factory=ContactFilterSpec)


class SavedFilterUpdate(VersionedUpdate):
    name: Name | None = None
    filter: ContactFilterSpec | None = None

    _required = field_validator("name", "filter")(refuse_null)


class SavedFilterRead(RecordMeta):
    name: str
    shared: bool
    owner_id: uuid.UUID | None = Field(description="Who saved it")
    filter: ContactFilterSpec
