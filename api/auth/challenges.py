"""Short-lived, single-use steps: a login's second step and passkey ceremonies. The client
holds a random token; only its hash is stored, and claiming it is one conditional UPDATE, so
two concurrent uses cannot both succeed."""

from __future__ import annotations

import uuid
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, delete, select

from api.auth.models import AuthChallenge
from api.core.config import Settings
from api.core.db import utcnow
from api.core.errors import Unauthorized
from api.core.security import hash_secret, new_secret

CHALLENGE_PREFIX = "sfc_"


class ChallengePurpose(StrEnum):
    second_factor = "second_factor"
    passkey_registration = "passkey_registration"
    passkey_login = "passkey_login"


class ChallengeInvalid(Unauthorized):
    code = "challenge_invalid"
    detail = "This sign-in step has expired or was already used; start again"


async def open_challenge(
    session: AsyncSession,
    settings: Settings,
    purpose: ChallengePurpose,
    user_id: uuid.UUID | None,
    webauthn_challenge: str | None = None,
) -> str:
    token = new_secret(CHALLENGE_PREFIX)
    now = utcnow()
    # Expired steps are never usable again: clear them as new ones are made.
    await session.execute(
        delete(AuthChallenge).where(col(AuthChallenge.expires_at) < now - timedelta(hours=1))
    )
    session.add(
        AuthChallenge(
            purpose=purpose,
            user_id=user_id,
            token_hash=hash_secret(token),
            webauthn_challenge=webauthn_challenge,
            expires_at=now + timedelta(minutes=settings.two_factor_challenge_minutes),
        )
    )
    await session.flush()
    return token


async def live_challenge(
    session: AsyncSession, settings: Settings, token: str, purpose: ChallengePurpose
) -> AuthChallenge:
    """The unexpired, unused step named by `token`; 401 `challenge_invalid` for anything else
    (unknown, expired, used, for another purpose, or past its wrong-code allowance)."""
    row = (
        await session.scalars(
            select(AuthChallenge).where(col(AuthChallenge.token_hash) == hash_secret(token))
        )
    ).first()
    if (
        row is None
        or row.purpose != purpose
        or row.used_at is not None
        or row.expires_at <= utcnow()
        or row.failures >= settings.two_factor_attempts_per_challenge
    ):
        raise ChallengeInvalid()
    return row


async def claim_challenge(session: AsyncSession, challenge: AuthChallenge) -> None:
    """Use the step up; a concurrent use that got here first wins and this one is refused."""
    claimed = await session.execute(
        update(AuthChallenge)
        .where(col(AuthChallenge.id) == challenge.id, col(AuthChallenge.used_at).is_(None))
        .values(used_at=utcnow())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise ChallengeInvalid()


async def count_failure(session: AsyncSession, challenge: AuthChallenge) -> None:
    await session.execute(
        update(AuthChallenge)
        .where(col(AuthChallenge.id) == challenge.id)
        .values(failures=col(AuthChallenge.failures) + 1)
    )
