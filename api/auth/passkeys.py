"""Passkeys (WebAuthn credentials): registration, the list, and verifying an assertion, both as
a second factor after a password and as a passwordless login (discoverable credentials).

The relying party is the host of PUBLIC_URL and the expected origin is PUBLIC_URL's origin
(`WEBAUTHN_RP_ID`/`WEBAUTHN_ORIGIN` override them). Every ceremony's challenge is stored
server-side in an `auth_challenges` row: short-lived and used once.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, delete, select
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from api.auth.challenges import (
    ChallengeInvalid,
    ChallengePurpose,
    claim_challenge,
    live_challenge,
    open_challenge,
)
from api.auth.models import AuthChallenge, Passkey, User
from api.auth.two_factor import after_factor_added, after_factor_removed, has_two_factor
from api.core.config import Settings
from api.core.db import utcnow
from api.core.errors import Conflict, NotFound, Unprocessable

RP_NAME = "Shopfloor"


class PasskeyNotFound(NotFound):
    code = "passkey_not_found"
    detail = "No such passkey on your account"


class PasskeyAlreadyRegistered(Conflict):
    code = "passkey_already_registered"
    detail = "This passkey is already registered"


class PasskeyRefused(Unprocessable):
    def __init__(self) -> None:
        super().__init__(
            "credential", "The passkey's answer could not be verified", code="passkey_refused"
        )


@dataclass(frozen=True)
class PasskeyCeremony:
    """What the browser needs to start a ceremony, and the token naming its challenge."""

    challenge: str
    options: dict[str, Any]


def _options_dict(options: Any) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(options_to_json(options))
    return parsed


def _transports(names: list[str]) -> list[AuthenticatorTransport]:
    known = {transport.value for transport in AuthenticatorTransport}
    return [AuthenticatorTransport(name) for name in names if name in known]


async def list_passkeys(session: AsyncSession, user_id: uuid.UUID) -> list[Passkey]:
    return list(
        (
            await session.scalars(
                select(Passkey)
                .where(col(Passkey.user_id) == user_id)
                .order_by(col(Passkey.created_at))
            )
        ).all()
    )


async def _own_passkey(session: AsyncSession, user_id: uuid.UUID, passkey_id: uuid.UUID) -> Passkey:
    passkey = await session.get(Passkey, passkey_id)
    if passkey is None or passkey.user_id != user_id:
        raise PasskeyNotFound()
    return passkey


async def rename_passkey(
    session: AsyncSession, user_id: uuid.UUID, passkey_id: uuid.UUID, name: str
) -> Passkey:
    passkey = await _own_passkey(session, user_id, passkey_id)
    passkey.name = name
    passkey.updated_at = utcnow()
    session.add(passkey)
    await session.flush()
    return passkey


async def remove_passkey(session: AsyncSession, user_id: uuid.UUID, passkey_id: uuid.UUID) -> None:
    passkey = await _own_passkey(session, user_id, passkey_id)
    await session.execute(delete(Passkey).where(col(Passkey.id) == passkey.id))
    await after_factor_removed(session, user_id)


# --- registration -----------------------------------------------------------------------


async def registration_ceremony(
    session: AsyncSession, settings: Settings, user: User
) -> PasskeyCeremony:
    existing = await list_passkeys(session, user.id)
    options = generate_registration_options(
        rp_id=settings.passkey_rp_id,
        rp_name=RP_NAME,
        user_id=user.id.bytes,
        user_name=user.email,
        user_display_name=user.display_name,
        exclude_credentials=[
            PublicKeyCredentialDescriptor(
                id=base64url_to_bytes(p.credential_id), transports=_transports(p.transports)
            )
            for p in existing
        ],
        # Discoverable, so the same passkey also signs in without a password.
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    token = await open_challenge(
        session,
        settings,
        ChallengePurpose.passkey_registration,
        user.id,
        bytes_to_base64url(options.challenge),
    )
    return PasskeyCeremony(challenge=token, options=_options_dict(options))


async def register_passkey(
    session: AsyncSession,
    settings: Settings,
    user_id: uuid.UUID,
    session_id: uuid.UUID | None,
    *,
    challenge: str,
    name: str,
    credential: dict[str, Any],
) -> tuple[Passkey, list[str]]:
    """Verify the browser's attestation against the stored challenge and keep the credential.
    Returns it and, when it is the account's first factor, its new recovery codes."""
    row = await live_challenge(session, settings, challenge, ChallengePurpose.passkey_registration)
    if row.user_id != user_id or row.webauthn_challenge is None:
        raise ChallengeInvalid()
    await claim_challenge(session, row)
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(row.webauthn_challenge),
            expected_rp_id=settings.passkey_rp_id,
            expected_origin=settings.passkey_origin,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        await session.commit()  # the step stays used: the error answer rolls back the rest
        raise PasskeyRefused() from None
    credential_id = bytes_to_base64url(verified.credential_id)
    taken = (
        await session.scalars(select(Passkey.id).where(col(Passkey.credential_id) == credential_id))
    ).first()
    if taken is not None:
        raise PasskeyAlreadyRegistered()
    had_before = await has_two_factor(session, user_id)
    response = credential.get("response")
    transports = response.get("transports") if isinstance(response, dict) else None
    passkey = Passkey(
        user_id=user_id,
        name=name,
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports=[str(t) for t in transports or [] if isinstance(t, str)][:10],
    )
    session.add(passkey)
    await session.flush()
    codes = await after_factor_added(session, user_id, session_id, had_before=had_before)
    return passkey, codes


