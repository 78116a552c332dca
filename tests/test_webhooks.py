"""Webhooks: registration and SSRF checks, the outbox, signed delivery, retries with backoff,
disabling (410 and exhaustion) with notices, the delivery log and test events."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
import re
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlmodel import col, select

from api.core.config import Settings
from api.core.db import utcnow
from api.core.errors import Conflict
from api.core.records import Actor, RecordWriter
from api.webhooks.models import WebhookDelivery, WebhookEndpoint
from api.webhooks.network import Resolver, SystemResolver
from api.webhooks.worker import RETRY_DELAYS, WebhookWorker
from api.workplaces.models import Workplace
from tests.factories import (
    RECEIVER_ANSWER,
    Accounts,
    Group,
    Received,
    StaticResolver,
    WebhookReceiver,
    get_ok,
    list_all,
    log_conversation,
    make_contact,
    make_workplace,
)

PUBLIC_ADDRESS = "93.184.215.14"


@pytest.fixture
def local_hooks(app: FastAPI, settings: Settings) -> Iterator[Settings]:
    """The development setting that allows http://127.0.0.1 receivers, for one test."""
    local = settings.model_copy(update={"webhooks_allow_localhost": True})
    app.state.settings = local
    yield local
    app.state.settings = settings


@pytest.fixture
def resolver(app: FastAPI) -> Iterator[StaticResolver]:
    """Name resolution the test controls, for registration and for the worker."""
    stub = StaticResolver()
    app.state.webhook_resolver = stub
    yield stub
    app.state.webhook_resolver = None


def worker(
    app: FastAPI, settings: Settings, resolver: Resolver | None = None, **overrides: Any
) -> WebhookWorker:
    return WebhookWorker(
        app.state.sessionmaker,
        settings.model_copy(update=overrides),
        app.state.mailer,
        resolver or SystemResolver(),
    )


def verify(secret: str, request: Received) -> dict[str, Any]:
    """Standard Webhooks verification, written from the specification: the key is the base64
    after `whsec_`; the signed content is `{webhook-id}.{webhook-timestamp}.{raw body}`; the
    header holds space-separated `v1,<base64 HMAC-SHA256>` signatures."""
    headers = request.headers
    message_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    assert abs(int(timestamp) - time.time()) < 300, "timestamp outside the tolerance"
    key = base64.b64decode(secret.split("whsec_", 1)[1])
    signed = f"{message_id}.{timestamp}.".encode() + request.body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    offered = [
        part.split(",", 1)[1]
        for part in headers["webhook-signature"].split(" ")
        if part.startswith("v1,")
    ]
    if not any(hmac.compare_digest(expected, signature) for signature in offered):
        raise AssertionError("signature does not verify")
    body: dict[str, Any] = json.loads(request.body)
    return body


