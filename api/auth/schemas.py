from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from api.auth.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from api.core.fields import refuse_null
from api.core.languages import Language
from api.core.spoken_languages import SpokenLanguages


def _normalise_email(value: str) -> str:
    return value.strip().lower()


class SignupRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailStr = Field(max_length=320)
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)
    display_name: str = Field(min_length=1, max_length=120)
    invite_token: str | None = Field(default=None, max_length=200)
    language: Language | None = Field(
        default=None,
        description="The language the form was read in: the mail's and the new account's "
        "(without it, an invite's group default language)",
    )

    _email = field_validator("email")(_normalise_email)

    @field_validator("display_name")
    @classmethod
    def strip_name(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise PydanticCustomError("not_blank", "Enter your name")
        return value


class SignupPending(BaseModel):
    """The same answer whether or not the address already has an account."""

    email: str = Field(description="Where the link was sent")
    link_valid_hours: int = Field(description="How long the mailed link works")


class SignupConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=200)


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
    language: Language | None = Field(
        description="The language the account reads the app in; null follows each device"
    )
    spoken_languages: list[str] = Field(
        description="The languages the person speaks (ISO 639 codes); their groups see them"
    )
    created_at: datetime


class LoginSessionRead(BaseModel):
    """One signed-in device: ended sessions are not listed."""

    id: uuid.UUID
    device: str | None = Field(description="The browser or app, as it named itself at login")
    signed_in_at: datetime
    last_seen_at: datetime | None = Field(description="When it last renewed its access")
    address: str | None = Field(
        description="The network address it signed in or last renewed its access from"
    )
    current: bool = Field(description="The session this request comes from")


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105
    expires_in: int = Field(description="Seconds until the access token expires")
    user: UserRead


class MeUpdate(BaseModel):
    """The fields to change; a field left out keeps its value."""

    model_config = ConfigDict(extra="forbid")

    display_name: str | None = Field(default=None, min_length=1, max_length=120)
    language: Language | None = Field(
        default=None,
        description="The language to read the app in, on every device; null to follow each "
        "device's own choice",
    )
    spoken_languages: SpokenLanguages | None = Field(
        default=None,
        description="The languages you speak (ISO 639 codes, each once): the members of your "
        "groups see them, so callers can be matched to workers who share a language",
    )

    _required = field_validator("display_name", "spoken_languages")(refuse_null)


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
    language: Language | None = Field(
        default=None,
        description="The language the form was read in: the mail's when the account has none",
    )

    _email = field_validator("email")(_normalise_email)


class PasswordResetConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=10, max_length=200)
    new_password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)


class EmailChangeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    new_email: EmailStr = Field(max_length=320, description="The address to log in with from now")
    current_password: str = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)

    _email = field_validator("new_email")(_normalise_email)


class EmailChangePending(BaseModel):
    """The same answer whether or not the new address already has an account."""

    new_email: str = Field(description="Where the confirmation link was sent")
    link_valid_hours: int


class EmailChangeConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=200)


class InstanceRead(BaseModel):
    signup_open: bool
    needs_setup: bool = Field(
        description="True until the first account other than the demo accounts exists"
    )
    has_demo_account: bool = Field(description="Whether the demo login (seed-demo) exists")


class AccountRead(BaseModel):
    """An account on the server, as its administrators see it."""

    id: uuid.UUID
    email: str
    display_name: str
    is_admin: bool
    is_demo: bool = Field(description="One of the demo data's made-up accounts")
    is_active: bool
    created_at: datetime


class InstanceUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    signup_open: bool


# --- two-factor login -------------------------------------------------------------------

SecondFactorMethod = Literal["totp", "recovery_code", "passkey"]
_CHALLENGE = Field(min_length=1, max_length=200, description="The token of the step")


def _exactly_one(model: BaseModel, names: tuple[str, ...]) -> None:
    given = [name for name in names if getattr(model, name) is not None]
    if len(given) != 1:
        raise PydanticCustomError(
            "exactly_one", "Give exactly one of: {fields}", {"fields": ", ".join(names)}
        )


