"""Accounts, sessions, refresh-token rotation and password resets."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import exists, func, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from api.auth import challenges, passkeys, two_factor
from api.auth.challenges import ChallengePurpose
from api.auth.models import (
    AuthChallenge,
    AuthSession,
    InstanceSettings,
    Passkey,
    PasswordResetToken,
    RefreshToken,
    User,
)
from api.auth.passwords import Passwords, password_problem
from api.auth.schemas import (
    AccountRead,
    InstanceRead,
    LoginSessionRead,
    MeUpdate,
    PasskeyLogin,
    PasskeyRead,
    SecondFactorLogin,
    SecondFactorMethod,
    TwoFactorRead,
    UserRead,
)
from api.auth.throttle import (
    LoginThrottler,
    account_key,
    address_key,
    reset_address_key,
    second_factor_key,
)
from api.core.config import Settings
from api.core.db import utcnow
from api.core.errors import Conflict, Forbidden, NotFound, Unauthorized, Unprocessable
from api.core.languages import Language
from api.core.mail import Mailer
from api.core.messages import Translator, first_language, translator
from api.core.pagination import SortKey, keyset_page
from api.core.security import hash_secret, issue_access_token, new_secret
from api.tokens import service as tokens

logger = logging.getLogger("shopfloor.auth")

REFRESH_COOKIE = "shopfloor_refresh"
REFRESH_COOKIE_PATH = "/api/v1/auth"
RESET_TOKEN_PREFIX = "sfr_"  # noqa: S105


class InvalidCredentials(Unauthorized):
    code = "invalid_credentials"
    detail = "Email or password is not right"


class SignupClosed(Forbidden):
    code = "signup_closed"
    detail = "Sign-up on this server needs an invite link"


class EmailTaken(Conflict):
    code = "email_taken"
    detail = "An account with this email already exists: log in or reset your password"


class RefreshRejected(Unauthorized):
    code = "refresh_rejected"
    detail = "Your session has ended; log in again"


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    expires_in: int
    refresh_token: str
    user: UserRead


def user_read(user: User) -> UserRead:
    return UserRead(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        is_admin=user.is_admin,
        language=cast(Language | None, user.language),
        spoken_languages=user.spoken_languages,
        created_at=user.created_at,
    )


def check_new_password(password: str, email: str) -> None:
    problem = password_problem(password, email=email)
    if problem:
        raise Unprocessable("password", problem, code="weak_password")


# --- instance ---------------------------------------------------------------------------


async def _instance_settings(session: AsyncSession) -> InstanceSettings:
    row = (await session.scalars(select(InstanceSettings))).first()
    if row is None:
        row = InstanceSettings()
        session.add(row)
        await session.flush()
    return row


async def has_real_accounts(session: AsyncSession) -> bool:
    statement = select(exists().where(col(User.is_demo).is_(False)))
    return bool((await session.execute(statement)).scalar())


async def signup_is_open(session: AsyncSession) -> bool:
    """Whether an administrator has opened sign-up without an invite."""
    row = (await session.scalars(select(InstanceSettings))).first()
    return bool(row and row.signup_open)


async def instance_state(session: AsyncSession) -> InstanceRead:
    demo = select(exists().where(col(User.is_demo).is_(True)))
    return InstanceRead(
        signup_open=await signup_is_open(session),
        needs_setup=not await has_real_accounts(session),
        has_demo_account=bool((await session.execute(demo)).scalar()),
    )


async def set_signup_open(session: AsyncSession, signup_open: bool) -> InstanceRead:
    row = await _instance_settings(session)
    row.signup_open = signup_open
    row.updated_at = utcnow()
    session.add(row)
    await session.flush()
    return await instance_state(session)


# --- sessions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientDevice:
    """The browser or app a login comes from, as the account's list of sessions shows it."""

    user_agent: str | None
    address: str | None


async def start_session(
    session: AsyncSession,
    settings: Settings,
    user: User,
    device: ClientDevice,
    *,
    two_factor_verified: bool = False,
) -> IssuedTokens:
    auth_session = AuthSession(
        user_id=user.id,
        user_agent=(device.user_agent or "")[:255] or None,
        address=device.address,
        two_factor_verified=two_factor_verified,
    )
    session.add(auth_session)
    await session.flush()
    return await _issue(session, settings, user, auth_session.id)


