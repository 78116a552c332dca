"""The change feed: commit order, current records, deletions, type filters, cursors, compaction,
concurrent writers and a sync client that mirrors a group exactly."""

from __future__ import annotations

import asyncio
import os
import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import update
from sqlmodel import col
from typer.testing import CliRunner

from api.cli import app as cli
from api.core.changelog import Change
from api.core.config import Settings
from api.core.db import utcnow
from api.core.pagination import encode_cursor
from api.core.records import Actor, RecordWriter
from api.webhooks.worker import compact_once
from api.workplaces.models import Workplace
from tests.conftest import is_postgres
from tests.factories import (
    Account,
    Accounts,
    Group,
    create_ok,
    get_ok,
    list_all,
    log_conversation,
    make_contact,
    make_department,
    make_shift,
    make_workplace,
)

Mirror = dict[str, dict[str, dict[str, Any]]]


async def pull(
    account: Account, group: Group, cursor: str | None = None, **params: Any
) -> tuple[list[dict[str, Any]], str]:
    """Pull until caught up, the way the docs tell a client to; the items and the cursor to
    store."""
    items: list[dict[str, Any]] = []
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        page = await get_ok(account, f"{group.url}/changes", **query)
        items.extend(page["items"])
        cursor = page["cursor"]
        if page["next_cursor"] is None:
            assert page["cursor"] == cursor
            return items, page["cursor"]
        assert page["next_cursor"] == page["cursor"]


def apply(mirror: Mirror, items: list[dict[str, Any]]) -> None:
    for item in items:
        records = mirror.setdefault(item["type"], {})
        if item["operation"] == "delete":
            records.pop(item["id"], None)
        elif item["record"] is not None:
            records[item["id"]] = item["record"]
        if not records:
            del mirror[item["type"]]


async def test_changes_in_commit_order_with_current_records(accounts: Accounts) -> None:
    group = await accounts.group()
    owner = group.owner
    workplace = await make_workplace(group, "Riverside Depot")
    contact = await make_contact(group, "Sam Okafor", workplace_id=workplace["id"])
    edited = await owner.patch(
        f"{group.url}/contacts/{contact['id']}", json={"job_title": "Driver", "version": 1}
    )
    assert edited.status_code == 200, edited.text
    gone = await make_contact(group, "Jo Bloggs", phone="07700 900123")
    assert (await owner.delete(f"{group.url}/contacts/{gone['id']}")).status_code == 204

    items, _ = await pull(owner, group)
    seqs = [item["seq"] for item in items]
    assert seqs == sorted(seqs)
    assert len(set(seqs)) == len(seqs)
    assert [(i["type"], i["operation"]) for i in items] == [
        ("workplace", "create"),
        ("contact", "create"),
        ("contact", "update"),
        ("contact", "create"),
        ("contact", "delete"),
    ]
    # Upserts carry the record as it is now, shaped like its list endpoint's items.
    listed = {c["id"]: c for c in await list_all(owner, f"{group.url}/contacts")}
    created, updated = items[1], items[2]
    assert created["record"] == updated["record"] == listed[contact["id"]]
    assert created["record"]["job_title"] == "Driver"
    assert updated["changed_fields"] == ["job_title"]
    assert updated["actor"] == owner.user_id
    assert items[0]["record"] == (await list_all(owner, f"{group.url}/workplaces"))[0]
    # A record deleted since: its earlier create has no record; the delete carries nothing
    # personal, only the type, id and time.
    assert items[3]["id"] == gone["id"]
    assert items[3]["record"] is None
    delete = items[4]
    assert delete["id"] == gone["id"]
    assert delete["record"] is None
    assert delete["changed_fields"] == []
    assert delete["actor"] is None
    assert "07700" not in str(items)
    assert "Jo Bloggs" not in str(items)