async def register(group: Group, url: str, events: list[str] | None = None) -> dict[str, Any]:
    response = await group.owner.post(
        f"{group.url}/webhooks", json={"url": url, "event_types": events or ["*"]}
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def deliveries(group: Group, webhook_id: str, **params: Any) -> list[dict[str, Any]]:
    return await list_all(group.owner, f"{group.url}/webhooks/{webhook_id}/deliveries", **params)


def webhook_mails(outbox: Path) -> list[str]:
    """Mails about webhooks (sign-ups in the test also write mails)."""
    texts = [mail.read_text() for mail in outbox.glob("*.eml")]
    return [text for text in texts if "Subject: Webhook" in text]


def seconds(value: str, since: datetime) -> float:
    return (datetime.fromisoformat(value) - since).total_seconds()


async def test_endpoint_life(accounts: Accounts, resolver: StaticResolver) -> None:
    group = await accounts.group()
    owner = group.owner
    resolver.names["hooks.example.org"] = [PUBLIC_ADDRESS]
    created = await register(group, "https://hooks.example.org/in", ["contact.*"])
    secret = created["secret"]
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert created["enabled"] is True
    assert created["event_types"] == ["contact.*"]
    hook = f"{group.url}/webhooks/{created['id']}"

    listed = await list_all(owner, f"{group.url}/webhooks")
    assert [item["id"] for item in listed] == [created["id"]]
    assert "secret" not in listed[0]
    got = await owner.get(hook)
    assert got.headers["ETag"] == '"1"'
    assert "secret" not in got.json()
    # Kept encrypted: the database row does not hold the secret.
    async with accounts.app.state.sessionmaker() as session:
        stored = (
            await session.execute(
                select(col(WebhookEndpoint.secret_encrypted)).where(
                    col(WebhookEndpoint.id) == uuid.UUID(created["id"])
                )
            )
        ).scalar_one()
    assert secret not in stored
    assert secret.removeprefix("whsec_") not in stored

    for events, bad in ((["contact.moved"], "contact.moved"), (["invites.*"], "invites.*")):
        response = await owner.patch(hook, json={"event_types": events, "version": 1})
        assert response.status_code == 422, response.text
        assert response.json()["fields"][0]["field"].startswith("event_types")
        assert bad in response.json()["detail"]
    assert (await owner.patch(hook, json={"description": "CRM"})).status_code == 428
    updated = await owner.patch(
        hook, json={"event_types": ["dispute.created", "*"], "description": "CRM", "version": 1}
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["event_types"] == ["dispute.created", "*"]
    stale = await owner.patch(hook, json={"description": "Old", "version": 1})
    assert stale.status_code == 409

    rotated = await owner.post(f"{hook}/rotate-secret")
    assert rotated.status_code == 200, rotated.text
    assert rotated.json()["secret"] != secret

    member = await accounts.member(group, "member")
    assert (await member.get(f"{group.url}/webhooks")).status_code == 403
    assert (await owner.delete(hook)).status_code == 204
    missing = await owner.get(hook)
    assert missing.status_code == 404
    assert missing.json()["error"] == "webhook_not_found"


REFUSED = "webhooks go only to public https:// addresses"
REFUSED_URLS = [
    ("https://127.0.0.1/hooks", REFUSED),
    ("https://10.0.0.5/hooks", REFUSED),
    ("https://172.16.4.1/hooks", REFUSED),
    ("https://192.168.1.20/hooks", REFUSED),
    ("https://169.254.169.254/latest/meta-data/", REFUSED),
    ("https://100.64.0.1/hooks", REFUSED),
    ("https://[::1]/hooks", REFUSED),
    ("https://[::ffff:127.0.0.1]/hooks", REFUSED),
    ("https://[fd00::1]/hooks", REFUSED),
    ("https://[fe80::1]/hooks", REFUSED),
    ("https://0.0.0.0/hooks", REFUSED),
    ("https://224.0.0.1/hooks", REFUSED),
    ("https://localhost/hooks", "localhost"),
    ("https://loopback.example/hooks", REFUSED),
    ("https://private.example/hooks", REFUSED),
    ("https://mixed.example/hooks", REFUSED),
    ("https://nowhere.example/hooks", REFUSED),
    ("https://hooks.example.org:8080/hooks", "port 443 or 8443"),
    ("https://hooks.example.org:22/hooks", "port 443 or 8443"),
    ("http://hooks.example.org/hooks", "https://"),
    ("ftp://hooks.example.org/hooks", "https://"),
    ("https://user:password@hooks.example.org/hooks", "password"),
    ("not a url", "https://"),
]
# What the server's resolver answered is never told back (it maps the internal network).
RESOLVER_ANSWERS = ["127.0.0.1", "10.1.2.3", "169.254.169.254", "resolve"]


async def test_internal_targets_are_refused_at_registration(
    accounts: Accounts, resolver: StaticResolver
) -> None:
    resolver.names.update(
        {
            "hooks.example.org": [PUBLIC_ADDRESS],
            "localhost": ["127.0.0.1"],
            "loopback.example": ["127.0.0.1"],
            "private.example": ["10.1.2.3"],
            "mixed.example": [PUBLIC_ADDRESS, "169.254.169.254"],
        }
    )
    group = await accounts.group()
    for url, reason in REFUSED_URLS:
        response = await group.owner.post(
            f"{group.url}/webhooks", json={"url": url, "event_types": ["*"]}
        )
        assert response.status_code == 422, f"{url}: {response.text}"
        assert response.json()["fields"][0]["field"] == "url"
        assert reason in response.json()["detail"], url
        if "://" in url and ".example/" in url:
            for answer in RESOLVER_ANSWERS:
                assert answer not in response.text, (url, answer)
    assert await list_all(group.owner, f"{group.url}/webhooks") == []
    # The same checks apply when an endpoint's address is changed.
    hook = await register(group, "https://hooks.example.org/hooks")
    moved = await group.owner.patch(
        f"{group.url}/webhooks/{hook['id']}", json={"url": "https://10.0.0.5/", "version": 1}
    )
    assert moved.status_code == 422
    assert moved.json()["fields"][0]["field"] == "url"


async def test_a_name_that_cannot_resolve_is_refused_not_an_error(accounts: Accounts) -> None:
    # Found by the schema tests: the system resolver raised UnicodeError (an answer of 500)
    # for a name with an empty or over-long label, before asking any DNS server.
    group = await accounts.group()
    for url in ("https://hooks..example.org/hooks", f"https://{'a' * 64}.example.org/"):
        response = await group.owner.post(
            f"{group.url}/webhooks", json={"url": url, "event_types": ["*"]}
        )
        assert response.status_code == 422, f"{url}: {response.text}"
        assert response.json()["error"] == "webhook_target_refused"
        assert response.json()["fields"][0]["field"] == "url"


# Addresses refused for their form, whatever their host resolves to: the document says so.
MALFORMED_URLS = [
    "https://localhost/hooks",
    "https://LocalHost./hooks",
    "https://hooks.example.org:8080/hooks",
    "http://hooks.example.org/hooks",
    "ftp://hooks.example.org/hooks",
    "https://user:password@hooks.example.org/hooks",
    "https://hooks.example.org/hooks#part",
    "https://256.1.1.1/hooks",
]


async def test_the_document_states_which_addresses_are_taken(
    accounts: Accounts, resolver: StaticResolver, client: Any
) -> None:
    resolver.names["hooks.example.org"] = [PUBLIC_ADDRESS]
    document = (await client.get("/api/openapi.json")).json()
    pattern = document["components"]["schemas"]["WebhookCreate"]["properties"]["url"]["pattern"]
    group = await accounts.group()
    for url in MALFORMED_URLS:
        assert re.search(pattern, url) is None, url
        response = await group.owner.post(
            f"{group.url}/webhooks", json={"url": url, "event_types": ["*"]}
        )
        assert response.status_code == 422, url
    for url in ("https://hooks.example.org/hooks?to=me", " https://hooks.example.org:8443/\n"):
        assert re.search(pattern, url), url
        await register(group, url)


async def test_localhost_setting_allows_loopback_http_only(
    accounts: Accounts, local_hooks: Settings
) -> None:
    group = await accounts.group()
    for allowed in ("http://127.0.0.1:9/hooks", "http://localhost:9/hooks", "http://[::1]:9/x"):
        await register(group, allowed)
    for refused in ("http://10.0.0.5/hooks", "https://169.254.169.254/", "http://example.org/"):
        response = await group.owner.post(
            f"{group.url}/webhooks", json={"url": refused, "event_types": ["*"]}
        )
        assert response.status_code == 422, f"{refused}: {response.text}"


async def test_a_name_rebound_to_loopback_is_refused_at_delivery(
    accounts: Accounts, settings: Settings, resolver: StaticResolver
) -> None:
    group = await accounts.group()
    async with WebhookReceiver() as receiver:
        resolver.names["hooks.example.org"] = [PUBLIC_ADDRESS]
        original = accounts.app.state.settings
        accounts.app.state.settings = original.model_copy(
            update={"webhook_ports": [443, receiver.port]}
        )
        try:
            hook = await register(group, f"https://hooks.example.org:{receiver.port}/hooks")
        finally:
            accounts.app.state.settings = original
        resolver.names["hooks.example.org"] = ["127.0.0.1"]  # DNS rebinding
        await make_contact(group, "Sam Okafor")
        done = await worker(accounts.app, settings, resolver).deliver_due(utcnow())
        assert done.attempted == 1
        assert done.retrying == 1
        assert receiver.connections == 0, "the worker connected to loopback"
    [delivery] = await deliveries(group, hook["id"])
    assert delivery["status"] == "pending"
    assert delivery["last_status_code"] is None
    assert delivery["last_note"].startswith("Refused")
    assert "127.0.0.1" not in delivery["last_note"], "the resolver's answer is not told back"


async def test_signed_delivery_verifies(
    accounts: Accounts, local_hooks: Settings, settings: Settings
) -> None:
    group = await accounts.group()
    async with WebhookReceiver([200]) as receiver:
        hook = await register(group, receiver.url, ["contact.created"])
        contact = await make_contact(group, "Sam Okafor", email="sam@example.org")
        await make_workplace(group)  # not subscribed
        done = await worker(accounts.app, local_hooks).deliver_due(utcnow())
        assert done.succeeded == 1
    [request] = receiver.requests
    assert request.method == "POST"
    assert request.path == "/hooks"
    assert request.headers["content-type"] == "application/json"
    event = verify(hook["secret"], request)
    assert event["type"] == "contact.created"
    assert event["data"]["id"] == contact["id"]
    assert event["data"]["group_id"] == group.id
    assert event["data"]["operation"] == "create"
    assert "full_name" in event["data"]["changed_fields"]
    assert "record" not in event["data"]
    assert b"Sam" not in request.body
    assert b"sam@example.org" not in request.body
    tampered = Received(request.method, request.path, request.headers, request.body + b" ")
    with pytest.raises(AssertionError, match="does not verify"):
        verify(hook["secret"], tampered)
    with pytest.raises(AssertionError, match="does not verify"):
        verify(f"whsec_{base64.b64encode(b'x' * 32).decode()}", request)

    [delivery] = await deliveries(group, hook["id"])
    assert delivery["id"] == request.headers["webhook-id"]
    assert delivery["status"] == "succeeded"
    assert delivery["attempts"] == 1
    assert delivery["last_status_code"] == 200
    assert delivery["payload"] == event
    assert RECEIVER_ANSWER.decode() not in json.dumps(delivery)


async def test_failures_are_retried_with_backoff(accounts: Accounts, local_hooks: Settings) -> None:
    group = await accounts.group()
    deliver = worker(accounts.app, local_hooks).deliver_due
    async with WebhookReceiver([500, 503, 200]) as receiver:
        hook = await register(group, receiver.url)
        await make_contact(group, "Sam Okafor")
        now = utcnow()
        assert (await deliver(now)).retrying == 1
        [delivery] = await deliveries(group, hook["id"])
        assert delivery["status"] == "pending"
        assert delivery["last_status_code"] == 500
        assert delivery["last_note"] == "500 Internal Server Error"
        assert 4.5 <= seconds(delivery["next_attempt_at"], now) <= 5.5

        assert (await deliver(now + timedelta(seconds=4))).attempted == 0
        later = now + timedelta(seconds=6)
        assert (await deliver(later)).retrying == 1
        [delivery] = await deliveries(group, hook["id"])
        assert 270 <= seconds(delivery["next_attempt_at"], later) <= 330

        assert (await deliver(later + timedelta(minutes=4))).attempted == 0
        assert (await deliver(later + timedelta(minutes=6))).succeeded == 1
    assert len(receiver.requests) == 3
    assert len({request.headers["webhook-id"] for request in receiver.requests}) == 1
    for request in receiver.requests:
        verify(hook["secret"], request)
    [delivery] = await deliveries(group, hook["id"])
    assert delivery["status"] == "succeeded"
    assert [a["status_code"] for a in delivery["attempt_log"]] == [500, 503, 200]
    assert delivery["next_attempt_at"] is None


async def test_gone_disables_the_endpoint_and_tells_the_group(
    accounts: Accounts, local_hooks: Settings, outbox: Path
) -> None:
    group = await accounts.group()
    owner = group.owner
    async with WebhookReceiver([410]) as receiver:
        hook = await register(group, receiver.url)
        await make_contact(group, "Sam Okafor")
        done = await worker(accounts.app, local_hooks).deliver_due(utcnow())
        assert done.disabled == [uuid.UUID(hook["id"])]
        await make_contact(group, "Jo Bloggs")  # not queued for a disabled endpoint
        assert (await worker(accounts.app, local_hooks).deliver_due(utcnow())).attempted == 0
    assert len(receiver.requests) == 1
    endpoint = await get_ok(owner, f"{group.url}/webhooks/{hook['id']}")
    assert endpoint["enabled"] is False
    assert "410" in endpoint["disabled_reason"]
    [delivery] = await deliveries(group, hook["id"])
    assert delivery["status"] == "failed"
    [notice] = await list_all(owner, f"{group.url}/notifications")
    assert notice["kind"] == "webhook_disabled"
    assert notice["subject_id"] == hook["id"]
    assert receiver.url in notice["message"]
    [text] = webhook_mails(outbox)
    assert f"To: {owner.email}" in text
    assert "Webhook disabled" in text
    assert receiver.url in text

    enabled = await owner.patch(
        f"{group.url}/webhooks/{hook['id']}", json={"enabled": True, "version": endpoint["version"]}
    )
    assert enabled.status_code == 200, enabled.text
    assert enabled.json()["disabled_reason"] is None
    assert enabled.json()["disabled_at"] is None


async def test_exhausted_deliveries_disable_the_endpoint(
    accounts: Accounts, local_hooks: Settings, outbox: Path
) -> None:
    group = await accounts.group()
    deliver = worker(accounts.app, local_hooks, webhook_disable_after_failures=2).deliver_due
    async with WebhookReceiver([500]) as receiver:
        hook = await register(group, receiver.url)

        async def exhaust(name: str) -> int:
            """Fail one delivery through every retry, following its schedule."""
            await make_contact(group, name)
            now = utcnow()
            for delay in RETRY_DELAYS:
                assert (await deliver(now)).retrying == 1
                [pending] = await deliveries(group, hook["id"], status="pending")
                waited = seconds(pending["next_attempt_at"], now)
                assert 0.9 * delay.total_seconds() <= waited <= 1.1 * delay.total_seconds()
                now = datetime.fromisoformat(pending["next_attempt_at"])
            done = await deliver(now)
            assert done.failed == 1
            return len(done.disabled)

        assert await exhaust("Sam Okafor") == 0  # one exhausted delivery is not enough
        assert (await get_ok(group.owner, f"{group.url}/webhooks/{hook['id']}"))["enabled"]
        assert await exhaust("Jo Bloggs") == 1
    assert len(receiver.requests) == 2 * (len(RETRY_DELAYS) + 1)
    failed = await deliveries(group, hook["id"], status="failed")
    assert [d["attempts"] for d in failed] == [len(RETRY_DELAYS) + 1] * 2
    span = seconds(
        failed[0]["last_attempt_at"], datetime.fromisoformat(failed[0]["attempt_log"][0]["at"])
    )
    assert 2.3 * 86400 <= span <= 2.9 * 86400, "retries span about three days"
    endpoint = await get_ok(group.owner, f"{group.url}/webhooks/{hook['id']}")
    assert endpoint["enabled"] is False
    assert "2 deliveries in a row" in endpoint["disabled_reason"]
    [notice] = await list_all(group.owner, f"{group.url}/notifications")
    assert notice["subject_id"] == hook["id"]
    assert len(webhook_mails(outbox)) == 1


async def test_test_event_and_delivery_log(accounts: Accounts, local_hooks: Settings) -> None:
    group = await accounts.group()
    owner = group.owner
    async with WebhookReceiver([200, 500]) as receiver:
        hook = await register(group, receiver.url, ["dispute.*"])
        url = f"{group.url}/webhooks/{hook['id']}"
        sent = await owner.post(f"{url}/test")
        assert sent.status_code == 200, sent.text
        assert sent.json()["status"] == "succeeded"
        assert sent.json()["is_test"] is True
        failed = await owner.post(f"{url}/test")
        assert failed.json()["status"] == "failed"
        assert failed.json()["last_status_code"] == 500
        assert failed.json()["next_attempt_at"] is None
    event = verify(hook["secret"], receiver.requests[0])
    assert event["type"] == "webhook.test"
    assert event["data"]["endpoint_id"] == hook["id"]
    log = await deliveries(group, hook["id"])
    assert [d["status"] for d in log] == ["failed", "succeeded"]  # newest first
    assert [d["event_type"] for d in log] == ["webhook.test"] * 2
    assert RECEIVER_ANSWER.decode() not in json.dumps(log)
    only_failed = await deliveries(group, hook["id"], status="failed")
    assert [d["id"] for d in only_failed] == [log[0]["id"]]
    # Test events never count towards disabling: the endpoint stays enabled.
    assert (await get_ok(owner, url))["enabled"] is True


async def test_outbox_rows_are_part_of_the_writing_transaction(
    accounts: Accounts, local_hooks: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = await accounts.group()
    hook = await register(group, "http://127.0.0.1:9/hooks")
    group_id = uuid.UUID(group.id)
    sessionmaker = accounts.app.state.sessionmaker

    async def queued() -> int:
        async with sessionmaker() as session:
            rows = await session.execute(
                select(col(WebhookDelivery.id)).where(col(WebhookDelivery.group_id) == group_id)
            )
            return len(rows.all())

    async with sessionmaker() as session:
        writer = RecordWriter(session, group_id, Actor(user_id=uuid.UUID(group.owner.user_id)))
        await writer.create(Workplace(name="Never Saved"))
        await session.flush()
        assert await queued() == 0, "visible before commit"
        await session.rollback()
    assert await queued() == 0

    # A request that fails after writing leaves nothing behind.
    import api.workplaces.services.workplaces as workplaces

    def fail(record: Workplace) -> Any:
        raise Conflict("failing after the write")

    monkeypatch.setattr(workplaces, "present_workplace", fail)
    response = await group.owner.post(f"{group.url}/workplaces", json={"name": "Doomed Depot"})
    assert response.status_code == 409
    monkeypatch.undo()
    assert await deliveries(group, hook["id"]) == []
    assert await list_all(group.owner, f"{group.url}/workplaces") == []

    await make_workplace(group, "Saved Depot")
    [delivery] = await deliveries(group, hook["id"])
    assert delivery["event_type"] == "workplace.created"
    assert delivery["status"] == "pending"


async def test_deletions_are_announced_without_contents(
    accounts: Accounts, local_hooks: Settings
) -> None:
    group = await accounts.group()
    hook = await register(group, "http://127.0.0.1:9/hooks", ["contact.deleted", "conversation.*"])
    contact = await make_contact(group, "Sam Okafor")
    talk = await log_conversation(group, contact["id"], notes="Pay cut")
    assert (await group.owner.delete(f"{group.url}/contacts/{contact['id']}")).status_code == 204
    events = {d["event_type"]: d["payload"] for d in await deliveries(group, hook["id"])}
    assert set(events) == {"conversation.created", "conversation.deleted", "contact.deleted"}
    for name, record_id in (
        ("contact.deleted", contact["id"]),
        ("conversation.deleted", talk["id"]),
    ):
        data = events[name]["data"]
        assert data["id"] == record_id
        assert data["operation"] == "delete"
        assert data["changed_fields"] == []
    assert "Pay cut" not in json.dumps(events)


async def test_outbox_reads_endpoints_once_per_transaction(
    accounts: Accounts, local_hooks: Settings
) -> None:
    group = await accounts.group()
    second = await accounts.group(group.owner, name="Second Group")
    hooks = [await register(group, "http://127.0.0.1:9/a", ["workplace.created"])]
    hooks.append(await register(group, "http://127.0.0.1:9/b", ["workplace.*", "contact.*"]))
    await register(second, "http://127.0.0.1:9/c")
    queries: list[str] = []
    engine = accounts.app.state.engine

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "FROM webhook_endpoints" in statement:
            queries.append(statement)

    from sqlalchemy import event

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        async with accounts.app.state.sessionmaker() as session, session.begin():
            writer = RecordWriter(
                session, uuid.UUID(group.id), Actor(user_id=uuid.UUID(group.owner.user_id))
            )
            for n in range(5):
                await writer.create(Workplace(name=f"Depot {n}"))
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert len(queries) == 1
    for hook in hooks:
        assert len(await deliveries(group, hook["id"])) == 5


async def test_bulk_writes_reach_the_outbox_too(accounts: Accounts, local_hooks: Settings) -> None:
    group = await accounts.group()
    hook = await register(group, "http://127.0.0.1:9/hooks", ["workplace.created"])
    async with accounts.app.state.sessionmaker() as session, session.begin():
        writer = RecordWriter(
            session, uuid.UUID(group.id), Actor(user_id=uuid.UUID(group.owner.user_id))
        )
        made = await writer.create_many(Workplace, [{"name": f"Depot {n}"} for n in range(3)])
    announced = {d["payload"]["data"]["id"] for d in await deliveries(group, hook["id"])}
    assert announced == {str(record_id) for record_id in made}


async def test_disabling_an_endpoint_drops_what_it_had_not_sent(
    accounts: Accounts, local_hooks: Settings
) -> None:
    group = await accounts.group()
    hook = await register(group, "http://127.0.0.1:9/hooks")
    await make_contact(group, "Sam Okafor")
    off = await group.owner.patch(
        f"{group.url}/webhooks/{hook['id']}", json={"enabled": False, "version": 1}
    )
    assert off.status_code == 200, off.text
    assert off.json()["enabled"] is False
    assert off.json()["disabled_reason"] is None  # disabled by a person, not the server
    await make_contact(group, "Jo Bloggs")
    [delivery] = await deliveries(group, hook["id"])
    assert delivery["status"] == "cancelled"
    assert (await worker(accounts.app, local_hooks).deliver_due(utcnow())).attempted == 0


async def test_deleting_an_endpoint_removes_its_log(
    accounts: Accounts, local_hooks: Settings
) -> None:
    group = await accounts.group()
    hook = await register(group, "http://127.0.0.1:9/hooks")
    await make_contact(group, "Sam Okafor")
    assert len(await deliveries(group, hook["id"])) == 1
    assert (await group.owner.delete(f"{group.url}/webhooks/{hook['id']}")).status_code == 204
    async with accounts.app.state.sessionmaker() as session:
        left = await session.execute(
            select(col(WebhookDelivery.id)).where(
                col(WebhookDelivery.endpoint_id) == uuid.UUID(hook["id"])
            )
        )
        assert left.all() == []


async def test_transport_never_follows_redirects(accounts: Accounts, local_hooks: Settings) -> None:
    group = await accounts.group()
    async with WebhookReceiver([302]) as receiver:
        hook = await register(group, receiver.url)
        await make_contact(group, "Sam Okafor")
        assert (await worker(accounts.app, local_hooks).deliver_due(utcnow())).retrying == 1
    assert len(receiver.requests) == 1
    [delivery] = await deliveries(group, hook["id"])
    assert delivery["last_status_code"] == 302
    assert "redirects are not followed" in delivery["last_note"]


async def test_environment_proxies_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy would connect wherever it is told, past the address checks."""
    from api.webhooks.sender import http_client

    monkeypatch.setenv("HTTPS_PROXY", "http://10.0.0.1:3128")
    async with http_client(Settings(), StaticResolver()) as client:
        assert client.trust_env is False


async def test_the_worker_runs_with_the_app_and_on_its_own(
    accounts: Accounts, local_hooks: Settings
) -> None:
    """Started by the app's lifespan (and as `shopfloor webhook-worker`), it delivers without
    anyone calling it."""
    from api.main import create_app
    from api.webhooks.worker import run_standalone

    running = local_hooks.model_copy(
        update={"webhook_worker_enabled": True, "webhook_poll_seconds": 0.05}
    )
    app = create_app(running)
    group = await accounts.group()
    async with WebhookReceiver([200]) as receiver, app.router.lifespan_context(app):
        hook = await register(group, receiver.url, ["workplace.created"])
        await make_workplace(group, "First Depot")
        await asyncio.wait_for(receiver.received.wait(), timeout=10)
    assert verify(hook["secret"], receiver.requests[0])["type"] == "workplace.created"

    stop = asyncio.Event()
    async with WebhookReceiver([200]) as receiver:
        hook = await register(group, receiver.url, ["workplace.created"])
        await make_workplace(group, "Second Depot")
        standalone = asyncio.create_task(run_standalone(running, stop))
        await asyncio.wait_for(receiver.received.wait(), timeout=10)
        stop.set()
        await asyncio.wait_for(standalone, timeout=10)
    assert verify(hook["secret"], receiver.requests[0])["type"] == "workplace.created"


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"), reason="several workers need Postgres (SKIP LOCKED)"
)
async def test_several_workers_deliver_each_event_once(
    accounts: Accounts, local_hooks: Settings
) -> None:
    group = await accounts.group()
    async with WebhookReceiver([200]) as receiver:
        for name in ("a", "b"):
            await register(group, receiver.url.replace("/hooks", f"/{name}"), ["contact.created"])
        for n in range(30):
            await make_contact(group, f"Contact {n}")
        workers = [worker(accounts.app, local_hooks) for _ in range(3)]
        rounds = await asyncio.gather(*(w.deliver_due(utcnow()) for w in workers))
        rounds += await asyncio.gather(*(w.deliver_due(utcnow()) for w in workers))
    assert sum(done.succeeded for done in rounds) == 60
    ids = [request.headers["webhook-id"] for request in receiver.requests]
    assert len(ids) == 60
    assert len(set(ids)) == 60, "an event was delivered twice"