async def _issue(
    session: AsyncSession, settings: Settings, user: User, session_id: uuid.UUID
) -> IssuedTokens:
    refresh = new_secret()
    session.add(
        RefreshToken(
            session_id=session_id,
            token_hash=hash_secret(refresh),
            expires_at=utcnow() + timedelta(days=settings.refresh_token_days),
        )
    )
    await session.flush()
    access, expires_in = issue_access_token(
        user_id=user.id,
        session_id=session_id,
        secret=settings.secret_key,
        minutes=settings.access_token_minutes,
    )
    return IssuedTokens(access, expires_in, refresh, user_read(user))


def _end_sessions(*which: Any) -> Any:
    """`UPDATE` that ends the live login sessions matching `which` (their tokens stop at once)."""
    return (
        update(AuthSession)
        .where(col(AuthSession.revoked_at).is_(None), *which)
        .values(revoked_at=utcnow())
    )


async def _revoke_sessions(
    session: AsyncSession, user_id: uuid.UUID, *, keep: uuid.UUID | None = None
) -> None:
    which = [col(AuthSession.user_id) == user_id]
    if keep is not None:
        which.append(col(AuthSession.id) != keep)
    await session.execute(_end_sessions(*which))


async def revoke_session(session: AsyncSession, session_id: uuid.UUID) -> None:
    await session.execute(_end_sessions(col(AuthSession.id) == session_id))


class LoginSessionNotFound(NotFound):
    code = "session_not_found"
    detail = "No such signed-in session"


async def list_login_sessions(
    session: AsyncSession, user_id: uuid.UUID, current: uuid.UUID | None
) -> list[LoginSessionRead]:
    """The account's signed-in devices, most recently seen first."""
    rows = (
        await session.scalars(
            select(AuthSession)
            .where(col(AuthSession.user_id) == user_id, col(AuthSession.revoked_at).is_(None))
            .order_by(
                func.coalesce(col(AuthSession.last_used_at), col(AuthSession.created_at)).desc()
            )
        )
    ).all()
    return [
        LoginSessionRead(
            id=row.id,
            device=row.user_agent,
            signed_in_at=row.created_at,
            last_seen_at=row.last_used_at,
            address=row.address,
            current=row.id == current,
        )
        for row in rows
    ]


async def end_other_login_sessions(
    session: AsyncSession, user_id: uuid.UUID, current: uuid.UUID | None
) -> None:
    """Sign every device of the account out except the one asking."""
    await _revoke_sessions(session, user_id, keep=current)


async def end_login_session(
    session: AsyncSession, user_id: uuid.UUID, session_id: uuid.UUID
) -> None:
    """Sign one of the account's devices out: its refresh and access tokens stop at once."""
    ended = await session.execute(
        _end_sessions(col(AuthSession.id) == session_id, col(AuthSession.user_id) == user_id)
    )
    if ended.rowcount != 1:  # type: ignore[attr-defined]
        raise LoginSessionNotFound()


# --- login ------------------------------------------------------------------------------


async def login(
    session: AsyncSession,
    settings: Settings,
    passwords: Passwords,
    email: str,
    password: str,
    device: ClientDevice,
    device_user_id: uuid.UUID | None = None,
) -> IssuedTokens | SecondFactorStep:
    """`device_user_id`: the account this browser proved it logged in to before (its device
    cookie); such a browser is not held back by failed-login locks on that account. For an
    account with two-factor login the right password opens a second step instead of a session."""
    throttler = LoginThrottler(session, settings)
    keys = [account_key(email), address_key(device.address or "unknown")]
    user = (await session.scalars(select(User).where(col(User.email) == email))).first()
    known_device = user is not None and device_user_id == user.id
    if not known_device:
        await throttler.refuse_if_locked(keys)
    # Verify against a dummy hash for unknown emails so both failures cost the same time.
    valid = await passwords.verify_in_turn(user.password_hash if user else None, password)
    if user is None or not valid or not user.is_active:
        await throttler.record_failure(keys)
        # The failure count must survive the error response, which rolls the session back.
        await session.commit()
        raise InvalidCredentials()
    await throttler.clear(keys[0])
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = await passwords.hash_in_turn(password)
        session.add(user)
    if await two_factor.has_two_factor(session, user.id):
        return await _open_second_step(session, settings, user)
    return await start_session(session, settings, user, device)


# --- the second step --------------------------------------------------------------------