def _exactly_one_documented(names: tuple[str, ...]) -> dict[str, Any]:
    """The rule `_exactly_one` checks, for the document: one variant per field, matched when
    that field holds a value (null counts as left out)."""
    return {
        "oneOf": [
            {"required": [name], "properties": {name: {"not": {"type": "null"}}}} for name in names
        ]
    }


SECOND_FACTORS = ("code", "recovery_code", "passkey")
PROOFS = ("password", "code")


class SecondFactorRequired(BaseModel):
    """The password was right; the account has two-factor login, so a second step with
    `/auth/login/second-factor` completes the login."""

    second_factor_required: Literal[True] = True
    challenge: str = Field(description="Names this login's second step (short-lived, one use)")
    expires_in: int = Field(description="Seconds left to complete the second step")
    methods: list[SecondFactorMethod]
    passkey_options: dict[str, Any] | None = Field(
        default=None,
        description="WebAuthn request options for the account's passkeys (when it has any)",
    )


class SecondFactorLogin(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra=_exactly_one_documented(SECOND_FACTORS)
    )

    challenge: str = _CHALLENGE
    code: str | None = Field(default=None, max_length=20, description="From the authenticator app")
    recovery_code: str | None = Field(default=None, max_length=40)
    passkey: dict[str, Any] | None = Field(
        default=None, description="The browser's WebAuthn assertion, as JSON"
    )

    @model_validator(mode="after")
    def one_method(self) -> SecondFactorLogin:
        _exactly_one(self, SECOND_FACTORS)
        return self


class PasskeyCeremonyRead(BaseModel):
    challenge: str = Field(description="Send it back with the browser's answer")
    options: dict[str, Any] = Field(description="WebAuthn options for the browser, as JSON")


class PasskeyLogin(BaseModel):
    model_config = ConfigDict(extra="forbid")

    challenge: str = _CHALLENGE
    credential: dict[str, Any] = Field(description="The browser's WebAuthn assertion, as JSON")


class PasskeyRead(BaseModel):
    id: uuid.UUID
    name: str
    created_at: datetime
    last_used_at: datetime | None


class TwoFactorRead(BaseModel):
    enabled: bool = Field(description="An authenticator app or a passkey is set up")
    totp: bool = Field(description="An authenticator app is set up")
    recovery_codes_left: int
    passkeys: list[PasskeyRead]
    session_verified: bool = Field(
        description="This session proved a second factor (at login or by enrolling in it)"
    )


class TotpEnrolmentRead(BaseModel):
    secret: str = Field(description="The seed in base32, for typing into the app")
    otpauth_uri: str = Field(description="The same, as an otpauth:// link for a QR code")


class TotpConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=20)


class RecoveryCodesRead(BaseModel):
    recovery_codes: list[str] = Field(
        description="Shown this once: each works one time in place of a code. Empty when the "
        "account already holds a set"
    )


class Reauthentication(BaseModel):
    """Your password, or a current code from your authenticator app."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_exactly_one_documented(PROOFS))

    password: str | None = Field(default=None, min_length=1, max_length=MAX_PASSWORD_LENGTH)
    code: str | None = Field(default=None, min_length=1, max_length=20)

    @model_validator(mode="after")
    def one_proof(self) -> Reauthentication:
        _exactly_one(self, PROOFS)
        return self


def _clean_passkey_name(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise PydanticCustomError("not_blank", "Name the passkey")
    return value


class PasskeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    challenge: str = _CHALLENGE
    name: str = Field(min_length=1, max_length=80, examples=["Work phone"])
    credential: dict[str, Any] = Field(description="The browser's WebAuthn attestation, as JSON")

    _name = field_validator("name")(_clean_passkey_name)


class PasskeyCreated(RecoveryCodesRead):
    passkey: PasskeyRead


class PasskeyUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80)

    _name = field_validator("name")(_clean_passkey_name)