async def test_pages_cursor_and_head(accounts: Accounts) -> None:
    group = await accounts.group()
    owner = group.owner
    for n in range(5):
        await make_workplace(group, f"Depot {n}")
    first = await get_ok(owner, f"{group.url}/changes", limit=2)
    assert len(first["items"]) == 2
    assert first["next_cursor"] == first["cursor"]
    rest, cursor = await pull(owner, group, first["next_cursor"], limit=2)
    assert [i["record"]["name"] for i in first["items"] + rest] == [f"Depot {n}" for n in range(5)]
    again = await get_ok(owner, f"{group.url}/changes", cursor=cursor)
    assert again == {"items": [], "next_cursor": None, "cursor": cursor}
    head = await get_ok(owner, f"{group.url}/changes/head")
    assert head == {"cursor": cursor}

    await make_workplace(group, "Depot 5")
    new, _ = await pull(owner, group, head["cursor"])
    assert [i["record"]["name"] for i in new] == ["Depot 5"]

    other = await accounts.group(owner, name="Other Group")
    _, foreign = await pull(owner, other)
    future = encode_cursor([10**9, uuid.UUID(group.id).hex])
    for bad in ("not-a-cursor", future, encode_cursor(["x", "y"]), foreign):
        response = await owner.get(f"{group.url}/changes", params={"cursor": bad})
        assert response.status_code == 422, response.text
        assert response.json()["error"] == "invalid_cursor"


async def test_types_filter_and_internal_types(accounts: Accounts) -> None:
    group = await accounts.group()
    owner = group.owner
    workplace = await make_workplace(group)
    await make_contact(group, "Sam Okafor")
    await accounts.member(group, "member")  # an invite and a membership: internal
    await make_shift(group, workplace["id"])

    everything, _ = await pull(owner, group)
    assert [i["type"] for i in everything] == ["workplace", "contact", "shift"]
    only, _ = await pull(owner, group, types="contact")
    assert [i["type"] for i in only] == ["contact"]
    both, _ = await pull(owner, group, types="shift,workplace")
    assert [i["type"] for i in both] == ["workplace", "shift"]
    repeated = await owner.get(f"{group.url}/changes?types=shift&types=contact")
    assert [i["type"] for i in repeated.json()["items"]] == ["contact", "shift"]

    for bad in ("bogus", "contact,invites", "memberships"):
        response = await owner.get(f"{group.url}/changes", params={"types": bad})
        assert response.status_code == 422, response.text
        body = response.json()
        assert body["fields"][0]["field"] == "types"
        assert bad.split(",")[-1] in body["detail"]


async def test_api_token_sees_only_the_types_its_scopes_read(accounts: Accounts) -> None:
    group = await accounts.group()
    await make_workplace(group)
    await make_contact(group, "Sam Okafor")
    created = await group.owner.post(
        f"{group.url}/tokens",
        json={"name": "Workplace sync", "scopes": ["changes:read", "workplaces:read"]},
    )
    assert created.status_code == 201, created.text
    headers = {"Authorization": f"Bearer {created.json()['secret']}"}
    http = group.owner.http
    page = (await http.get(f"{group.url}/changes", headers=headers)).json()
    assert [i["type"] for i in page["items"]] == ["workplace"]
    refused = await http.get(f"{group.url}/changes?types=contact", headers=headers)
    assert refused.status_code == 403
    assert refused.json()["error"] == "insufficient_scope"
    assert (await http.get(f"{group.url}/changes/head", headers=headers)).status_code == 200


async def _age_changes(app: FastAPI, group: Group, days: int) -> None:
    async with app.state.sessionmaker() as session, session.begin():
        await session.execute(
            update(Change)
            .where(col(Change.group_id) == uuid.UUID(group.id))
            .values(at=utcnow() - timedelta(days=days))
        )


async def test_compaction_expires_old_cursors(accounts: Accounts, settings: Settings) -> None:
    group = await accounts.group()
    owner = group.owner
    old = await make_workplace(group, "Old Depot")
    before_old = await get_ok(owner, f"{group.url}/changes/head")
    await make_workplace(group, "Also Old")
    await _age_changes(accounts.app, group, days=settings.change_retention_days + 1)
    _, mid = await pull(owner, group)
    assert (await owner.delete(f"{group.url}/workplaces/{old['id']}")).status_code == 204
    await make_workplace(group, "New Depot")

    compacted, _ = await compact_once(settings)
    assert compacted.changes_deleted >= 2

    for expired in (None, before_old["cursor"]):
        response = await owner.get(
            f"{group.url}/changes", params={"cursor": expired} if expired else {}
        )
        assert response.status_code == 410, response.text
        body = response.json()
        assert body["error"] == "cursor_expired"
        assert "resync from the list endpoints" in body["detail"]
        assert "/changes/head" in body["detail"]
    # A cursor from after the compacted part still works, deletes included.
    items, _ = await pull(owner, group, mid)
    assert [(i["type"], i["operation"]) for i in items] == [
        ("workplace", "delete"),
        ("workplace", "create"),
    ]


