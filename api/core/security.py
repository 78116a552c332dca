"""All JSON Web Token handling, plus opaque secrets; the JWT library is used nowhere else."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from jose import JWTError, jwt

from api.core.db import utcnow

ALGORITHM = "HS256"
ACCESS_TOKEN_TYPE = "access"  # noqa: S105
API_TOKEN_PREFIX = "sft_"  # noqa: S105  (recognisable in logs and secret scanners)
_REQUIRED_CLAIMS = ("exp", "iat", "sub", "type", "sid")


class InvalidToken(Exception):
    pass


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    session_id: uuid.UUID
    expires_at: datetime


def issue_access_token(
    *, user_id: uuid.UUID, session_id: uuid.UUID, secret: str, minutes: int
) -> tuple[str, int]:
    now = utcnow()
    claims = {
        "sub": str(user_id),
        "sid": str(session_id),
        "type": ACCESS_TOKEN_TYPE,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=minutes)).timestamp()),
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM), minutes * 60


def read_access_token(token: str, *, secret: str) -> AccessClaims:
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != ALGORITHM:
            raise InvalidToken("unexpected algorithm")
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            options={"require_" + name: True for name in ("exp", "iat", "sub")},
        )
    except JWTError as exc:
        raise InvalidToken(str(exc)) from exc
    if any(name not in claims for name in _REQUIRED_CLAIMS):
        raise InvalidToken("missing claim")
    if claims["type"] != ACCESS_TOKEN_TYPE:
        raise InvalidToken("not an access token")
    try:
        return AccessClaims(
            user_id=uuid.UUID(str(claims["sub"])),
            session_id=uuid.UUID(str(claims["sid"])),
            expires_at=datetime.fromtimestamp(int(claims["exp"]), tz=utcnow().tzinfo),
        )
    except (ValueError, TypeError) as exc:
        raise InvalidToken("malformed claim") from exc


def new_secret(prefix: str = "") -> str:
    """A random secret for links and cookies; only its hash is ever stored."""
    return prefix + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secrets_match(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)
