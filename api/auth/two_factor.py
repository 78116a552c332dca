"""Two-factor login: authenticator apps (TOTP), recovery codes, and what an account has.

An account "has two-factor login" once it has a confirmed authenticator app or a passkey.
A login session counts as verified when it proved a factor: a login's second step, a passkey
login, or enrolling in that very session (which proves the factor there and then). Sessions
opened with a password alone before enrolment stay unverified: they keep working, but groups
that require two-factor login and admin routes refuse them until they sign in again.
"""

from __future__ import annotations

import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any

import pyotp
from sqlalchemy import ColumnElement, exists, func, or_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, delete, select

from api.auth.models import AuthSession, Passkey, RecoveryCode, TotpAuthenticator, User
from api.auth.passwords import Passwords
from api.core.config import Settings
from api.core.db import utcnow
from api.core.errors import Conflict, NotFound, Unprocessable
from api.core.sealing import SecretBox
from api.core.security import hash_secret

TOTP_SECRETS_PURPOSE = "shopfloor totp secrets"
TOTP_ISSUER = "Shopfloor"
TOTP_STEP_SECONDS = 30
# Codes from the step before and after the current one are accepted (clocks drift).
TOTP_DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: codes are read off paper.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_HALF = 5


class TotpAlreadyEnabled(Conflict):
    code = "totp_already_enabled"
    detail = "An authenticator app is already set up; turn it off first to set up another"


class TotpNotStarted(NotFound):
    code = "totp_not_started"
    detail = "Start setting up an authenticator app first"


class TotpNotEnabled(NotFound):
    code = "totp_not_enabled"
    detail = "No authenticator app is set up"


class TwoFactorNotEnabled(Conflict):
    code = "two_factor_not_enabled"
    detail = "Set up two-factor login first"


def _box(settings: Settings) -> SecretBox:
    return SecretBox(settings.secret_key, TOTP_SECRETS_PURPOSE)


def normalise_code(code: str) -> str:
    """What the person typed, without the spaces and dashes apps and paper add."""
    return "".join(code.split()).replace("-", "").lower()


# --- what an account has ----------------------------------------------------------------


def has_two_factor_clause(user_id: Any) -> ColumnElement[bool]:
    """SQL truth of "this account has two-factor login" (a confirmed app or a passkey)."""
    return or_(
        exists().where(
            col(TotpAuthenticator.user_id) == user_id,
            col(TotpAuthenticator.confirmed_at).is_not(None),
        ),
        exists().where(col(Passkey.user_id) == user_id),
    )


async def has_two_factor(session: AsyncSession, user_id: uuid.UUID) -> bool:
    return bool((await session.execute(select(has_two_factor_clause(user_id)))).scalar())


async def totp_enabled(session: AsyncSession, user_id: uuid.UUID) -> bool:
    statement = select(
        exists().where(
            col(TotpAuthenticator.user_id) == user_id,
            col(TotpAuthenticator.confirmed_at).is_not(None),
        )
    )
    return bool((await session.execute(statement)).scalar())


async def recovery_codes_left(session: AsyncSession, user_id: uuid.UUID) -> int:
    statement = select(func.count()).where(
        col(RecoveryCode.user_id) == user_id, col(RecoveryCode.used_at).is_(None)
    )
    return int((await session.execute(statement)).scalar_one())


async def mark_session_verified(session: AsyncSession, session_id: uuid.UUID | None) -> None:
    if session_id is not None:
        await session.execute(
            update(AuthSession)
            .where(col(AuthSession.id) == session_id)
            .values(two_factor_verified=True)
        )


async def after_factor_added(
    session: AsyncSession, user_id: uuid.UUID, session_id: uuid.UUID | None, *, had_before: bool
) -> list[str]:
    """Enrolling proves the factor in this session. The first factor brings recovery codes
    (returned once); later ones keep the codes the person already holds."""
    await mark_session_verified(session, session_id)
    if had_before:
        return []
    return await issue_recovery_codes(session, user_id)


async def after_factor_removed(session: AsyncSession, user_id: uuid.UUID) -> None:
    """When the last factor goes, so do the recovery codes, and no session counts as verified
    (a factor enrolled later is proved afresh)."""
    if await has_two_factor(session, user_id):
        return
    await session.execute(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user_id))
    await session.execute(
        update(AuthSession)
        .where(col(AuthSession.user_id) == user_id)
        .values(two_factor_verified=False)
    )


# --- authenticator apps -----------------------------------------------------------------


@dataclass(frozen=True)
class TotpEnrolment:
    secret: str
    otpauth_uri: str


async def _totp_row(session: AsyncSession, user_id: uuid.UUID) -> TotpAuthenticator | None:
    return (
        await session.scalars(
            select(TotpAuthenticator).where(col(TotpAuthenticator.user_id) == user_id)
        )
    ).first()


async def start_totp(session: AsyncSession, settings: Settings, user: User) -> TotpEnrolment:
    """A new seed for the account (replacing one never confirmed), sealed at rest."""
    row = await _totp_row(session, user.id)
    if row is not None and row.confirmed_at is not None:
        raise TotpAlreadyEnabled()
    if row is None:
        row = TotpAuthenticator(user_id=user.id, secret_encrypted="")
    seed = pyotp.random_base32()
    row.secret_encrypted = _box(settings).seal(seed, row.id)
    row.last_used_step = 0
    row.updated_at = utcnow()
    session.add(row)
    await session.flush()
    uri = pyotp.TOTP(seed).provisioning_uri(name=user.email, issuer_name=TOTP_ISSUER)
    return TotpEnrolment(secret=seed, otpauth_uri=uri)


