from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field

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


class AuthSession(TableBase, table=True):
    """One login on one device; its refresh tokens form a rotation family."""

    __tablename__ = "auth_sessions"

    user_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    user_agent: str | None = Field(default=None, max_length=255)


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
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
