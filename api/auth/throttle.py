"""Failed-login throttling per account and per client address, counted in the database."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, delete, select

from api.auth.models import LoginThrottle
from api.core.config import Settings
from api.core.db import new_id, utcnow
from api.core.errors import TooManyRequests
from api.core.upsert import insert_for


def account_key(email: str) -> str:
    return f"account:{email}"


def address_key(address: str) -> str:
    return f"address:{address}"


def second_factor_key(user_id: object) -> str:
    """Wrong second-factor codes for one account, whichever login step they came through."""
    return f"second-factor:{user_id}"


def reset_address_key(address: str) -> str:
    """Password reset requests from one address (counted whether or not the account exists)."""
    return f"reset:{address}"


def signup_address_key(address: str) -> str:
    """Sign-up requests from one address (counted whether or not the email has an account)."""
    return f"signup:{address}"


def signup_mail_key(email: str) -> str:
    """Sign-up mails sent to one email address, whichever kind."""
    return f"signup-mail:{email}"


def email_change_key(user_id: object) -> str:
    """Requests to change one account's login address, refused or not."""
    return f"email-change:{user_id}"


class LoginThrottler:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.session = session
        self.settings = settings

    def _threshold(self, key: str) -> int:
        if key.startswith(("account:", "second-factor:")):
            return self.settings.login_failures_per_account
        if key.startswith("reset:"):
            return self.settings.password_resets_per_address
        if key.startswith("signup:"):
            return self.settings.signups_per_address
        if key.startswith("signup-mail:"):
            return self.settings.signup_mails_per_email
        if key.startswith("email-change:"):
            return self.settings.email_changes_per_account
        return self.settings.login_failures_per_address

    def lockout_for(self, key: str, failures: int) -> timedelta | None:
        """No lock below the threshold; from there the wait doubles with each failure."""
        over = failures - self._threshold(key)
        if over < 0:
            return None
        seconds = self.settings.login_lockout_base_seconds * (2 ** min(over, 20))
        return timedelta(seconds=min(seconds, self.settings.login_lockout_max_seconds))

    async def refuse_if_locked(
        self, keys: list[str], detail: str = "Too many failed logins; wait before trying again"
    ) -> None:
        now = utcnow()
        rows = (
            await self.session.scalars(
                select(LoginThrottle.locked_until).where(
                    col(LoginThrottle.key).in_(keys), col(LoginThrottle.locked_until) > now
                )
            )
        ).all()
        locked_until = [until for until in rows if until is not None]
        if locked_until:
            wait = max(locked_until) - now
            raise TooManyRequests(int(wait.total_seconds()) + 1, detail)

    async def record_failure(self, keys: list[str]) -> None:
        now = utcnow()
        # Failures older than the longest lockout are forgotten rather than counted forever.
        forget_before = now - timedelta(seconds=self.settings.login_lockout_max_seconds)
        for key in keys:
            insert = insert_for(self.session, LoginThrottle)
            statement = insert.values(
                id=new_id(),
                key=key,
                failures=1,
                last_failure_at=now,
                created_at=now,
                updated_at=now,
            ).on_conflict_do_update(
                index_elements=[LoginThrottle.key],
                set_={
                    "failures": case(
                        (col(LoginThrottle.last_failure_at) < forget_before, 1),
                        else_=col(LoginThrottle.failures) + 1,
                    ),
                    "last_failure_at": now,
                    "updated_at": now,
                },
            )
            await self.session.execute(statement)
            failures = (
                await self.session.scalars(
                    select(LoginThrottle.failures).where(col(LoginThrottle.key) == key)
                )
            ).one()
            lockout = self.lockout_for(key, failures)
            if lockout is not None:
                await self._lock(key, now + lockout)

    async def _lock(self, key: str, until: datetime) -> None:
        row = (
            await self.session.scalars(select(LoginThrottle).where(col(LoginThrottle.key) == key))
        ).one()
        row.locked_until = until
        self.session.add(row)
        await self.session.flush()

    async def clear(self, key: str) -> None:
        await self.session.execute(delete(LoginThrottle).where(col(LoginThrottle.key) == key))
