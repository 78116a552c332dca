"""Repeated failed logins are slowed, then refused, per account and per client address."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from sqlalchemy import update

from api.auth.models import LoginThrottle
from api.core.config import Settings
from tests.factories import Accounts, unique_email


async def _fail(accounts: Accounts, email: str, times: int) -> list[int]:
    statuses = []
    for _ in range(times):
        statuses.append((await accounts.login(email, "wrong password here")).status_code)
    return statuses


async def test_account_is_locked_after_repeated_failures(
    accounts: Accounts, settings: Settings
) -> None:
    person = await accounts.person()
    limit = settings.login_failures_per_account
    assert await _fail(accounts, person.email, limit) == [401] * limit
    locked = await accounts.login(person.email)  # even the right password waits
    assert locked.status_code == 429
    assert locked.json()["error"] == "too_many_attempts"
    retry_after = int(locked.headers["Retry-After"])
    assert 1 <= retry_after <= settings.login_lockout_base_seconds + 1
    # Another account from the same address is unaffected.
    other = await accounts.person("Other")
    assert (await accounts.login(other.email)).status_code == 200


async def test_lockout_grows_with_each_further_failure(
    accounts: Accounts, settings: Settings, app: FastAPI
) -> None:
    person = await accounts.person()
    await _fail(accounts, person.email, settings.login_failures_per_account)
    first_wait = int((await accounts.login(person.email)).headers["Retry-After"])
    await _expire_locks(app)
    await _fail(accounts, person.email, 1)
    second_wait = int((await accounts.login(person.email)).headers["Retry-After"])
    assert second_wait > first_wait
    await _expire_locks(app)
    assert (await accounts.login(person.email)).status_code == 200
    # A success clears the account's count: one more failure does not lock again.
    assert await _fail(accounts, person.email, 1) == [401]
    assert (await accounts.login(person.email)).status_code == 200


async def test_client_address_is_locked_across_accounts(
    accounts: Accounts, settings: Settings
) -> None:
    person = await accounts.person()
    limit = settings.login_failures_per_address
    statuses = []
    for _ in range(limit):
        statuses += await _fail(accounts, unique_email("probe"), 1)
    assert statuses == [401] * limit
    refused = await accounts.login(person.email)
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers


async def _expire_locks(app: FastAPI) -> None:
    """Stands in for the wait: moves every lock into the past."""
    async with app.state.sessionmaker() as session:
        await session.execute(
            update(LoginThrottle).values(locked_until=datetime.now(UTC) - timedelta(seconds=1))
        )
        await session.commit()


async def test_a_stranger_cannot_lock_the_owner_out(accounts: Accounts, settings: Settings) -> None:
    person = await accounts.person()
    # The owner's own browser has logged in before: it holds the signed device cookie.
    first = await person.http.post(
        "/api/v1/auth/login", json={"email": person.email, "password": person.password}
    )
    assert first.status_code == 200
    await _fail(accounts, person.email, settings.login_failures_per_account + 2)
    assert (await accounts.login(person.email)).status_code == 429, "strangers still wait"
    # A forged device cookie does not help a stranger.
    stranger = accounts.new_client()
    stranger.cookies.set("shopfloor_device", "not.a.real.proof", path="/api/v1/auth")
    forged = await stranger.post(
        "/api/v1/auth/login", json={"email": person.email, "password": person.password}
    )
    assert forged.status_code == 429
    again = await person.http.post(
        "/api/v1/auth/login", json={"email": person.email, "password": person.password}
    )
    assert again.status_code == 200


async def test_a_shared_address_is_not_locked_for_those_who_use_it(
    accounts: Accounts, settings: Settings
) -> None:
    regular = await accounts.person("Regular")
    welcomed = await regular.http.post(
        "/api/v1/auth/login", json={"email": regular.email, "password": regular.password}
    )
    assert welcomed.status_code == 200
    for _ in range(settings.login_failures_per_address):
        await accounts.login(unique_email(), "wrong password here")
    assert (await accounts.login(unique_email())).status_code == 429
    back = await regular.http.post(
        "/api/v1/auth/login", json={"email": regular.email, "password": regular.password}
    )
    assert back.status_code == 200
