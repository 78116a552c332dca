"""Sign-up that answers alike for addresses with and without an account.

The first account on a server is created at once (there is no one yet to find out about).
After that, a sign-up only checks what the form itself says (the password, the invite, whether
sign-up is open) and answers "check your email"; whether the address already has an account is
decided after the answer is sent. A new address gets a link that creates the account; a known
one gets a reminder to log in. The answer and its timing are the same either way."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from api.auth.models import PendingSignup, User
from api.auth.passwords import Passwords
from api.auth.schemas import SignupRequest
from api.auth.service import (
    ClientDevice,
    EmailTaken,
    IssuedTokens,
    SignupClosed,
    check_new_password,
    has_real_accounts,
    signup_is_open,
    start_session,
)
from api.auth.throttle import LoginThrottler, signup_address_key, signup_mail_key
from api.core.config import Settings
from api.core.db import utcnow
from api.core.errors import TooManyRequests, Unprocessable
from api.core.mail import Mailer
from api.core.messages import first_language, supported_language, translator
from api.core.security import hash_secret, new_secret
from api.groups import service as groups

logger = logging.getLogger("shopfloor.auth")

SIGNUP_TOKEN_PREFIX = "sfs_"  # noqa: S105


@dataclass(frozen=True)
class SignupDraft:
    """What the form said, checked, with the password already hashed."""

    email: str
    display_name: str
    password_hash: str
    invite_id: uuid.UUID | None
    # The form's language, else the invite's group default; None when neither is known.
    language: str | None


async def create_first_account(
    session: AsyncSession,
    settings: Settings,
    passwords: Passwords,
    data: SignupRequest,
    device: ClientDevice,
) -> IssuedTokens:
    """The server's first account (signed up without an invite), made at once: it becomes the
    instance administrator."""
    check_new_password(data.password, data.email)
    user = User(
        email=data.email,
        display_name=data.display_name,
        password_hash=await passwords.hash_in_turn(data.password),
        language=supported_language(data.language),
        is_admin=True,
        password_changed_at=utcnow(),
    )
    session.add(user)
    await session.flush()
    return await start_session(session, settings, user, device)


async def is_first_account(session: AsyncSession) -> bool:
    return not await has_real_accounts(session)


async def draft_signup(
    session: AsyncSession,
    settings: Settings,
    passwords: Passwords,
    data: SignupRequest,
    client_address: str,
) -> SignupDraft:
    """Check the form and count the request against its address (429 past the limit). Nothing
    here depends on whether the email has an account."""
    check_new_password(data.password, data.email)
    invite_id = None
    language = supported_language(data.language)
    if data.invite_token:
        invite = await groups.check_invite_for_signup(session, data.invite_token, data.email)
        invite_id = invite.id
        language = language or await groups.invite_language(session, invite.id)
    elif not await signup_is_open(session):
        raise SignupClosed()
    throttle = LoginThrottler(session, settings)
    key = signup_address_key(client_address)
    await throttle.refuse_if_locked(
        [key], "Too many sign-ups from this address; wait before trying again"
    )
    await throttle.record_failure([key])
    return SignupDraft(
        email=data.email,
        display_name=data.display_name,
        password_hash=await passwords.hash_in_turn(data.password),
        invite_id=invite_id,
        language=language,
    )


async def send_signup_mail(
    sessionmaker: async_sessionmaker[AsyncSession],
    mailer: Mailer,
    settings: Settings,
    draft: SignupDraft,
) -> None:
    """After the answer: a link that creates the account for a new address, a reminder to log
    in for a known one; a few such mails an hour per address at most."""
    base = settings.public_url.rstrip("/")
    async with sessionmaker() as session, session.begin():
        throttle = LoginThrottler(session, settings)
        key = signup_mail_key(draft.email)
        try:
            await throttle.refuse_if_locked([key])
        except TooManyRequests:
            logger.info("sign-up mail not sent: the hourly limit for the address is met")
            return
        await throttle.record_failure([key])
        account = (
            await session.execute(
                select(User.id, User.language).where(col(User.email) == draft.email)
            )
        ).first()
        if account is None:
            token = new_secret(SIGNUP_TOKEN_PREFIX)
            session.add(
                PendingSignup(
                    email=draft.email,
                    display_name=draft.display_name,
                    password_hash=draft.password_hash,
                    invite_id=draft.invite_id,
                    language=draft.language,
                    token_hash=hash_secret(token),
                    expires_at=utcnow() + timedelta(hours=settings.signup_link_hours),
                )
            )
    if account is None:
        t = translator(draft.language)
        subject = t.gettext("Confirm your Shopfloor account")
        body = (
            t.gettext("Someone (hopefully you) signed up to Shopfloor with this email address.")
            + "\n\n"
            + (
                t.ngettext(
                    "Open this link within {n} hour to create the account and join the group "
                    "you were invited to:",
                    "Open this link within {n} hours to create the account and join the group "
                    "you were invited to:",
                    settings.signup_link_hours,
                )
                if draft.invite_id
                else t.ngettext(
                    "Open this link within {n} hour to create the account:",
                    "Open this link within {n} hours to create the account:",
                    settings.signup_link_hours,
                )
            )
            + f"\n{base}/signup/confirm#token={token}\n\n"
            + t.gettext("If it was not you, ignore this mail: no account is made without the link.")
            + "\n"
        )
    else:
        t = translator(first_language(account.language, draft.language))
        subject = t.gettext("You already have a Shopfloor account")
        body = (
            t.gettext(
                "Someone (hopefully you) tried to sign up to Shopfloor with this email address, "
                "but it already has an account."
            )
            + "\n\n"
            + (
                t.gettext(
                    "Log in at {link} and open the invite link again to join the group.",
                    link=f"{base}/login",
                )
                if draft.invite_id
                else t.gettext("Log in at {link}.", link=f"{base}/login")
            )
            + "\n"
            + t.gettext(
                "Forgotten the password? Choose a new one at {link}",
                link=f"{base}/reset-password",
            )
            + "\n\n"
            + t.gettext("If it was not you, ignore this mail; nothing has changed.")
            + "\n"
        )
    try:
        await mailer.send(draft.email, subject, body)
    except Exception:
        logger.exception("sign-up mail could not be sent")


async def confirm_signup(
    session: AsyncSession, settings: Settings, token: str, device: ClientDevice
) -> IssuedTokens:
    """Create the account from its mailed link (single use) and log it in; join the group it
    was invited to if that invite still stands."""
    pending = (
        await session.scalars(
            select(PendingSignup).where(col(PendingSignup.token_hash) == hash_secret(token))
        )
    ).first()
    if pending is None or pending.expires_at <= utcnow():
        raise Unprocessable(
            "token",
            "This sign-up link is not valid or has expired: sign up again for a new one",
            code="invalid_signup_token",
        )
    if (await session.scalars(select(User.id).where(col(User.email) == pending.email))).first():
        raise EmailTaken()
    user = User(
        email=pending.email,
        display_name=pending.display_name,
        password_hash=pending.password_hash,
        language=supported_language(pending.language),
        password_changed_at=utcnow(),
    )
    session.add(user)
    await session.flush()
    await session.execute(delete(PendingSignup).where(col(PendingSignup.email) == pending.email))
    if pending.invite_id is not None:
        await groups.accept_invite_if_usable(session, user.id, user.email, pending.invite_id)
    return await start_session(session, settings, user, device)


async def purge_expired_signups(session: AsyncSession, now: datetime) -> None:
    await session.execute(delete(PendingSignup).where(col(PendingSignup.expires_at) <= now))
