from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlalchemy import JSON, Column
from sqlmodel import Field

from api.core.db import GroupRecord, UTCDateTime


class ApiToken(GroupRecord, table=True):
    """A group's credential for an integration. Acts as its creator, within its scopes."""

    __tablename__ = "api_tokens"
    __entity_type__: ClassVar[str] = "api_token"

    name: str = Field(max_length=120)
    prefix: str = Field(max_length=16, description="The first characters, to recognise it")
    token_hash: str = Field(max_length=64, unique=True)
    scopes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
