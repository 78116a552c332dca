"""Changing the address an account logs in with.

The person asks with their current password; a single-use link goes to the NEW address and a
notice (with no link) to the old one, and the address changes only when that link is opened by
the signed-in account. Whether the new address already has an account is decided after the
answer is sent, as sign-up does: the answer is the same either way, and the new address is
told, not the person asking. Confirming is a security event: every other signed-in device is
signed out and reset links sent to the old address stop working."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from api.auth.models import EmailChangeToken, User
from api.auth.passwords import Passwords
from api.auth.schemas import UserRead
from api.auth.service import (
    EmailTaken,
    _revoke_sessions,
    _void_reset_links,
    get_user,
    user_read,
)
from api.auth.throttle import LoginThrottler, email_change_key
from api.core.config import Settings
from api.core.db import utcnow
from api.core.errors import Unprocessable
from api.core.mail import Mailer
from api.core.messages import translator
from api.core.security import hash_secret, new_secret

logger = logging.getLogger("shopfloor.auth")

EMAIL_CHANGE_TOKEN_PREFIX = "sfe_"  # noqa: S105


class InvalidEmailChangeToken(Unprocessable):
    def __init__(self) -> None:
        super().__init__(
            "token",
            "This confirmation link is not valid, was already used or has expired: "
            "ask for the change again",
            code="invalid_email_change_token",
        )


@dataclass(frozen=True)
class EmailChangeDraft:
    """A checked request: the account, its current address and language, the new address."""

    user_id: uuid.UUID
    old_email: str
    new_email: str
    language: str | None


async def draft_email_change(
    session: AsyncSession,
    settings: Settings,
    passwords: Passwords,
    user_id: uuid.UUID,
    new_email: str,
    current_password: str,
) -> EmailChangeDraft:
    """Count the request against the account (429 past the limit, wrong passwords included, so
    the form is no way to guess a password), then check the password and the address."""
    throttle = LoginThrottler(session, settings)
    key = email_change_key(user_id)
    await throttle.refuse_if_locked(
        [key], "Too many requests to change the email address; wait before trying again"
    )
    await throttle.record_failure([key])
    user = await get_user(session, user_id)
    if not await passwords.verify_in_turn(user.password_hash, current_password):
        # The count must survive the error response, which rolls the session back.
        await session.commit()
        raise Unprocessable(
            "current_password", "Your current password is not right", code="invalid_credentials"
        )
    if new_email == user.email:
        raise Unprocessable(
            "new_email", "This is already your email address", code="email_unchanged"
        )
    return EmailChangeDraft(
        user_id=user.id, old_email=user.email, new_email=new_email, language=user.language
    )


async def send_email_change_mails(
    sessionmaker: async_sessionmaker[AsyncSession],
    mailer: Mailer,
    settings: Settings,
    draft: EmailChangeDraft,
) -> None:
    """After the answer: the link to the new address (or, if it has an account, a notice that
    it cannot be used), and to the old address a notice that a change was asked for. A new
    request voids the account's earlier links."""
    base = settings.public_url.rstrip("/")
    async with sessionmaker() as session, session.begin():
        await _void_email_change_links(session, draft.user_id)
        taken = (
            await session.scalars(select(User.id).where(col(User.email) == draft.new_email))
        ).first() is not None
        if not taken:
            token = new_secret(EMAIL_CHANGE_TOKEN_PREFIX)
            session.add(
                EmailChangeToken(
                    user_id=draft.user_id,
                    new_email=draft.new_email,
                    token_hash=hash_secret(token),
                    expires_at=utcnow() + timedelta(hours=settings.email_change_link_hours),
                )
            )
    t = translator(draft.language)
    if taken:
        new_subject = t.gettext("This address already has a Shopfloor account")
        new_body = (
            t.gettext(
                "Someone (hopefully you) asked to move a Shopfloor account to this email "
                "address, but it already has an account of its own, so nothing has changed."
            )
            + "\n\n"
            + t.gettext(
                "To use this address, log in to the account it has at {link}.",
                link=f"{base}/login",
            )
            + "\n"
        )
    else:
        new_subject = t.gettext("Confirm your new Shopfloor email address")
        new_body = (
            t.gettext(
                "Someone (hopefully you) asked to log in to Shopfloor with this email address "
                "from now on."
            )
            + "\n\n"
            + t.ngettext(
                "Open this link within {n} hour, logged in to the account, to confirm it:",
                "Open this link within {n} hours, logged in to the account, to confirm it:",
                settings.email_change_link_hours,
            )
            + f"\n{base}/account/email/confirm#token={token}\n\n"
            + t.gettext("If it was not you, ignore this mail: nothing changes without the link.")
            + "\n"
        )
    old_subject = t.gettext("A change of your Shopfloor email address was asked for")
    old_body = (
        t.gettext(
            "Someone with your password asked to change the address your Shopfloor account "
            "logs in with to {email}. It changes only if the link sent there is opened.",
            email=draft.new_email,
        )
        + "\n\n"
        + t.gettext(
            "If it was not you, change your password at once at {link}: they know it.",
            link=f"{base}/account",
        )
        + "\n"
    )
    for address, subject, text in (
        (draft.new_email, new_subject, new_body),
        (draft.old_email, old_subject, old_body),
    ):
        try:
            await mailer.send(address, subject, text)
        except Exception:
            logger.exception("email change mail could not be sent")


async def _void_email_change_links(session: AsyncSession, user_id: uuid.UUID) -> None:
    await session.execute(
        update(EmailChangeToken)
        .where(col(EmailChangeToken.user_id) == user_id, col(EmailChangeToken.used_at).is_(None))
        .values(used_at=utcnow())
    )


async def confirm_email_change(
    session: AsyncSession,
    user_id: uuid.UUID,
    session_id: uuid.UUID | None,
    token: str,
) -> UserRead:
    """Move the signed-in account to the address its link was mailed to. The link is single
    use, expires, and works only for the account that asked; the other signed-in devices are
    signed out (this one stays) and reset links mailed to the old address stop working."""
    now = utcnow()
    row = (
        await session.scalars(
            select(EmailChangeToken).where(col(EmailChangeToken.token_hash) == hash_secret(token))
        )
    ).first()
    if row is None or row.user_id != user_id or row.used_at is not None or row.expires_at <= now:
        raise InvalidEmailChangeToken()
    if (
        await session.scalars(select(User.id).where(col(User.email) == row.new_email))
    ).first() is not None:
        raise EmailTaken()
    user = await get_user(session, user_id)
    user.email = row.new_email
    user.updated_at = now
    session.add(user)
    await _void_email_change_links(session, user.id)
    await _void_reset_links(session, user.id)
    await _revoke_sessions(session, user.id, keep=session_id)
    await session.flush()
    return user_read(user)


async def purge_spent_email_changes(session: AsyncSession, now: datetime) -> None:
    await session.execute(
        delete(EmailChangeToken).where(
            (col(EmailChangeToken.expires_at) <= now) | col(EmailChangeToken.used_at).is_not(None)
        )
    )