class SecondFactorRefused(Unauthorized):
    code = "invalid_second_factor"
    detail = "That code or passkey is not right"


class PasskeyLoginRefused(Unauthorized):
    code = "passkey_refused"
    detail = "That passkey is not registered here or could not be verified"


@dataclass(frozen=True)
class SecondFactorStep:
    challenge: str
    expires_in: int
    methods: list[SecondFactorMethod]
    passkey_options: dict[str, Any] | None


async def _open_second_step(
    session: AsyncSession, settings: Settings, user: User
) -> SecondFactorStep:
    methods: list[SecondFactorMethod] = []
    if await two_factor.totp_enabled(session, user.id):
        methods.append("totp")
    if await two_factor.recovery_codes_left(session, user.id):
        methods.append("recovery_code")
    webauthn_challenge, passkey_options = None, None
    if await passkeys.list_passkeys(session, user.id):
        methods.append("passkey")
        webauthn_challenge, passkey_options = await passkeys.authentication_options(
            session, settings, user.id
        )
    token = await challenges.open_challenge(
        session, settings, ChallengePurpose.second_factor, user.id, webauthn_challenge
    )
    return SecondFactorStep(
        challenge=token,
        expires_in=settings.two_factor_challenge_minutes * 60,
        methods=methods,
        passkey_options=passkey_options,
    )


async def _second_factor_holds(
    session: AsyncSession, settings: Settings, step: AuthChallenge, data: SecondFactorLogin
) -> bool:
    assert step.user_id is not None
    if data.code is not None:
        return await two_factor.verify_totp(session, settings, step.user_id, data.code)
    if data.recovery_code is not None:
        return await two_factor.use_recovery_code(session, step.user_id, data.recovery_code)
    assert data.passkey is not None
    return await passkeys.verify_assertion(session, settings, step, data.passkey) is not None


async def complete_second_factor(
    session: AsyncSession,
    settings: Settings,
    data: SecondFactorLogin,
    device: ClientDevice,
    device_user_id: uuid.UUID | None = None,
) -> IssuedTokens:
    """Finish a login with a code from the authenticator app, a recovery code or a passkey.
    Wrong answers are counted per step (past the allowance the step dies) and per account
    (the wait doubles, as for passwords; a browser that logged in to the account before is
    not held back)."""
    step = await challenges.live_challenge(
        session, settings, data.challenge, ChallengePurpose.second_factor
    )
    user = await session.get(User, step.user_id) if step.user_id else None
    if user is None or not user.is_active:
        raise challenges.ChallengeInvalid()
    throttler = LoginThrottler(session, settings)
    keys = [second_factor_key(user.id)]
    if device_user_id != user.id:
        await throttler.refuse_if_locked(keys)
    if not await _second_factor_holds(session, settings, step, data):
        await challenges.count_failure(session, step)
        await throttler.record_failure(keys)
        await session.commit()
        raise SecondFactorRefused()
    await challenges.claim_challenge(session, step)
    await throttler.clear(keys[0])
    return await start_session(session, settings, user, device, two_factor_verified=True)


async def passkey_login(
    session: AsyncSession,
    settings: Settings,
    data: PasskeyLogin,
    device: ClientDevice,
) -> IssuedTokens:
    """Sign in with a passkey alone: the authenticator verified its user (a PIN or biometric),
    so the login counts as two-factor. Failures count against the client's address."""
    throttler = LoginThrottler(session, settings)
    keys = [address_key(device.address or "unknown")]
    await throttler.refuse_if_locked(keys)
    step = await passkeys.passwordless_challenge(session, settings, data.challenge)
    passkey = await passkeys.verify_assertion(session, settings, step, data.credential)
    user = await session.get(User, passkey.user_id) if passkey else None
    if user is None or not user.is_active:
        await throttler.record_failure(keys)
        await session.commit()
        raise PasskeyLoginRefused()
    return await start_session(session, settings, user, device, two_factor_verified=True)


