from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StrictBool, field_validator

from api.core.fields import clean_name, refuse_null
from api.core.languages import Language
from api.core.permissions import Permission, Role


class GroupCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120, examples=["Northside Hospital Workers"])

    _name = field_validator("name")(clean_name)


class GroupUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=120)
    require_two_factor: StrictBool | None = Field(
        default=None,
        description="Everyone reaching the group (people and their API tokens) must use "
        "two-factor login; switching it on needs it on your own account",
    )
    default_language: Language | None = Field(
        default=None,
        description="The language of mail to people whose own the group does not know (an "
        "invite to a new address) and of accounts made from its invites; null for British English",
    )
    version: int | None = Field(
        default=None, description="The version you read, to refuse a stale edit"
    )

    _required = field_validator("name", "require_two_factor")(refuse_null)
    _name = field_validator("name")(clean_name)


class GroupSummary(BaseModel):
    id: uuid.UUID
    name: str
    role: Role
    is_demo: bool
    created_at: datetime


class GroupRead(GroupSummary):
    version: int
    require_two_factor: bool = Field(description="Members need two-factor login to reach it")
    default_language: Language | None = Field(
        description="The default language of its mail and new accounts; null is British English"
    )
    member_count: int
    permissions: list[Permission] = Field(description="What the caller may do in this group")


class MemberRead(BaseModel):
    id: uuid.UUID = Field(description="The membership's id")
    user_id: uuid.UUID
    email: str
    display_name: str
    role: Role
    joined_at: datetime
    spoken_languages: list[str] = Field(
        description="The languages they speak (ISO 639 codes), as they recorded them"
    )


class MemberUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role


class InviteCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role = Role.member
    email: EmailStr | None = Field(
        default=None,
        max_length=320,
        description="If given, the link is emailed and only this address can accept it",
    )

    @field_validator("email")
    @classmethod
    def lower(cls, value: str | None) -> str | None:
        return value.strip().lower() if value else value


class InviteRead(BaseModel):
    id: uuid.UUID
    role: Role
    email: str | None
    expires_at: datetime
    created_at: datetime
    created_by_name: str | None


class InviteCreated(InviteRead):
    token: str = Field(description="Shown once: the invite link is `/join#token=<token>`")
    url: str


class InviteToken(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=10, max_length=200)


class InvitePreview(BaseModel):
    group_name: str
    role: Role
    expires_at: datetime
    email: str | None


class InviteAccepted(BaseModel):
    group_id: uuid.UUID
    role: Role
