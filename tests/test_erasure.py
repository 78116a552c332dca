"""Erasure: one person removed with every copy of them, and a report of what went."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import LargeBinary, select

from api.core.config import Settings
from api.core.db import metadata
from tests.factories import (
    Accounts,
    Group,
    get_ok,
    list_all,
    log_conversation,
    make_contact,
    map_import,
    new_action,
    new_dispute,
    run_import,
    tombstones,
    upload_csv,
)

NAME, EMAIL, PHONE = "Sam Okafor", "sam.okafor@example.org", "07700 900123"
IMPORTED = (
    f"Full name,Email,Phone,Tags\n{NAME},{EMAIL},{PHONE},nights\nAna Silva,ana@example.org,,days\n"
).encode()
NOT_YET_RUN = f"Full name,Email\nTom Byrne,tom@example.org\nS. Okafor,{EMAIL.upper()}\n".encode()


@pytest.fixture
def local_hooks(app: FastAPI, settings: Settings) -> Iterator[Settings]:
    """Webhook receivers on http://127.0.0.1 allowed, for one test."""
    local = settings.model_copy(update={"webhooks_allow_localhost": True})
    app.state.settings = local
    yield local
    app.state.settings = settings


async def erase(group: Group, contact_id: str, name: str = NAME) -> Any:
    return await group.owner.post(
        f"{group.url}/contacts/{contact_id}/erase", json={"confirm_name": name}
    )


async def sam_everywhere(group: Group) -> dict[str, Any]:
    """Sam in every place a person can be: created with an Idempotency-Key, imported again by
    email, assessed, talked to, followed up, linked to a dispute, at a solidarity action,
    named in a file waiting to be imported, and announced to a webhook."""
    hook = await group.owner.post(
        f"{group.url}/webhooks", json={"url": "http://127.0.0.1:9/hooks", "event_types": ["*"]}
    )
    assert hook.status_code == 201, hook.text
    created = await group.owner.post(
        f"{group.url}/contacts",
        json={"full_name": NAME, "email": EMAIL, "phone": PHONE},
        headers={"Idempotency-Key": "add-sam"},
    )
    assert created.status_code == 201, created.text
    sam = created.json()
    talk = await log_conversation(
        group,
        sam["id"],
        notes="Worried about the new rota",
        assessment={"level": 2, "reason": "Agreed to sign up"},
        follow_up={"title": "Ring Sam back", "due_on": "2026-12-01"},
    )
    dispute = await new_dispute(group)
    linked = await group.owner.post(
        f"{group.url}/disputes/{dispute['id']}/contacts",
        json={"contact_id": sam["id"], "part": "rep"},
    )
    assert linked.status_code == 201, linked.text
    ana = await make_contact(group, "Ana Silva", email="ana@example.org")
    action_body = {
        "kind": "picket_visit",
        "title": "Picket visit",
        "occurs_at": "2026-03-10T07:00:00Z",
        "participant_ids": [sam["id"], ana["id"]],
        "head_count": 2,
    }
    action = await group.owner.post(
        f"{group.url}/actions", json=action_body, headers={"Idempotency-Key": "picket"}
    )
    assert action.status_code == 201, action.text
    done = await upload_csv(group, IMPORTED)
    await map_import(group, done["id"])
    finished = await run_import(group, done["id"])
    assert finished["counts"]["updated"] == 2, finished
    waiting = await upload_csv(group, NOT_YET_RUN, filename="next-week.csv")
    return {
        "sam": sam,
        "ana": ana,
        "hook": hook.json(),
        "conversation": talk,
        "dispute": dispute,
        "action": action.json(),
        "action_body": action_body,
        "done_import": done,
        "waiting_import": waiting,
    }


async def stored_text_mentioning(app: FastAPI, *needles: str) -> list[str]:
    """Every table and column of the whole database whose stored value holds one of
    `needles` (text, JSON and files alike), as `table.column`."""
    found = []
    async with app.state.sessionmaker() as session:
        for table in metadata.sorted_tables:
            for row in (await session.execute(select(table))).mappings():
                for column in table.columns:
                    value = row[column.key]
                    if value is None:
                        continue
                    if isinstance(column.type, LargeBinary):
                        text = bytes(value).decode("utf-8", errors="replace")
                    else:
                        text = json.dumps(value, default=str)
                    if any(needle.casefold() in text.casefold() for needle in needles):
                        found.append(f"{table.name}.{column.key}")
    return sorted(set(found))