async def test_compaction_keeps_the_newest_change_of_an_idle_group(
    accounts: Accounts, settings: Settings
) -> None:
    group = await accounts.group()
    await make_workplace(group, "Only Depot")
    _, cursor = await pull(group.owner, group)
    await _age_changes(accounts.app, group, days=settings.change_retention_days + 30)
    await compact_once(settings)
    # Everything is old, but the newest change stays as the low-water mark: a client that
    # was up to date is still up to date, and a fresh start is told to resync.
    assert (await get_ok(group.owner, f"{group.url}/changes", cursor=cursor))["items"] == []
    response = await group.owner.get(f"{group.url}/changes")
    assert response.status_code == 410
    assert response.json()["error"] == "cursor_expired"


def test_compact_changes_command(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from api.core.config import get_settings

    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CHANGE_RETENTION_DAYS", "30")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["compact-changes"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "Removed 0 changes and 0 tombstones older than 30 days" in result.output


async def test_an_open_transaction_is_not_skipped(accounts: Accounts) -> None:
    """A write that has taken its place in the log but not committed is not reported, and the
    cursor does not move past it; the next pull picks it up."""
    group = await accounts.group()
    owner = group.owner
    _, start = await pull(owner, group)
    async with accounts.app.state.sessionmaker() as session:
        writer = RecordWriter(session, uuid.UUID(group.id), Actor(user_id=uuid.UUID(owner.user_id)))
        pending = await writer.create(Workplace(name="Slow Depot"))
        await session.flush()
        during, cursor = await pull(owner, group, start)
        assert during == []
        assert cursor == start, "the cursor moved past an open transaction"
        await session.commit()
    after, _ = await pull(owner, group, cursor)
    assert [(i["id"], i["record"]["name"]) for i in after] == [(str(pending.id), "Slow Depot")]


@pytest.mark.skipif(
    not is_postgres(os.environ.get("TEST_DATABASE_URL", "")),
    reason="SQLite lets one transaction write at a time",
)
async def test_a_slow_writer_holds_up_no_other_writer(accounts: Accounts) -> None:
    """A write still open does not hold its group's change numbers: another organiser's save
    goes through meanwhile, and each change is numbered as it commits."""
    group = await accounts.group()
    owner = group.owner
    _, start = await pull(owner, group)
    async with accounts.app.state.sessionmaker() as session:
        writer = RecordWriter(session, uuid.UUID(group.id), Actor(user_id=uuid.UUID(owner.user_id)))
        slow = await writer.create(Workplace(name="Slow Depot"))
        await session.flush()
        quick = await asyncio.wait_for(make_workplace(group, "Quick Depot"), timeout=10)
        await session.commit()
    items, _ = await pull(owner, group, start)
    assert [(item["id"], item["record"]["name"]) for item in items] == [
        (quick["id"], "Quick Depot"),
        (str(slow.id), "Slow Depot"),
    ]
    assert items[0]["seq"] < items[1]["seq"]


async def test_concurrent_writers_lose_no_change(accounts: Accounts) -> None:
    group = await accounts.group()
    writers = [await accounts.member(group, "member", name=f"Writer {n}") for n in range(4)]
    per_writer = 6 if os.environ.get("TEST_DATABASE_URL") else 4
    made: dict[str, int] = {}
    seen: list[dict[str, Any]] = []
    done = asyncio.Event()
    _, cursor = await pull(group.owner, group)

    async def write(account: Account, n: int) -> None:
        for k in range(per_writer):
            contact = await make_contact(group, f"Contact {n}-{k}", by=account)
            response = await account.patch(
                f"{group.url}/contacts/{contact['id']}", json={"job_title": "Cleaner", "version": 1}
            )
            assert response.status_code == 200, response.text
            made[contact["id"]] = 2

    async def read() -> None:
        nonlocal cursor
        while True:
            finished = done.is_set()
            items, cursor = await pull(group.owner, group, cursor)
            seen.extend(items)
            if finished:
                return
            await asyncio.sleep(0)

    reader = asyncio.create_task(read())
    await asyncio.gather(*(write(account, n) for n, account in enumerate(writers)))
    done.set()
    await reader

    seqs = [item["seq"] for item in seen]
    assert seqs == sorted(seqs), "reported out of order"
    assert len(set(seqs)) == len(seqs), "reported twice"
    counts: dict[str, int] = {}
    for item in seen:
        assert item["type"] == "contact"
        counts[item["id"]] = counts.get(item["id"], 0) + 1
    assert counts == made, "a change was skipped"
    assert len(made) == len(writers) * per_writer


async def _live_records(owner: Account, group: Group) -> Mirror:
    """The group's records, every type the feed carries, read from the list endpoints."""
    url = group.url

    async def listed(path: str) -> list[dict[str, Any]]:
        return await list_all(owner, f"{url}{path}", limit=200)

    live: Mirror = {}

    def put(kind: str, items: list[dict[str, Any]]) -> None:
        live.setdefault(kind, {}).update({item["id"]: item for item in items})

    put("workplace", await listed("/workplaces"))
    for workplace_id in list(live["workplace"]):
        put("department", await listed(f"/workplaces/{workplace_id}/departments"))
        put("shift", await listed(f"/workplaces/{workplace_id}/shifts"))
    put("contact", await listed("/contacts"))
    for contact_id in list(live["contact"]):
        put("assessment", await listed(f"/contacts/{contact_id}/assessments"))
    put("conversation", await listed("/conversations"))
    put("follow_up", await listed("/follow-ups"))
    put("dispute", await listed("/disputes"))
    for dispute_id in list(live["dispute"]):
        put("demand", await listed(f"/disputes/{dispute_id}/demands"))
        put("dispute_event", await listed(f"/disputes/{dispute_id}/events"))
        put("dispute_contact", await listed(f"/disputes/{dispute_id}/contacts"))
        put("ballot", await listed(f"/disputes/{dispute_id}/ballots"))
    put("solidarity_action", await listed("/actions"))
    return {kind: records for kind, records in live.items() if records}


async def test_sync_client_mirrors_exactly_the_live_records(accounts: Accounts) -> None:
    group = await accounts.group()
    owner = group.owner
    url = group.url
    depot = await make_workplace(group, "Riverside Depot")
    garage = await make_department(group, depot["id"], "Garage")
    nights = await make_shift(group, depot["id"], "Nights")
    spare = await make_workplace(group, "Spare Depot")
    sam = await make_contact(
        group,
        "Sam Okafor",
        workplace_id=depot["id"],
        department_id=garage["id"],
        shift_id=nights["id"],
    )
    jo = await make_contact(group, "Jo Bloggs", workplace_id=depot["id"])
    ali = await make_contact(group, "Ali Khan")
    await create_ok(owner, f"{url}/contacts/{sam['id']}/assessments", {"level": 2})
    talk = await log_conversation(
        group, jo["id"], notes="Pay cut", assessment={"level": 3}, follow_up={"title": "Call"}
    )
    await create_ok(owner, f"{url}/follow-ups", {"title": "Visit", "contact_id": ali["id"]})
    dispute = await create_ok(
        owner, f"{url}/disputes", {"title": "Night pay", "workplace_ids": [depot["id"]]}
    )
    dispute_url = f"{url}/disputes/{dispute['id']}"
    demand = await create_ok(owner, f"{dispute_url}/demands", {"text": "Restore the premium"})
    event = await create_ok(
        owner,
        f"{dispute_url}/events",
        {"kind": "meeting", "occurs_on": "2026-03-01", "title": "Mass meeting"},
    )
    await create_ok(owner, f"{dispute_url}/contacts", {"contact_id": ali["id"], "part": "rep"})
    ballot = await create_ok(
        owner, f"{dispute_url}/ballots", {"opens_on": "2026-03-02", "closes_on": "2026-03-16"}
    )
    await create_ok(
        owner,
        f"{url}/actions",
        {
            "kind": "picket_visit",
            "title": "Picket",
            "occurs_at": "2026-03-10T07:00:00Z",
            "dispute_id": dispute["id"],
            "participant_ids": [jo["id"]],
        },
    )
    patched = await owner.patch(f"{url}/contacts/{jo['id']}", json={"phone": "07700 900123"})
    assert patched.status_code == 428  # the version is required
    jo_now = await get_ok(owner, f"{url}/contacts/{jo['id']}")
    patched = await owner.patch(
        f"{url}/contacts/{jo['id']}", json={"phone": "07700 900123", "version": jo_now["version"]}
    )
    assert patched.status_code == 200, patched.text
    assert (await owner.delete(f"{url}/workplaces/{spare['id']}")).status_code == 204

    mirror: Mirror = {}
    items, cursor = await pull(owner, group, limit=7)
    apply(mirror, items)
    assert mirror == await _live_records(owner, group)

    # More changes, deletions with cascades among them, then the next scheduled pull.
    await make_contact(group, "Kim Lee", workplace_id=depot["id"])
    assert (await owner.delete(f"{url}/contacts/{sam['id']}")).status_code == 204
    assert (await owner.delete(f"{url}/contacts/{ali['id']}")).status_code == 204
    assert (await owner.delete(f"{url}/conversations/{talk['id']}")).status_code == 204
    assert (await owner.delete(f"{dispute_url}/events/{event['id']}")).status_code == 204
    assert (await owner.delete(f"{url}/departments/{garage['id']}")).status_code == 204
    changed = await owner.patch(
        f"{dispute_url}/demands/{demand['id']}", json={"status": "won", "version": 1}
    )
    assert changed.status_code == 200, changed.text
    changed = await owner.patch(
        f"{url}/ballots/{ballot['id']}",
        json={"entitled_to_vote": 100, "votes_cast": 60, "yes_votes": 50, "version": 1},
    )
    assert changed.status_code == 200, changed.text

    items, cursor = await pull(owner, group, cursor, limit=7)
    deleted = {(i["type"], i["id"]) for i in items if i["operation"] == "delete"}
    assert ("contact", sam["id"]) in deleted
    assert ("conversation", talk["id"]) in deleted
    assert any(kind == "assessment" for kind, _ in deleted), "cascaded rows are reported"
    apply(mirror, items)
    assert mirror == await _live_records(owner, group)
    assert sam["id"] not in mirror["contact"]
    assert (await pull(owner, group, cursor))[0] == []


async def test_losing_a_link_changes_the_record_that_shows_it(accounts: Accounts) -> None:
    """A workplace deleted from under a dispute, or a contact from an action, moves the
    dispute's and the action's version on and reaches the feed, so mirrors stay true."""
    group = await accounts.group()
    owner = group.owner
    kept = await make_workplace(group, "North Depot")
    doomed = await make_workplace(group, "South Depot")
    dispute = await create_ok(
        owner,
        f"{group.url}/disputes",
        {"title": "Depot pay", "workplace_ids": [kept["id"], doomed["id"]]},
    )
    contact = await make_contact(group, "Sam Okafor")
    action = await create_ok(
        owner,
        f"{group.url}/actions",
        {
            "kind": "picket_visit",
            "title": "Picket visit",
            "occurs_at": "2026-11-20T07:00:00Z",
            "participant_ids": [contact["id"]],
        },
    )
    _, cursor = await pull(owner, group)

    gone = await owner.delete(f"{group.url}/workplaces/{doomed['id']}")
    assert gone.status_code == 204, gone.text
    gone = await owner.delete(f"{group.url}/contacts/{contact['id']}")
    assert gone.status_code == 204, gone.text

    items, _ = await pull(owner, group, cursor)
    updates = {
        (item["type"], item["id"]): item
        for item in items
        if item["operation"] == "update" and item["type"] in {"dispute", "solidarity_action"}
    }
    dispute_change = updates[("dispute", dispute["id"])]
    assert dispute_change["changed_fields"] == ["workplace_ids"]
    assert dispute_change["record"]["workplace_ids"] == [kept["id"]]
    assert dispute_change["record"]["version"] == dispute["version"] + 1
    action_change = updates[("solidarity_action", action["id"])]
    assert action_change["changed_fields"] == ["participant_ids"]
