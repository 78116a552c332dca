"""Standard Webhooks signatures, and the endpoint secrets kept encrypted at rest.

A signature is `v1,` + base64(HMAC-SHA256(key, f"{webhook-id}.{webhook-timestamp}.{body}")),
where the key is the base64 part of the endpoint's `whsec_...` secret. The secret is needed in
clear to sign, so it is stored encrypted (AES-256-GCM, key derived from SECRET_KEY with HKDF,
the endpoint id as associated data): a database dump alone does not reveal it. Changing
SECRET_KEY makes stored secrets unreadable; rotate each endpoint's secret afterwards.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SECRET_PREFIX = "whsec_"  # noqa: S105
SECRET_BYTES = 32
_SEALED_VERSION = "v1."
_NONCE_BYTES = 12


class SecretUnreadable(Exception):
    """The stored secret cannot be decrypted (SECRET_KEY changed, or the row was altered)."""


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


class SecretBox:
    """Encrypts endpoint secrets with a key derived from the instance's SECRET_KEY."""

    def __init__(self, secret_key: str) -> None:
        key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"shopfloor webhook secrets"
        ).derive(secret_key.encode())
        self._aead = AESGCM(key)

    def seal(self, secret: str, endpoint_id: uuid.UUID) -> str:
        nonce = secrets.token_bytes(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, secret.encode(), endpoint_id.bytes)
        return _SEALED_VERSION + base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, sealed: str, endpoint_id: uuid.UUID) -> str:
        if not sealed.startswith(_SEALED_VERSION):
            raise SecretUnreadable("unknown format")
        try:
            raw = base64.urlsafe_b64decode(sealed.removeprefix(_SEALED_VERSION))
            plain = self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], endpoint_id.bytes)
        except (binascii.Error, ValueError, InvalidTag) as exc:
            raise SecretUnreadable("cannot decrypt") from exc
        return plain.decode()
