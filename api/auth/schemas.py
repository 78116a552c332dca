from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from api.auth.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH


def _normalise_email(value: str) -> str:
    return value.strip().lower()


class SignupRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailStr = Field(max_length=320)
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)
    display_name: str = Field(min_length=1, max_length=120)
    invite_token: str | None = Field(default=None, max_length=200)

    _email = field_validator("email")(_normalise_email)

    @field_validator("display_name")
    @classmethod
    def strip_name(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("Enter your name")
        return value


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)

    _email = field_validator("email")(_normalise_email)


class UserRead(BaseModel):
    id: uuid.UUID
    email: str
    display_name: str
    is_admin: bool
    created_at: datetime


class LoginSessionRead(BaseModel):
    """One signed-in device: ended sessions are not listed."""

    id: uuid.UUID
    device: str | None = Field(description="The browser or app, as it named itself at login")
    signed_in_at: datetime
    last_seen_at: datetime | None = Field(description="When it last renewed its access")
    current: bool = Field(description="The session this request comes from")


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105
    expires_in: int = Field(description="Seconds until the access token expires")
    user: UserRead


class MeUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    display_name: str = Field(min_length=1, max_length=120)


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)
    new_password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)
    revoke_api_tokens: bool = Field(
        default=False,
        description="Also stop every API token you created (in every group): for when the "
        "old password may have been known to someone else",
    )


class PasswordResetRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailStr = Field(max_length=320)

    _email = field_validator("email")(_normalise_email)


class PasswordResetConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=10, max_length=200)
    new_password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)


class InstanceRead(BaseModel):
    signup_open: bool
    needs_setup: bool = Field(description="True until the first account exists")


class InstanceUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    signup_open: bool