async def test_erasure_leaves_no_copy_anywhere(accounts: Accounts, local_hooks: Settings) -> None:
    group = await accounts.group()
    scene = await sam_everywhere(group)
    sam_id = scene["sam"]["id"]
    before = await stored_text_mentioning(accounts.app, NAME, EMAIL, "Worried about the new rota")
    assert "import_files.data" in before
    assert "idempotency_keys.response" in before

    answer = await erase(group, sam_id)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["contact_id"] == sam_id
    assert report["removed"] == {
        "contact": 1,
        "assessment": 1,
        "conversation": 1,
        "follow_up": 1,
        "dispute_contact": 1,
        "solidarity_participant": 1,
        # the contact's and the action's stored answers (both name Sam), and the ones that
        # hold the conversation, assessment, follow-up and dispute link
        "idempotent_answers": 2,
        # the finished import's report and the waiting upload that holds Sam's email
        "import_files": 2,
        "webhook_deliveries": report["removed"]["webhook_deliveries"],
    }
    assert report["removed"]["webhook_deliveries"] >= 6
    assert report["total"] == sum(report["removed"].values())

    # Nothing in the database holds Sam's name, email or notes any more.
    assert (
        await stored_text_mentioning(
            accounts.app, NAME, EMAIL, PHONE, "Worried about the new rota", "Ring Sam back"
        )
        == []
    )

    # Every read route answers as if Sam had never been.
    contact_url = f"{group.url}/contacts/{sam_id}"
    for url in (
        contact_url,
        f"{contact_url}/history",
        f"{contact_url}/subject-access",
        f"{contact_url}/assessments",
        f"{contact_url}/conversations",
        f"{group.url}/conversations/{scene['conversation']['id']}",
    ):
        assert (await group.owner.get(url)).status_code == 404, url
    assert NAME not in json.dumps(await list_all(group.owner, f"{group.url}/contacts"))
    assert await list_all(group.owner, f"{group.url}/contacts", q="Okafor") == []
    assert await list_all(group.owner, f"{group.url}/conversations") == []
    assert await list_all(group.owner, f"{group.url}/follow-ups") == []
    dispute_url = f"{group.url}/disputes/{scene['dispute']['id']}"
    assert await list_all(group.owner, f"{dispute_url}/contacts") == []
    action = await get_ok(group.owner, f"{group.url}/actions/{scene['action']['id']}")
    assert [p["contact_id"] for p in action["participants"]] == [scene["ana"]["id"]]

    # The change feed keeps ids and field names, and says the records were deleted.
    feed = await list_all(group.owner, f"{group.url}/changes")
    assert NAME not in json.dumps(feed)
    assert EMAIL not in json.dumps(feed)
    about_sam = [c for c in feed if c["id"] == sam_id]
    assert about_sam
    assert about_sam[-1]["operation"] == "delete"
    assert all(c["record"] is None for c in about_sam)

    # The imports keep their counts; their files are gone.
    done_url = f"{group.url}/imports/{scene['done_import']['id']}"
    assert (await get_ok(group.owner, done_url))["counts"]["updated"] == 2
    gone = await group.owner.get(f"{done_url}/report.csv")
    assert gone.status_code == 409
    assert gone.json()["error"] == "import_report_deleted"
    await map_import(group, scene["waiting_import"]["id"])
    late = await run_import(group, scene["waiting_import"]["id"])
    assert (late["status"], late["counts"]["created"]) == ("failed", 0), late
    assert await list_all(group.owner, f"{group.url}/contacts", q="Okafor") == []

    # Replaying a create gets no stored answer naming Sam.
    replay = await group.owner.post(
        f"{group.url}/actions", json=scene["action_body"], headers={"Idempotency-Key": "picket"}
    )
    assert replay.status_code == 422, "the create ran again instead of answering from storage"
    assert replay.json()["fields"][0]["loc"] == ["body", "participant_ids", 0]

    # Webhook logs keep only the events that told receivers Sam's records were deleted.
    deliveries = await list_all(
        group.owner, f"{group.url}/webhooks/{scene['hook']['id']}/deliveries"
    )
    about_sam_events = [d for d in deliveries if sam_id in json.dumps(d["payload"])]
    assert [d["event_type"] for d in about_sam_events] == ["contact.deleted"]

    # A tombstone remains, and the audit trail keeps the report without the name.
    assert sam_id in (await tombstones(accounts, group))["contact"]
    [event, *_] = await list_all(group.owner, f"{group.url}/audit")
    assert (event["action"], event["record_type"], event["row_count"]) == (
        "erasure",
        "contact",
        report["total"],
    )
    assert event["filters"] == {"contact_id": sam_id, "removed": report["removed"]}


async def test_erasure_needs_the_name_typed_and_an_organiser(accounts: Accounts) -> None:
    group = await accounts.group()
    sam = await make_contact(group, NAME)
    wrong = await erase(group, sam["id"], "Sam Okafo")
    assert wrong.status_code == 422
    assert wrong.json()["error"] == "erasure_not_confirmed"
    assert [f["field"] for f in wrong.json()["fields"]] == ["confirm_name"]
    member = await accounts.member(group, "member")
    refused = await member.post(
        f"{group.url}/contacts/{sam['id']}/erase", json={"confirm_name": NAME}
    )
    assert refused.status_code == 403
    assert (await get_ok(group.owner, f"{group.url}/contacts/{sam['id']}"))["full_name"] == NAME
    organiser = await accounts.member(group, "organiser")
    done = await organiser.post(
        f"{group.url}/contacts/{sam['id']}/erase", json={"confirm_name": "sam okafor"}
    )
    assert done.status_code == 200, done.text
    assert done.json()["removed"]["contact"] == 1
    assert (await group.owner.get(f"{group.url}/contacts/{sam['id']}")).status_code == 404


async def test_erasure_touches_no_one_else(accounts: Accounts) -> None:
    group = await accounts.group()
    other = await accounts.group(name="Northside Depot")
    sam = await make_contact(group, NAME, email=EMAIL)
    ana = await make_contact(group, "Ana Silva")
    twin = await make_contact(other, NAME, email=EMAIL)
    await log_conversation(group, ana["id"], notes="Keen")
    await new_action(group, participant_ids=[sam["id"], ana["id"]], head_count=2)
    assert (await erase(group, sam["id"])).status_code == 200
    assert (await get_ok(group.owner, f"{group.url}/contacts/{ana['id']}"))["full_name"]
    assert [c["notes"] for c in await list_all(group.owner, f"{group.url}/conversations")] == [
        "Keen"
    ]
    kept = await get_ok(other.owner, f"{other.url}/contacts/{twin['id']}")
    assert kept["email"] == EMAIL, "the same person in another group is that group's business"
