"""Password hashing with argon2id and the password policy."""

from __future__ import annotations

import asyncio
from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from starlette.concurrency import run_in_threadpool
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from api.core.config import Settings

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
# Each argon2id hash holds `argon2_memory_kib` (64 MiB by default) while it runs: at most this
# many run at once, so a burst of logins queues briefly instead of multiplying the memory.
CONCURRENT_HASHES = 2


@lru_cache
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, *, email: str | None = None) -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Use at most {MAX_PASSWORD_LENGTH} characters"
    lowered = password.lower()
    if lowered in _common_passwords():
        return "This password is too common; choose another"
    if email and lowered == email.lower():
        return "Do not use your email address as your password"
    return None


class Passwords:
    def __init__(self, settings: Settings) -> None:
        self._hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost,
            memory_cost=settings.argon2_memory_kib,
            parallelism=settings.argon2_parallelism,
            type=Type.ID,
        )
        # Verified against when the email is unknown, so both cases cost the same.
        self._dummy_hash = self._hasher.hash("dummy password for timing equality")
        self._turns = asyncio.Semaphore(CONCURRENT_HASHES)

    async def hash_in_turn(self, password: str) -> str:
        """`hash` off the event loop, at most `CONCURRENT_HASHES` at a time."""
        async with self._turns:
            return await run_in_threadpool(self.hash, password)

    async def verify_in_turn(self, password_hash: str | None, password: str) -> bool:
        """`verify` off the event loop, at most `CONCURRENT_HASHES` at a time."""
        async with self._turns:
            return await run_in_threadpool(self.verify, password_hash, password)

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash or self._dummy_hash, password) and (
                password_hash is not None
            )
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)
