"""Secrets the app must read back in clear (webhook signing keys, TOTP seeds), kept encrypted
at rest: AES-256-GCM with a key derived from SECRET_KEY by HKDF (one key per purpose) and the
owning row's id as associated data, so a database dump alone reveals none of them and a sealed
value copied onto another row does not open. Changing SECRET_KEY makes stored secrets
unreadable: rotate them afterwards."""

from __future__ import annotations

import base64
import binascii
import secrets
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_SEALED_VERSION = "v1."
_NONCE_BYTES = 12


class SecretUnreadable(Exception):
    """The stored secret cannot be decrypted (SECRET_KEY changed, or the row was altered)."""


class SecretBox:
    """Encrypts secrets of one `purpose` with a key derived from the instance's SECRET_KEY."""

    def __init__(self, secret_key: str, purpose: str) -> None:
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(
            secret_key.encode()
        )
        self._aead = AESGCM(key)

    def seal(self, secret: str, owner_id: uuid.UUID) -> str:
        nonce = secrets.token_bytes(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, secret.encode(), owner_id.bytes)
        return _SEALED_VERSION + base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, sealed: str, owner_id: uuid.UUID) -> str:
        if not sealed.startswith(_SEALED_VERSION):
            raise SecretUnreadable("unknown format")
        try:
            raw = base64.urlsafe_b64decode(sealed.removeprefix(_SEALED_VERSION))
            plain = self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], owner_id.bytes)
        except (binascii.Error, ValueError, InvalidTag) as exc:
            raise SecretUnreadable("cannot decrypt") from exc
        return plain.decode()
