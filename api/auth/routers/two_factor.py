"""Your account's second factors: authenticator app, recovery codes and passkeys."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from api.auth import passkeys, service, two_factor
from api.auth.dependencies import PasswordsDep
from api.auth.schemas import (
    PasskeyCeremonyRead,
    PasskeyCreate,
    PasskeyCreated,
    PasskeyRead,
    PasskeyUpdate,
    Reauthentication,
    RecoveryCodesRead,
    TotpConfirm,
    TotpEnrolmentRead,
    TwoFactorRead,
)
from api.core.context import PrincipalDep, SessionDep, SettingsDep
from api.core.errors import error_responses

router = APIRouter()


@router.get(
    "/me/two-factor",
    tags=["me"],
    operation_id="get_two_factor",
    responses=error_responses(401),
)
async def get_two_factor(principal: PrincipalDep, session: SessionDep) -> TwoFactorRead:
    """What second factors your account has, and whether this session proved one."""
    return await service.two_factor_status(session, principal.user_id, principal.session_id)


@router.post(
    "/me/two-factor/totp",
    status_code=status.HTTP_201_CREATED,
    tags=["me"],
    operation_id="start_totp",
    responses=error_responses(401, 409),
)
async def start_totp(
    principal: PrincipalDep, session: SessionDep, settings: SettingsDep
) -> TotpEnrolmentRead:
    """Start setting up an authenticator app: a new secret (stored encrypted) to scan as a QR
    code or type in. It is used only once confirmed with a code from the app."""
    user = await service.get_user(session, principal.user_id)
    enrolment = await two_factor.start_totp(session, settings, user)
    return TotpEnrolmentRead(secret=enrolment.secret, otpauth_uri=enrolment.otpauth_uri)


@router.post(
    "/me/two-factor/totp/confirm",
    tags=["me"],
    operation_id="confirm_totp",
    responses=error_responses(401, 404, 409, 422),
)
async def confirm_totp(
    data: TotpConfirm, principal: PrincipalDep, session: SessionDep, settings: SettingsDep
) -> RecoveryCodesRead:
    """Turn the authenticator app on with a code it shows. This session counts as verified.
    If it is your first second factor, your recovery codes come back, this once."""
    codes = await two_factor.confirm_totp(
        session, settings, principal.user_id, principal.session_id, data.code
    )
    return RecoveryCodesRead(recovery_codes=codes)


@router.post(
    "/me/two-factor/totp/disable",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["me"],
    operation_id="disable_totp",
    responses=error_responses(401, 404, 422),
)
async def disable_totp(
    data: Reauthentication,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
    passwords: PasswordsDep,
) -> None:
    """Turn the authenticator app off, with your password or a current code. With no passkey
    left, two-factor login is off and the recovery codes stop working."""
    user = await service.get_user(session, principal.user_id)
    await two_factor.reauthenticate(
        session, settings, passwords, user, password=data.password, code=data.code
    )
    await two_factor.disable_totp(session, principal.user_id)


@router.post(
    "/me/two-factor/recovery-codes",
    tags=["me"],
    operation_id="regenerate_recovery_codes",
    responses=error_responses(401, 409, 422),
)
async def regenerate_recovery_codes(
    data: Reauthentication,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
    passwords: PasswordsDep,
) -> RecoveryCodesRead:
    """A new set of recovery codes (the old ones stop working), with your password or a
    current code."""
    user = await service.get_user(session, principal.user_id)
    await two_factor.reauthenticate(
        session, settings, passwords, user, password=data.password, code=data.code
    )
    codes = await two_factor.regenerate_recovery_codes(session, principal.user_id)
    return RecoveryCodesRead(recovery_codes=codes)


@router.post(
    "/me/passkeys/options",
    tags=["me"],
    operation_id="passkey_registration_options",
    responses=error_responses(401),
)
async def passkey_registration_options(
    principal: PrincipalDep, session: SessionDep, settings: SettingsDep
) -> PasskeyCeremonyRead:
    """Start adding a passkey: WebAuthn creation options for the browser and the step's token
    (short-lived, one use)."""
    user = await service.get_user(session, principal.user_id)
    ceremony = await passkeys.registration_ceremony(session, settings, user)
    return PasskeyCeremonyRead(challenge=ceremony.challenge, options=ceremony.options)


@router.post(
    "/me/passkeys",
    status_code=status.HTTP_201_CREATED,
    tags=["me"],
    operation_id="add_passkey",
    responses=error_responses(401, 409, 422),
)
async def add_passkey(
    data: PasskeyCreate, principal: PrincipalDep, session: SessionDep, settings: SettingsDep
) -> PasskeyCreated:
    """Keep the passkey the browser made (its attestation is verified against the step). This
    session counts as verified; a first second factor brings recovery codes, shown this once.
    401 `challenge_invalid` for an expired or used step; 422 `passkey_refused` when the
    browser's answer does not verify."""
    passkey, codes = await passkeys.register_passkey(
        session,
        settings,
        principal.user_id,
        principal.session_id,
        challenge=data.challenge,
        name=data.name,
        credential=data.credential,
    )
    return PasskeyCreated(passkey=service.passkey_read(passkey), recovery_codes=codes)


@router.patch(
    "/me/passkeys/{passkey_id}",
    tags=["me"],
    operation_id="rename_passkey",
    responses=error_responses(401, 404, 422),
)
async def rename_passkey(
    passkey_id: uuid.UUID, data: PasskeyUpdate, principal: PrincipalDep, session: SessionDep
) -> PasskeyRead:
    """Rename one of your passkeys."""
    passkey = await passkeys.rename_passkey(session, principal.user_id, passkey_id, data.name)
    return service.passkey_read(passkey)


@router.delete(
    "/me/passkeys/{passkey_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["me"],
    operation_id="remove_passkey",
    responses=error_responses(401, 404, 422),
)
async def remove_passkey(
    passkey_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> None:
    """Remove a passkey: it no longer signs in. With no factor left, two-factor login is off."""
    await passkeys.remove_passkey(session, principal.user_id, passkey_id)
