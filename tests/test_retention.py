"""Retention rules: off by default, previewed exactly, run by owners, the daily maintenance and
the command line."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

from api.core.config import Settings
from api.core.db import utcnow
from api.webhooks.worker import WebhookWorker
from tests.factories import (
    Accounts,
    Group,
    get_ok,
    list_all,
    log_conversation,
    make_contact,
    tombstones,
)

LONG_AGO = (utcnow() - timedelta(days=3 * 365)).isoformat()
LAST_MONTH = (utcnow() - timedelta(days=30)).isoformat()


def rules_body(notes: tuple[bool, int], contacts: tuple[bool, int]) -> dict[str, Any]:
    return {
        "conversation_notes": {"enabled": notes[0], "months": notes[1]},
        "inactive_contacts": {"enabled": contacts[0], "months": contacts[1]},
    }


async def set_rules(group: Group, notes: tuple[bool, int], contacts: tuple[bool, int]) -> Any:
    answer = await group.owner.request(
        "PUT", f"{group.url}/retention", json=rules_body(notes, contacts)
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


async def previewed(group: Group, kind: str, **params: Any) -> tuple[int, list[dict[str, Any]]]:
    """The preview's total and every record it lists, one record a page."""
    url = f"{group.url}/retention/preview"
    first = await get_ok(group.owner, url, kind=kind, limit=1, **params)
    return first["total"], await list_all(group.owner, url, kind=kind, limit=1, **params)


async def old_and_new_talks(group: Group) -> dict[str, Any]:
    sam = await make_contact(group, "Sam Okafor", membership_status="non_member")
    ana = await make_contact(group, "Ana Silva", membership_status="member")
    tom = await make_contact(group, "Tom Byrne", membership_status="lapsed")
    eve = await make_contact(group, "Eve Adams", membership_status="unknown")
    old_sam = await log_conversation(
        group, sam["id"], occurred_at=LONG_AGO, notes="Old worry", outcome="Will think"
    )
    old_ana = await log_conversation(group, ana["id"], occurred_at=LONG_AGO, notes="Signed up")
    old_tom = await log_conversation(group, tom["id"], occurred_at=LONG_AGO, next_step="Call")
    recent_tom = await log_conversation(group, tom["id"], occurred_at=LAST_MONTH, notes="Keen")
    bare = await log_conversation(group, eve["id"], occurred_at=LONG_AGO)
    return {
        "sam": sam,
        "ana": ana,
        "tom": tom,
        "eve": eve,
        "old": [old_sam, old_ana, old_tom],
        "recent": recent_tom,
        "bare": bare,
    }


async def test_rules_are_off_until_an_owner_turns_them_on(accounts: Accounts) -> None:
    group = await accounts.group()
    rules = (await get_ok(group.owner, f"{group.url}/retention"))["rules"]
    assert [(r["kind"], r["enabled"], r["last_run_at"]) for r in rules] == [
        ("conversation_notes", False, None),
        ("inactive_contacts", False, None),
    ]
    await old_and_new_talks(group)
    ran = await group.owner.post(f"{group.url}/retention/run")
    assert ran.status_code == 200
    assert ran.json()["outcomes"] == []
    talks = await list_all(group.owner, f"{group.url}/conversations")
    assert "Old worry" in {t["notes"] for t in talks}

    bad = await group.owner.request(
        "PUT", f"{group.url}/retention", json=rules_body((True, 0), (False, 12))
    )
    assert bad.status_code == 422
    assert bad.json()["fields"][0]["loc"] == ["body", "conversation_notes", "months"]
    organiser = await accounts.member(group, "organiser")
    assert (await organiser.get(f"{group.url}/retention")).status_code == 403


