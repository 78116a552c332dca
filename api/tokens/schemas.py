from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.core.fields import Moment, clean_name
from api.core.permissions import Scope


class ApiTokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120, examples=["Mailing list sync"])
    scopes: list[Scope] = Field(min_length=1, examples=[["contacts:read", "changes:read"]])
    expires_at: Moment | None = Field(
        default=None, description="When the token stops working; never, if left out"
    )

    _name = field_validator("name")(clean_name)

    @field_validator("scopes")
    @classmethod
    def unique_scopes(cls, value: list[Scope]) -> list[Scope]:
        return sorted(set(value))


class ApiTokenRead(BaseModel):
    id: uuid.UUID
    name: str
    prefix: str = Field(description="The start of the secret, to recognise it")
    scopes: list[str]
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    created_at: datetime
    created_by: uuid.UUID | None
    version: int


class ApiTokenCreated(ApiTokenRead):
    secret: str = Field(
        description="Shown once: send it as `Authorization: Bearer <secret>`. Store it safely."
    )
