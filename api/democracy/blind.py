"""The server's half of RFC 9474 blind RSA (RSABSSA-SHA384-PSS-Randomized).

The browser prepares a random token, blinds it (@cloudflare/blindrsa-ts) and sends only the
blinded message; `blind_sign` applies RSASP1 to it. The voter unblinds the answer into an
ordinary RSA-PSS signature on their token, which `verify` checks with `cryptography`'s
standard RSA-PSS verification when the ballot arrives. The server never sees the token before
the ballot, so it cannot tell whose token it is."""

from __future__ import annotations

import base64
import binascii
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

KEY_BITS = 2048
MODULUS_BYTES = KEY_BITS // 8
# RSABSSA-SHA384-PSS-Randomized: SHA-384, MGF1 with SHA-384, a 48-byte salt; the prepared
# message is 32 random bytes before the client's own (here 32 random bytes too).
TOKEN_BYTES = 64
_PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=48)


class BadBlindMessage(ValueError):
    pass


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)


def private_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def load_private(pem: str) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TypeError("not an RSA key")
    return key


def public_spki(key: rsa.RSAPrivateKey) -> str:
    """The public key as the browser imports it (SPKI DER, base64)."""
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode()


def decode(value: str) -> bytes:
    """Standard or URL-safe base64, padded or not."""
    cleaned = value.strip().replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(cleaned + "=" * (-len(cleaned) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BadBlindMessage("not base64") from exc


def blind_sign(key: rsa.RSAPrivateKey, blinded_message: bytes) -> bytes:
    """RSASP1 on the blinded message, checked with RSAVP1 before it is released (RFC 9474
    section 4.3, against faults that would leak the key)."""
    numbers = key.private_numbers()
    public = numbers.public_numbers
    if len(blinded_message) != MODULUS_BYTES:
        raise BadBlindMessage("wrong length")
    message = int.from_bytes(blinded_message, "big")
    if message >= public.n:
        raise BadBlindMessage("out of range")
    # The Chinese remainder theorem, as RSA implementations compute a private-key operation.
    s_p = pow(message % numbers.p, numbers.dmp1, numbers.p)
    s_q = pow(message % numbers.q, numbers.dmq1, numbers.q)
    signature = (s_q + numbers.q * ((numbers.iqmp * (s_p - s_q)) % numbers.p)) % public.n
    if pow(signature, public.e, public.n) != message:
        raise RuntimeError("blind signature failed its own check")
    return signature.to_bytes(MODULUS_BYTES, "big")


def verify(public_key_spki: str, token: bytes, signature: bytes) -> bool:
    key = serialization.load_der_public_key(base64.b64decode(public_key_spki))
    if not isinstance(key, rsa.RSAPublicKey):
        return False
    try:
        key.verify(signature, token, _PSS, hashes.SHA384())
    except InvalidSignature:
        return False
    return True


def token_hash(token: bytes) -> str:
    """The receipt: what the voter keeps and finds in the published list."""
    return hashlib.sha256(token).hexdigest()


def encode(value: bytes) -> str:
    return base64.b64encode(value).decode()