async def test_clearing_old_notes_removes_exactly_what_the_preview_showed(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    scene = await old_and_new_talks(group)
    total, listed = await previewed(group, "conversation_notes", months=12)
    assert total == 3
    assert sorted(item["id"] for item in listed) == sorted(t["id"] for t in scene["old"])
    assert {item["contact_name"] for item in listed} == {"Sam Okafor", "Ana Silva", "Tom Byrne"}

    saved = await set_rules(group, (True, 12), (False, 36))
    assert saved["rules"][0]["enabled"] is True
    ran = (await group.owner.post(f"{group.url}/retention/run")).json()
    assert ran["outcomes"] == [
        {"kind": "conversation_notes", "months": 12, "removed": {"conversation_notes": total}}
    ]

    talks = {t["id"]: t for t in await list_all(group.owner, f"{group.url}/conversations")}
    assert len(talks) == 5, "conversations stay; only what was said goes"
    for item in listed:
        talk = talks[item["id"]]
        assert (talk["notes"], talk["outcome"], talk["next_step"]) == (None, None, None)
    assert talks[scene["recent"]["id"]]["notes"] == "Keen"
    assert (await previewed(group, "conversation_notes"))[0] == 0

    feed = await list_all(group.owner, f"{group.url}/changes")
    cleared = [c for c in feed if c["type"] == "conversation" and c["operation"] == "update"]
    assert sorted(c["id"] for c in cleared) == sorted(item["id"] for item in listed)
    assert {tuple(c["changed_fields"]) for c in cleared} <= {
        ("notes", "outcome"),
        ("notes",),
        ("next_step",),
    }

    [rule, _] = (await get_ok(group.owner, f"{group.url}/retention"))["rules"]
    assert rule["last_run_at"] is not None
    assert rule["last_removed"] == {"conversation_notes": 3}
    [event, *_] = await list_all(group.owner, f"{group.url}/audit")
    assert (event["action"], event["record_type"], event["filters"]) == (
        "retention",
        "conversation_notes",
        {"months": 12, "removed": {"conversation_notes": 3}},
    )


async def test_inactive_non_members_are_erased_as_previewed(accounts: Accounts) -> None:
    group = await accounts.group()
    scene = await old_and_new_talks(group)
    total, listed = await previewed(group, "inactive_contacts", months=24)
    # Ana is a member; Tom was talked to last month.
    assert (total, sorted(i["contact_name"] for i in listed)) == (2, ["Eve Adams", "Sam Okafor"])
    await set_rules(group, (False, 12), (True, 24))
    [outcome] = (await group.owner.post(f"{group.url}/retention/run")).json()["outcomes"]
    assert outcome["removed"] == {"contact": 2, "conversation": 2}
    left = {c["full_name"] for c in await list_all(group.owner, f"{group.url}/contacts")}
    assert left == {"Ana Silva", "Tom Byrne"}
    gone = await tombstones(accounts, group)
    assert {scene["sam"]["id"], scene["eve"]["id"]} <= gone["contact"]
    assert scene["bare"]["id"] in gone["conversation"]


async def test_the_daily_maintenance_runs_enabled_rules_only(
    accounts: Accounts, app: FastAPI, settings: Settings
) -> None:
    keeping = await accounts.group()
    idle = await accounts.group(name="Northside Depot")
    await old_and_new_talks(keeping)
    await old_and_new_talks(idle)
    await set_rules(keeping, (True, 12), (False, 36))
    await set_rules(idle, (False, 12), (False, 36))
    worker = WebhookWorker(app.state.sessionmaker, settings, app.state.mailer)
    await worker.maintain()
    [rule, _] = (await get_ok(keeping.owner, f"{keeping.url}/retention"))["rules"]
    assert rule["last_removed"] == {"conversation_notes": 3}
    assert (await previewed(keeping, "conversation_notes"))[0] == 0
    feed = await list_all(keeping.owner, f"{keeping.url}/changes")
    cleared = [c for c in feed if c["type"] == "conversation" and c["operation"] == "update"]
    assert len(cleared) == 3
    assert {c["actor"] for c in cleared} == {keeping.owner.user_id}, "run as who set the rule"
    assert (await previewed(idle, "conversation_notes", months=12))[0] == 3
    idle_rules = (await get_ok(idle.owner, f"{idle.url}/retention"))["rules"]
    assert [r["last_run_at"] for r in idle_rules] == [None, None]


async def test_command_line_previews_then_runs(
    accounts: Accounts, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.cli import app as cli
    from api.core.config import get_settings

    group = await accounts.group()
    other = await accounts.group(name="Northside Depot")
    scene = await old_and_new_talks(group)
    await old_and_new_talks(other)
    await set_rules(group, (False, 12), (True, 24))
    await set_rules(other, (True, 12), (False, 36))
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    try:
        dry = await asyncio.to_thread(
            CliRunner().invoke, cli, ["retention", "--group", group.id, "--dry-run"]
        )
        assert dry.exit_code == 0, dry.output
        assert "inactive_contacts (older than 24 months): 2 would go" in dry.output
        assert f"contact {scene['sam']['id']} Sam Okafor" in dry.output
        assert "Northside" not in dry.output
        assert len(await list_all(group.owner, f"{group.url}/contacts")) == 4

        done = await asyncio.to_thread(CliRunner().invoke, cli, ["retention", "--group", group.id])
        assert done.exit_code == 0, done.output
        assert "removed contact 2, conversation 2" in done.output
    finally:
        get_settings.cache_clear()
    assert len(await list_all(group.owner, f"{group.url}/contacts")) == 2
    assert len(await list_all(other.owner, f"{other.url}/contacts")) == 4
    assert (await previewed(other, "conversation_notes"))[0] == 3, "the other group waits"
