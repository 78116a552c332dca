"""Proof that a browser has logged in to an account before: a signed cookie set at every
successful login. Failed-login locks slow strangers; a device that holds this proof for the
account is let through, so a stranger cannot lock an owner out of their own account, and a
workplace's shared address is never locked for the people who already use it."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import datetime, timedelta

from api.core.db import utcnow

DEVICE_COOKIE = "shopfloor_device"
DEVICE_PROOF_LIFETIME = timedelta(days=180)


def _signature(secret: str, body: str) -> str:
    return hmac.new(secret.encode(), f"device:{body}".encode(), hashlib.sha256).hexdigest()


def issue_device_proof(user_id: uuid.UUID, secret: str, now: datetime | None = None) -> str:
    issued = int((now or utcnow()).timestamp())
    body = f"{user_id}.{issued}.{secrets.token_urlsafe(12)}"
    return f"{body}.{_signature(secret, body)}"


def device_proof_user(value: str | None, secret: str) -> uuid.UUID | None:
    """The account a valid, unexpired proof was issued for; None for anything else."""
    if not value or len(value) > 200:
        return None
    body, _, signature = value.rpartition(".")
    if not body or not hmac.compare_digest(signature, _signature(secret, body)):
        return None
    try:
        user_text, issued_text, _nonce = body.split(".")
        user_id = uuid.UUID(user_text)
        issued = int(issued_text)
    except ValueError:
        return None
    if utcnow().timestamp() - issued > DEVICE_PROOF_LIFETIME.total_seconds():
        return None
    return user_id
