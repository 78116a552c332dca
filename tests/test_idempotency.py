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