def _matching_step(seed: str, code: str, now: float) -> int | None:
    """The time step whose code equals `code`, within the drift allowed."""
    totp = pyotp.TOTP(seed)
    current = int(now) // TOTP_STEP_SECONDS
    for step in range(current - TOTP_DRIFT_STEPS, current + TOTP_DRIFT_STEPS + 1):
        if secrets.compare_digest(totp.at(step * TOTP_STEP_SECONDS), code):
            return step
    return None


async def _accept_code(
    session: AsyncSession, settings: Settings, row: TotpAuthenticator, code: str
) -> bool:
    """True once per time step: the step is recorded in the same conditional UPDATE that
    accepts it, so a code seen once (or replayed concurrently) is refused after."""
    code = normalise_code(code)
    if not (code.isdigit() and len(code) == 6):
        return False
    step = _matching_step(_box(settings).open(row.secret_encrypted, row.id), code, time.time())
    if step is None:
        return False
    accepted = await session.execute(
        update(TotpAuthenticator)
        .where(col(TotpAuthenticator.id) == row.id, col(TotpAuthenticator.last_used_step) < step)
        .values(last_used_step=step)
    )
    return accepted.rowcount == 1  # type: ignore[attr-defined,no-any-return]


async def confirm_totp(
    session: AsyncSession,
    settings: Settings,
    user_id: uuid.UUID,
    session_id: uuid.UUID | None,
    code: str,
) -> list[str]:
    row = await _totp_row(session, user_id)
    if row is None:
        raise TotpNotStarted()
    if row.confirmed_at is not None:
        raise TotpAlreadyEnabled()
    had_before = await has_two_factor(session, user_id)
    if not await _accept_code(session, settings, row, code):
        raise Unprocessable(
            "code", "That code is not right; try the newest one", code="invalid_code"
        )
    await session.execute(
        update(TotpAuthenticator)
        .where(col(TotpAuthenticator.id) == row.id)
        .values(confirmed_at=utcnow(), updated_at=utcnow())
    )
    return await after_factor_added(session, user_id, session_id, had_before=had_before)


async def verify_totp(
    session: AsyncSession, settings: Settings, user_id: uuid.UUID, code: str
) -> bool:
    """A confirmed authenticator app's code, accepted at most once per time step."""
    row = await _totp_row(session, user_id)
    if row is None or row.confirmed_at is None:
        return False
    return await _accept_code(session, settings, row, code)


async def disable_totp(session: AsyncSession, user_id: uuid.UUID) -> None:
    row = await _totp_row(session, user_id)
    if row is None or row.confirmed_at is None:
        raise TotpNotEnabled()
    await session.execute(delete(TotpAuthenticator).where(col(TotpAuthenticator.id) == row.id))
    await after_factor_removed(session, user_id)


# --- recovery codes ---------------------------------------------------------------------


def _new_recovery_code() -> str:
    halves = (
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_HALF)) for _ in range(2)
    )
    return "-".join(halves)


async def issue_recovery_codes(session: AsyncSession, user_id: uuid.UUID) -> list[str]:
    """A fresh set (the old set stops working); only hashes are kept, the codes are shown once."""
    await session.execute(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user_id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    session.add_all(
        RecoveryCode(user_id=user_id, code_hash=hash_secret(normalise_code(code))) for code in codes
    )
    await session.flush()
    return codes


async def regenerate_recovery_codes(session: AsyncSession, user_id: uuid.UUID) -> list[str]:
    if not await has_two_factor(session, user_id):
        raise TwoFactorNotEnabled()
    return await issue_recovery_codes(session, user_id)


async def use_recovery_code(session: AsyncSession, user_id: uuid.UUID, code: str) -> bool:
    """True once per code: it is spent in the same conditional UPDATE that accepts it."""
    used = await session.execute(
        update(RecoveryCode)
        .where(
            col(RecoveryCode.user_id) == user_id,
            col(RecoveryCode.code_hash) == hash_secret(normalise_code(code)),
            col(RecoveryCode.used_at).is_(None),
        )
        .values(used_at=utcnow())
    )
    return used.rowcount == 1  # type: ignore[attr-defined,no-any-return]


# --- proving it is you again ------------------------------------------------------------


async def reauthenticate(
    session: AsyncSession,
    settings: Settings,
    passwords: Passwords,
    user: User,
    *,
    password: str | None,
    code: str | None,
) -> None:
    """Turning a factor off or replacing recovery codes needs the password or a fresh code
    from the authenticator app: an unattended signed-in browser is not enough."""
    if password is not None:
        if not await passwords.verify_in_turn(user.password_hash, password):
            raise Unprocessable(
                "password", "Your password is not right", code="invalid_credentials"
            )
        return
    if code is None or not await verify_totp(session, settings, user.id, code):
        raise Unprocessable(
            "code", "That code is not right; try the newest one", code="invalid_code"
        )
