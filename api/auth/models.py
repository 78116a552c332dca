from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, UniqueConstraint, false
from sqlmodel import Column, Field

from api.core.db import TableBase, UTCDateTime


class User(TableBase, table=True):
    __tablename__ = "users"

    email: str = Field(max_length=320, unique=True)
    display_name: str = Field(max_length=120)
    password_hash: str = Field(max_length=255)
    is_admin: bool = Field(default=False)
    is_active: bool = Field(default=True)
    is_demo: bool = Field(default=False)
    password_changed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The language the account reads the app in, on every device; None follows each device's
    # own choice or the browser's preference.
    language: str | None = Field(default=None, max_length=10)
    # The languages the person speaks (ISO 639 codes): the groups they belong to see them, so
    # a call list can match callers to workers.
    spoken_languages: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )


class AuthSession(TableBase, table=True):
    """One login on one device; its refresh tokens form a rotation family."""

    __tablename__ = "auth_sessions"

    user_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    user_agent: str | None = Field(default=None, max_length=255)
    # Where the session signed in, then where it last renewed its access from, so its owner
    # can tell a device they do not recognise.
    address: str | None = Field(default=None, max_length=64)
    # The login proved a second factor (or the account enrolled one in this session): only
    # such sessions of an account with two-factor login pass a "two-factor required" rule.
    two_factor_verified: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class RefreshToken(TableBase, table=True):
    __tablename__ = "refresh_tokens"

    session_id: uuid.UUID = Field(foreign_key="auth_sessions.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class PasswordResetToken(TableBase, table=True):
    __tablename__ = "password_reset_tokens"

    user_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginThrottle(TableBase, table=True):
    """Failed-login counters, in the database so every app worker sees the same count."""

    __tablename__ = "login_throttles"

    key: str = Field(max_length=400, unique=True)
    failures: int = Field(default=0)
    last_failure_at: datetime = Field(sa_type=UTCDateTime)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)


class InstanceSettings(TableBase, table=True):
    __tablename__ = "instance_settings"

    signup_open: bool = Field(default=False)


class PendingSignup(TableBase, table=True):
    """A sign-up waiting for its owner to open the link mailed to the address: until then no
    account exists, so the sign-up answer says nothing about which addresses have one."""

    __tablename__ = "pending_signups"

    email: str = Field(max_length=320, index=True)
    display_name: str = Field(max_length=120)
    password_hash: str = Field(max_length=255)
    invite_id: uuid.UUID | None = Field(default=None, foreign_key="invites.id", ondelete="SET NULL")
    # The language the form was filled in, which the new account then reads the app in.
    language: str | None = Field(default=None, max_length=10)
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)


class TotpAuthenticator(TableBase, table=True):
    """An account's authenticator app. Usable once confirmed with a code it produced."""

    __tablename__ = "totp_authenticators"

    user_id: uuid.UUID = Field(foreign_key="users.id", unique=True, ondelete="CASCADE")
    # The shared seed, sealed with the kernel's SecretBox (this row's id as associated data).
    secret_encrypted: str = Field(max_length=200)
    confirmed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The newest time step accepted: a code (its step or an older one) is never taken twice.
    last_used_step: int = Field(default=0)


class RecoveryCode(TableBase, table=True):
    """One single-use recovery code, stored hashed; a new set replaces the old one."""

    __tablename__ = "recovery_codes"

    user_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    code_hash: str = Field(max_length=64, unique=True)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Passkey(TableBase, table=True):
    """A WebAuthn credential (a passkey or security key) registered to an account."""

    __tablename__ = "passkeys"

    user_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=80)
    # The credential id as base64url: what the authenticator names itself by at login.
    credential_id: str = Field(max_length=1400, unique=True)
    public_key: bytes
    sign_count: int = Field(default=0)
    transports: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AuthChallenge(TableBase, table=True):
    """A short-lived, single-use step of a login or a passkey registration, named by a random
    token the client holds (only its hash is stored)."""

    __tablename__ = "auth_challenges"
    __table_args__ = (UniqueConstraint("token_hash"),)

    purpose: str = Field(max_length=30)
    user_id: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", index=True, ondelete="CASCADE"
    )
    token_hash: str = Field(max_length=64)
    # The WebAuthn challenge (base64url) the browser must sign, when the step uses a passkey.
    webauthn_challenge: str | None = Field(default=None, max_length=200)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    failures: int = Field(default=0)


class EmailChangeToken(TableBase, table=True):
    """A requested change of an account's login address, waiting for the link mailed to the
    new address to be opened: the address changes only then, and only the newest request of
    an account stands."""

    __tablename__ = "email_change_tokens"

    user_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    new_email: str = Field(max_length=320)
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