async def refresh(
    session: AsyncSession, settings: Settings, raw_token: str | None, address: str | None
) -> IssuedTokens:
    if not raw_token:
        raise RefreshRejected()
    token = (
        await session.scalars(
            select(RefreshToken).where(col(RefreshToken.token_hash) == hash_secret(raw_token))
        )
    ).first()
    if token is None:
        raise RefreshRejected()
    now = utcnow()
    # Marking it used in the UPDATE's WHERE makes a concurrent second use lose the race.
    claimed = await session.execute(
        update(RefreshToken)
        .where(col(RefreshToken.id) == token.id, col(RefreshToken.used_at).is_(None))
        .values(used_at=now)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        # A rotated token came back: someone holds a copy. End the whole session.
        logger.warning("refresh token reuse detected; revoking session %s", token.session_id)
        await revoke_session(session, token.session_id)
        await session.commit()
        raise RefreshRejected()
    auth_session = await session.get(AuthSession, token.session_id)
    user = await session.get(User, auth_session.user_id) if auth_session else None
    if (
        auth_session is None
        or auth_session.revoked_at is not None
        or token.expires_at <= now
        or user is None
        or not user.is_active
    ):
        raise RefreshRejected()
    auth_session.last_used_at = now
    auth_session.address = address
    session.add(auth_session)
    return await _issue(session, settings, user, auth_session.id)


async def logout(
    session: AsyncSession, raw_token: str | None, access_session_id: uuid.UUID | None
) -> None:
    """End the login session named by the refresh cookie and the one the access token came
    from (they are the same unless a client sends only one of them)."""
    if access_session_id is not None:
        await revoke_session(session, access_session_id)
    if not raw_token:
        return
    session_id = (
        await session.scalars(
            select(RefreshToken.session_id).where(
                col(RefreshToken.token_hash) == hash_secret(raw_token)
            )
        )
    ).first()
    if session_id is not None:
        await revoke_session(session, session_id)


# --- the signed-in user -----------------------------------------------------------------


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise RefreshRejected()
    return user


async def update_me(session: AsyncSession, user_id: uuid.UUID, data: MeUpdate) -> UserRead:
    user = await get_user(session, user_id)
    if data.display_name is not None:
        user.display_name = data.display_name.strip()
    if "language" in data.model_fields_set:
        user.language = data.language
    if data.spoken_languages is not None:
        user.spoken_languages = data.spoken_languages
    user.updated_at = utcnow()
    session.add(user)
    await session.flush()
    return user_read(user)


async def change_password(
    session: AsyncSession,
    passwords: Passwords,
    user_id: uuid.UUID,
    session_id: uuid.UUID | None,
    current_password: str,
    new_password: str,
    *,
    revoke_api_tokens: bool,
) -> None:
    user = await get_user(session, user_id)
    if not await passwords.verify_in_turn(user.password_hash, current_password):
        raise Unprocessable(
            "current_password", "Your current password is not right", code="invalid_credentials"
        )
    problem = password_problem(new_password, email=user.email)
    if problem:
        raise Unprocessable("new_password", problem, code="weak_password")
    user.password_hash = await passwords.hash_in_turn(new_password)
    user.password_changed_at = user.updated_at = utcnow()
    session.add(user)
    await _void_reset_links(session, user.id)
    await _revoke_sessions(session, user.id, keep=session_id)
    if revoke_api_tokens:
        await tokens.revoke_tokens_created_by(session, user.id)


async def _void_reset_links(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Every reset link of the account stops working (a newer one, or a new password)."""
    await session.execute(
        update(PasswordResetToken)
        .where(
            col(PasswordResetToken.user_id) == user_id,
            col(PasswordResetToken.used_at).is_(None),
        )
        .values(used_at=utcnow())
    )


RESET_WINDOW = timedelta(hours=1)


async def request_password_reset(
    session: AsyncSession, settings: Settings, client_address: str
) -> None:
    """Count the request against its address (429 past the limit). Whether the account exists
    is decided later, off the request path, so the answer and its timing are the same."""
    throttle = LoginThrottler(session, settings)
    key = reset_address_key(client_address)
    await throttle.refuse_if_locked([key])
    await throttle.record_failure([key])


async def send_reset_link(
    sessionmaker: async_sessionmaker[AsyncSession],
    mailer: Mailer,
    settings: Settings,
    email: str,
    requested_language: str | None = None,
) -> None:
    """After the answer: if the account exists and has not had too many links this hour, a new
    link (older ones die) is stored and mailed."""
    async with sessionmaker() as session, session.begin():
        user = (
            await session.scalars(select(User).where(col(User.email) == email, col(User.is_active)))
        ).first()
        if user is None:
            return
        recent = (
            await session.execute(
                select(func.count()).where(
                    col(PasswordResetToken.user_id) == user.id,
                    col(PasswordResetToken.created_at) > utcnow() - RESET_WINDOW,
                )
            )
        ).scalar_one()
        if recent >= settings.password_resets_per_account:
            logger.info("password reset mail not sent: the hourly limit for the account is met")
            return
        await _void_reset_links(session, user.id)
        token = new_secret(RESET_TOKEN_PREFIX)
        session.add(
            PasswordResetToken(
                user_id=user.id,
                token_hash=hash_secret(token),
                expires_at=utcnow() + timedelta(minutes=settings.password_reset_minutes),
            )
        )
        address = user.email
        language = first_language(user.language, requested_language)
    link = f"{settings.public_url.rstrip('/')}/reset-password#token={token}"
    await send_reset_mail(mailer, settings, address, link, translator(language))


async def send_reset_mail(
    mailer: Mailer, settings: Settings, address: str, link: str, t: Translator
) -> None:
    minutes = settings.password_reset_minutes
    try:
        await mailer.send(
            address,
            t.gettext("Reset your Shopfloor password"),
            t.gettext(
                "Someone (hopefully you) asked to reset the password of this Shopfloor account."
            )
            + "\n\n"
            + t.ngettext(
                "Open this link within {n} minute to choose a new password:",
                "Open this link within {n} minutes to choose a new password:",
                minutes,
            )
            + f"\n{link}\n\n"
            + t.gettext("If it was not you, ignore this mail; nothing has changed.")
            + "\n",
        )
    except Exception:
        logger.exception("password reset mail could not be sent")


async def confirm_password_reset(
    session: AsyncSession, passwords: Passwords, token: str, new_password: str
) -> None:
    now = utcnow()
    row = (
        await session.scalars(
            select(PasswordResetToken).where(
                col(PasswordResetToken.token_hash) == hash_secret(token)
            )
        )
    ).first()
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise Unprocessable(
            "token", "This reset link is not valid or has expired", code="invalid_reset_token"
        )
    user = await get_user(session, row.user_id)
    problem = password_problem(new_password, email=user.email)
    if problem:
        raise Unprocessable("new_password", problem, code="weak_password")
    user.password_hash = await passwords.hash_in_turn(new_password)
    user.password_changed_at = user.updated_at = now
    session.add(user)
    await _void_reset_links(session, user.id)
    await _revoke_sessions(session, user.id)


async def create_admin(
    session: AsyncSession, passwords: Passwords, email: str, display_name: str, password: str
) -> User:
    check_new_password(password, email)
    user = (await session.scalars(select(User).where(col(User.email) == email))).first()
    if user is None:
        user = User(email=email, display_name=display_name, password_hash="", is_admin=True)
    user.password_hash = passwords.hash(password)
    user.is_admin = True
    user.password_changed_at = utcnow()
    session.add(user)
    await session.flush()
    return user


async def list_accounts(
    session: AsyncSession, *, limit: int, cursor: str | None
) -> tuple[list[AccountRead], str | None]:
    """Every account on the server, oldest first (ids are time-ordered), for its
    administrators."""
    rows, next_cursor = await keyset_page(
        session, select(User), [SortKey(col(User.id), uuid.UUID)], limit=limit, cursor=cursor
    )
    return [AccountRead.model_validate(row[0], from_attributes=True) for row in rows], next_cursor


async def user_count(session: AsyncSession) -> int:
    return int((await session.execute(select(func.count()).select_from(User))).scalar_one())


# --- second factors ---------------------------------------------------------------------


def passkey_read(passkey: Passkey) -> PasskeyRead:
    return PasskeyRead(
        id=passkey.id,
        name=passkey.name,
        created_at=passkey.created_at,
        last_used_at=passkey.last_used_at,
    )


async def two_factor_status(
    session: AsyncSession, user_id: uuid.UUID, session_id: uuid.UUID | None
) -> TwoFactorRead:
    keys = await passkeys.list_passkeys(session, user_id)
    totp = await two_factor.totp_enabled(session, user_id)
    auth_session = await session.get(AuthSession, session_id) if session_id else None
    enabled = totp or bool(keys)
    return TwoFactorRead(
        enabled=enabled,
        totp=totp,
        recovery_codes_left=await two_factor.recovery_codes_left(session, user_id),
        passkeys=[passkey_read(p) for p in keys],
        session_verified=enabled and bool(auth_session and auth_session.two_factor_verified),
    )
