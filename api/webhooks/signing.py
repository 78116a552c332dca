"""Standard Webhooks signatures, and the endpoint secrets kept encrypted at rest.

A signature is `v1,` + base64(HMAC-SHA256(key, f"{webhook-id}.{webhook-timestamp}.{body}")),
where the key is the base64 part of the endpoint's `whsec_...` secret. The secret is needed in
clear to sign, so it is stored encrypted by the kernel's `SecretBox` (api/core/sealing.py,
the endpoint id as associated data): a database dump alone does not reveal it. Changing
SECRET_KEY makes stored secrets unreadable; rotate each endpoint's secret afterwards.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

from api.core.sealing import SecretBox, SecretUnreadable

SECRET_PREFIX = "whsec_"  # noqa: S105
SECRET_BYTES = 32
WEBHOOK_SECRETS_PURPOSE = "shopfloor webhook secrets"


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def _key_bytes(secret: str) -> bytes:
    try:
        return base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except binascii.Error as exc:
        raise SecretUnreadable("not a whsec_ secret") from exc


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    content = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key_bytes(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def webhook_secret_box(secret_key: str) -> SecretBox:
    """Endpoint secrets' box (the purpose string is fixed: secrets sealed before stay readable)."""
    return SecretBox(secret_key, WEBHOOK_SECRETS_PURPOSE)