# --- signing in -------------------------------------------------------------------------


async def authentication_options(
    session: AsyncSession, settings: Settings, user_id: uuid.UUID | None
) -> tuple[str, dict[str, Any]]:
    """A WebAuthn challenge (base64url) and the options carrying it: for a known account its
    passkeys are allowed; with no account (passwordless) the browser offers what it holds."""
    allowed = await list_passkeys(session, user_id) if user_id is not None else []
    options = generate_authentication_options(
        rp_id=settings.passkey_rp_id,
        allow_credentials=[
            PublicKeyCredentialDescriptor(
                id=base64url_to_bytes(p.credential_id), transports=_transports(p.transports)
            )
            for p in allowed
        ],
        user_verification=(
            UserVerificationRequirement.PREFERRED
            if user_id is not None
            else UserVerificationRequirement.REQUIRED
        ),
    )
    return bytes_to_base64url(options.challenge), _options_dict(options)


async def passwordless_ceremony(session: AsyncSession, settings: Settings) -> PasskeyCeremony:
    webauthn_challenge, options = await authentication_options(session, settings, None)
    token = await open_challenge(
        session, settings, ChallengePurpose.passkey_login, None, webauthn_challenge
    )
    return PasskeyCeremony(challenge=token, options=options)


async def verify_assertion(
    session: AsyncSession,
    settings: Settings,
    challenge: AuthChallenge,
    credential: dict[str, Any],
) -> Passkey | None:
    """The passkey that signed this challenge, or None when the answer does not verify (an
    unknown or removed passkey, another account's, a bad signature, a replayed counter).
    With no account on the challenge (passwordless) the passkey must verify the user."""
    if challenge.webauthn_challenge is None or not isinstance(credential.get("id"), str):
        return None
    passkey = (
        await session.scalars(select(Passkey).where(col(Passkey.credential_id) == credential["id"]))
    ).first()
    if passkey is None or (challenge.user_id is not None and passkey.user_id != challenge.user_id):
        return None
    passwordless = challenge.user_id is None
    if passwordless and not _user_handle_matches(credential, passkey.user_id):
        return None
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge.webauthn_challenge),
            expected_rp_id=settings.passkey_rp_id,
            expected_origin=settings.passkey_origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=passwordless,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        return None
    await session.execute(
        update(Passkey)
        .where(col(Passkey.id) == passkey.id)
        .values(sign_count=verified.new_sign_count, last_used_at=utcnow())
    )
    return passkey


def _user_handle_matches(credential: dict[str, Any], user_id: uuid.UUID) -> bool:
    """A discoverable credential names its account; it must be the passkey's owner."""
    response = credential.get("response")
    handle = response.get("userHandle") if isinstance(response, dict) else None
    if not isinstance(handle, str) or not handle:
        return False
    try:
        return base64url_to_bytes(handle) == user_id.bytes
    except ValueError:
        return False


async def passwordless_challenge(
    session: AsyncSession, settings: Settings, token: str
) -> AuthChallenge:
    row = await live_challenge(session, settings, token, ChallengePurpose.passkey_login)
    # Used up whatever the answer: a passwordless challenge gets one try.
    await claim_challenge(session, row)
    return row
