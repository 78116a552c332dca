"""`Idempotency-Key`: retries, concurrent retries, and answers that do not outlive their record."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from fastapi import FastAPI

from api.core.config import Settings
from api.core.db import utcnow
from api.core.mail import Mailer
from api.webhooks.worker import WebhookWorker
from tests.factories import Accounts, create_ok, names


async def test_concurrent_retries_create_once_and_never_fail(accounts: Accounts) -> None:
    group = await accounts.group()
    url = f"{group.url}/contacts"
    key = {"Idempotency-Key": "shift-end-log"}
    answers = await asyncio.gather(
        *(
            group.owner.post(url, json={"full_name": "Ann", "notes": "nights"}, headers=key)
            for _ in range(12)
        )
    )
    statuses = sorted({answer.status_code for answer in answers})
    assert set(statuses) <= {201, 409}, [answer.text for answer in answers]
    created = [answer.json() for answer in answers if answer.status_code == 201]
    assert created, "the first request's answer is returned"
    assert all(body["id"] == created[0]["id"] for body in created)
    for waiting in (answer for answer in answers if answer.status_code == 409):
        assert waiting.json()["error"] == "idempotency_key_in_progress"
        assert int(waiting.headers["Retry-After"]) >= 1
    assert await names(group.owner, url) == ["Ann"]
    # Once the first has finished, a retry gets its answer.
    again = await create_ok(group.owner, url, {"full_name": "Ann", "notes": "nights"}, headers=key)
    assert again["id"] == created[0]["id"]


async def test_a_failed_create_frees_its_key(accounts: Accounts) -> None:
    group = await accounts.group()
    url = f"{group.url}/contacts"
    key = {"Idempotency-Key": "bad-then-good"}
    body = {"full_name": "Ann", "workplace_id": "00000000-0000-7000-8000-000000000000"}
    refused = await group.owner.post(url, json=body, headers=key)
    assert refused.status_code == 422
    retried = await group.owner.post(url, json=body, headers=key)
    assert retried.status_code == 422, "the retry ran again instead of waiting on a dead claim"
    assert retried.json()["error"] != "idempotency_key_in_progress"


async def test_replaying_a_create_never_returns_a_deleted_record(accounts: Accounts) -> None:
    group = await accounts.group()
    url = f"{group.url}/contacts"
    key = {"Idempotency-Key": "create-then-erase"}
    body = {"full_name": "Ann Example", "notes": "Says she is being followed by the manager"}
    first = await create_ok(group.owner, url, body, headers=key)
    deleted = await group.owner.delete(f"{url}/{first['id']}")
    assert deleted.status_code == 204
    replay = await group.owner.post(url, json=body, headers=key)
    assert replay.status_code == 201
    assert replay.json()["id"] != first["id"], "the deleted contact's answer was kept"


async def test_answers_expire_after_a_day(
    accounts: Accounts, app: FastAPI, settings: Settings
) -> None:
    group = await accounts.group()
    url = f"{group.url}/contacts"
    key = {"Idempotency-Key": "yesterday"}
    first = await create_ok(group.owner, url, {"full_name": "Ann"}, headers=key)
    worker = WebhookWorker(app.state.sessionmaker, settings, Mailer(settings))
    await worker.maintain(utcnow() + timedelta(hours=25))
    later = await create_ok(group.owner, url, {"full_name": "Ann"}, headers=key)
    assert later["id"] != first["id"]


async def test_a_change_resent_after_a_lost_answer_gets_the_first_answer(
    accounts: Accounts,
) -> None:
    """The offline queue resends a change whose answer it never saw: with the same key the
    server answers as the first time, instead of a conflict with the person's own change."""
    group = await accounts.group()
    contact = await create_ok(group.owner, f"{group.url}/contacts", {"full_name": "Ann"})
    url = f"{group.url}/contacts/{contact['id']}"
    key = {"Idempotency-Key": "offline-edit-1"}
    body = {"phone": "07700 900123", "version": contact["version"]}
    first = await group.owner.patch(url, json=body, headers=key)
    assert first.status_code == 200, first.text
    again = await group.owner.patch(url, json=body, headers=key)
    assert again.status_code == 200, again.text
    assert again.json()["version"] == first.json()["version"] == contact["version"] + 1
    assert again.json()["phone"] == "07700 900123"
    # Without the key the same resend is what it is: a change made against an old version.
    unkeyed = await group.owner.patch(url, json=body)
    assert unkeyed.status_code == 409
    assert unkeyed.json()["error"] == "version_conflict"
    # One key names one change.
    other = await group.owner.patch(url, json={**body, "phone": "07700 900999"}, headers=key)
    assert other.status_code == 422
    assert other.json()["error"] == "idempotency_key_reused"


async def test_a_refused_change_frees_its_key(accounts: Accounts) -> None:
    group = await accounts.group()
    contact = await create_ok(group.owner, f"{group.url}/contacts", {"full_name": "Ann"})
    url = f"{group.url}/contacts/{contact['id']}"
    key = {"Idempotency-Key": "offline-edit-stale"}
    moved_on = await group.owner.patch(url, json={"notes": "days", "version": contact["version"]})
    assert moved_on.status_code == 200
    stale = {"notes": "nights", "version": contact["version"]}
    refused = await group.owner.patch(url, json=stale, headers=key)
    assert refused.status_code == 409
    assert refused.json()["error"] == "version_conflict"
    retried = await group.owner.patch(url, json=stale, headers=key)
    assert retried.status_code == 409
    assert retried.json()["error"] == "version_conflict", "the retry waited on a dead claim"


async def test_ticking_a_follow_up_done_twice_with_one_key_ticks_it_once(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    follow_up = await create_ok(
        group.owner, f"{group.url}/follow-ups", {"title": "Ask Jo about the rota"}
    )
    url = f"{group.url}/follow-ups/{follow_up['id']}"
    key = {"Idempotency-Key": "offline-tick-1"}
    body = {"done": True, "version": follow_up["version"]}
    first = await group.owner.patch(url, json=body, headers=key)
    again = await group.owner.patch(url, json=body, headers=key)
    assert first.status_code == again.status_code == 200, again.text
    assert again.json() == first.json()
    current = await group.owner.get(url)
    assert current.json()["version"] == follow_up["version"] + 1
    assert current.json()["done"] is True
