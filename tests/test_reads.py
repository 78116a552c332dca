"""The read audit: every kind of read recorded with who, what and how many; only owners see
it; searched text is never stored; old reads are purged; the owners' alert; observers'
hourly limit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import event, select

from api.core.config import Settings
from api.core.db import utcnow
from api.core.mail import Mailer
from api.reads import service as reads_service
from api.reads.models import ReadAlert, ReadEvent
from api.webhooks.worker import WebhookWorker
from tests.factories import (
    Account,
    Accounts,
    Group,
    create_ok,
    get_ok,
    log_conversation,
    make_contact,
    make_department,
    make_workplace,
    new_action,
    new_dispute,
)

SEARCHED = "Okafor-the-searched-name"


def reads_url(group: Group, contact_id: str) -> str:
    return f"{group.url}/audit/reads/contacts/{contact_id}"


async def reads_of(group: Group, contact_id: str, **params: Any) -> list[dict[str, Any]]:
    page = await get_ok(group.owner, reads_url(group, contact_id), **params)
    return list(page["items"])


async def token_for(group: Group, *scopes: str) -> dict[str, Any]:
    response = await group.owner.post(
        f"{group.url}/tokens", json={"name": "Sync", "scopes": list(scopes)}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def with_token(account: Account, secret: str, url: str, **params: Any) -> dict[str, Any]:
    response = await account.http.get(
        url, params=params, headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def backdate_reads(app: FastAPI, by: timedelta) -> None:
    """Move every recorded read (and alert) `by` into the past: the clock, moved forward."""
    async with app.state.sessionmaker() as session, session.begin():
        for read in (await session.execute(select(ReadEvent))).scalars():
            read.created_at -= by
        for alert in (await session.execute(select(ReadAlert))).scalars():
            alert.created_at -= by
            alert.hour -= by


def mails(outbox: Path) -> list[str]:
    """Read alerts written to the outbox (sign-ups in the test write mails too)."""
    texts = [mail.read_text() for mail in sorted(outbox.glob("*.eml"))]
    return [text for text in texts if "Subject: Read alert" in text]


async def test_each_read_of_one_person_is_recorded_with_who_and_what(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member", name="Mo Member")
    contact = await make_contact(group, "Sam Okafor")
    other = await make_contact(group, "Ann Other")
    conversation = await log_conversation(group, contact["id"], notes="Worried about rotas")
    await log_conversation(group, contact["id"], notes="Came to the meeting")
    base = f"{group.url}/contacts/{contact['id']}"

    await get_ok(member, base)
    history = await get_ok(member, f"{base}/history")
    await get_ok(member, f"{base}/conversations")
    await get_ok(member, f"{group.url}/conversations/{conversation['id']}")
    await get_ok(member, f"{base}/assessments")

    entries = await reads_of(group, contact["id"])
    assert [(e["kind"], e["row_count"], e["actor_name"]) for e in entries] == [
        ("contact_assessments", 0, "Mo Member"),
        ("conversation", 1, "Mo Member"),
        ("contact_conversations", 2, "Mo Member"),
        ("contact_history", len(history["items"]), "Mo Member"),
        ("contact", 1, "Mo Member"),
    ]
    assert {e["actor_user_id"] for e in entries} == {member.user_id}
    assert {e["actor_token_id"] for e in entries} == {None}
    assert await reads_of(group, other["id"]) == []


async def test_list_pages_after_the_first_are_recorded_without_the_searched_text(
    accounts: Accounts, app: FastAPI
) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member", name="Mo Member")
    ids = [(await make_contact(group, f"{name} {SEARCHED}"))["id"] for name in ("Ann", "Bea", "Cy")]
    url = f"{group.url}/contacts"

    first = await get_ok(member, url, q=SEARCHED, limit=2)
    assert [await reads_of(group, contact_id) for contact_id in ids] == [[], [], []]
    second = await get_ok(member, url, q=SEARCHED, limit=2, cursor=first["next_cursor"])
    [shown] = second["items"]

    [entry] = await reads_of(group, shown["id"])
    assert entry["kind"] == "contact_list"
    assert entry["row_count"] == 1
    assert entry["actor_name"] == "Mo Member"
    assert entry["query"] == {"q": "(text search)"}
    async with app.state.sessionmaker() as session:
        stored = (await session.execute(select(ReadEvent))).scalars().all()
    assert len(stored) == 1
    assert SEARCHED not in repr([row.model_dump() for row in stored])


async def test_conversation_list_pages_after_the_first_are_recorded(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member", name="Mo Member")
    first_contact = await make_contact(group, "Ann")
    second_contact = await make_contact(group, "Bea")
    await log_conversation(group, first_contact["id"], notes="One")
    await log_conversation(group, second_contact["id"], notes="Two")
    url = f"{group.url}/conversations"

    first = await get_ok(member, url, limit=1)
    await get_ok(member, url, limit=1, cursor=first["next_cursor"])

    [first_shown] = first["items"]
    assert await reads_of(group, first_shown["contact_id"]) == []
    other = ({first_contact["id"], second_contact["id"]} - {first_shown["contact_id"]}).pop()
    [entry] = await reads_of(group, other)
    assert (entry["kind"], entry["row_count"]) == ("conversation_list", 1)
    assert entry["query"] == {}


async def test_api_token_reads_are_recorded_from_the_first_page_with_the_token(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    contact = await make_contact(group, "Sam Okafor")
    token = await token_for(group, "contacts:read", "changes:read")

    await with_token(group.owner, token["secret"], f"{group.url}/contacts")
    feed = await with_token(group.owner, token["secret"], f"{group.url}/changes")
    assert [item["type"] for item in feed["items"]] == ["contact"]

    entries = await reads_of(group, contact["id"])
    assert [(e["kind"], e["row_count"], e["actor_token_id"]) for e in entries] == [
        ("change_feed", 1, token["id"]),
        ("contact_list", 1, token["id"]),
    ]
    assert {e["actor_user_id"] for e in entries} == {group.owner.user_id}


async def test_exports_and_subject_access_are_recorded(accounts: Accounts) -> None:
    group = await accounts.group()
    organiser = await accounts.member(group, "organiser", name="Olu Organiser")
    contact = await make_contact(group, "Sam Okafor")
    await make_contact(group, "Ann Other")

    export = await organiser.get(
        f"{group.url}/exports/contacts.csv",
        params={"q": SEARCHED[:3], "membership_status": "member"},
    )
    assert export.status_code == 200
    assert (await organiser.get(f"{group.url}/exports/contacts.xlsx")).status_code == 200
    await get_ok(organiser, f"{group.url}/contacts/{contact['id']}/subject-access")

    # The filtered export held no one; the full one held this contact among two rows.
    bundle, export = await reads_of(group, contact["id"])
    assert (bundle["kind"], bundle["actor_name"]) == ("subject_access", "Olu Organiser")
    assert (export["kind"], export["actor_name"], export["row_count"]) == (
        "export",
        "Olu Organiser",
        2,
    )
    assert export["query"] == {"export": "contacts", "format": "xlsx"}
    top = await get_ok(group.owner, f"{group.url}/audit/reads/top")
    [reader] = [r for r in top["readers"] if r["name"] == "Olu Organiser"]
    # The filtered export matched no one, the full one both contacts, the bundle one.
    assert (reader["reads"], reader["exports"], reader["contacts_read"]) == (3, 2, 3)


async def test_who_read_the_most_ranks_accounts_over_the_window(
    accounts: Accounts, app: FastAPI
) -> None:
    group = await accounts.group()
    keen = await accounts.member(group, "member", name="Keen Reader")
    light = await accounts.member(group, "member", name="Light Reader")
    first = await make_contact(group, "Ann")
    second = await make_contact(group, "Bea")
    for contact in (first, second, first):
        await get_ok(keen, f"{group.url}/contacts/{contact['id']}")
    await get_ok(light, f"{group.url}/contacts/{first['id']}")

    top = await get_ok(group.owner, f"{group.url}/audit/reads/top", days=7)
    assert [(r["name"], r["contacts_read"], r["reads"], r["exports"]) for r in top["readers"]] == [
        ("Keen Reader", 3, 3, 0),
        ("Light Reader", 1, 1, 0),
    ]
    await backdate_reads(app, timedelta(days=8))
    assert (await get_ok(group.owner, f"{group.url}/audit/reads/top", days=7))["readers"] == []
    longer = await get_ok(group.owner, f"{group.url}/audit/reads/top", days=30)
    assert [r["name"] for r in longer["readers"]] == ["Keen Reader", "Light Reader"]


async def test_reads_of_a_contact_are_paged_newest_first(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member")
    contact = await make_contact(group, "Sam Okafor")
    url = f"{group.url}/contacts/{contact['id']}"
    for suffix in ("", "/history", "/conversations"):
        await get_ok(member, url + suffix)

    first = await get_ok(group.owner, reads_url(group, contact["id"]), limit=2)
    assert [e["kind"] for e in first["items"]] == ["contact_conversations", "contact_history"]
    rest = await get_ok(
        group.owner, reads_url(group, contact["id"]), limit=2, cursor=first["next_cursor"]
    )
    assert [e["kind"] for e in rest["items"]] == ["contact"]
    assert rest["next_cursor"] is None


@pytest.mark.parametrize("role", ["organiser", "member", "observer"])
async def test_only_owners_see_the_read_audit(accounts: Accounts, role: str) -> None:
    group = await accounts.group()
    person = await accounts.member(group, role)
    contact = await make_contact(group, "Sam Okafor")
    await get_ok(group.owner, f"{group.url}/contacts/{contact['id']}")
    for url in (
        reads_url(group, contact["id"]),
        f"{group.url}/audit/reads/top",
        f"{group.url}/audit/reads/settings",
    ):
        response = await person.get(url)
        assert response.status_code == 403, url
        assert response.json()["error"] == "forbidden"


async def test_reads_of_an_unknown_contact_are_not_found(accounts: Accounts) -> None:
    group = await accounts.group()
    other = await accounts.group()
    stranger = await make_contact(other, "Someone Else")
    response = await group.owner.get(reads_url(group, stranger["id"]))
    assert response.status_code == 404


async def test_reads_older_than_the_retention_are_purged(
    accounts: Accounts, app: FastAPI, settings: Settings
) -> None:
    group = await accounts.group()
    contact = await make_contact(group, "Sam Okafor")
    url = f"{group.url}/contacts/{contact['id']}"
    await get_ok(group.owner, url)
    worker = WebhookWorker(app.state.sessionmaker, settings, Mailer(settings))

    await worker.maintain(utcnow() + timedelta(days=settings.read_audit_retention_days - 1))
    assert len(await reads_of(group, contact["id"])) == 1
    await worker.maintain(utcnow() + timedelta(days=settings.read_audit_retention_days + 1))
    assert await reads_of(group, contact["id"]) == []


async def test_alert_settings_are_validated_and_kept(accounts: Accounts) -> None:
    group = await accounts.group()
    url = f"{group.url}/audit/reads/settings"
    assert await get_ok(group.owner, url) == {"alert_contacts_per_hour": None}
    for body in ({"alert_contacts_per_hour": 0}, {"alert_contacts_per_hour": "many"}):
        refused = await group.owner.request("PUT", url, json=body)
        assert refused.status_code == 422
        assert [f["field"] for f in refused.json()["fields"]] == ["alert_contacts_per_hour"]
    unknown = await group.owner.request("PUT", url, json={"alert_everyone": True})
    assert unknown.status_code == 422
    saved = await group.owner.request("PUT", url, json={"alert_contacts_per_hour": 25})
    assert saved.json() == {"alert_contacts_per_hour": 25}
    assert await get_ok(group.owner, url) == {"alert_contacts_per_hour": 25}
    cleared = await group.owner.request("PUT", url, json={"alert_contacts_per_hour": None})
    assert cleared.json() == {"alert_contacts_per_hour": None}


async def test_owners_are_alerted_once_an_hour_when_an_account_crosses_the_line(
    accounts: Accounts, app: FastAPI, outbox: Path
) -> None:
    group = await accounts.group(name="Riverside Depot")
    second_owner = await accounts.member(group, "owner", name="Second Owner")
    member = await accounts.member(group, "member", name="Mo Member")
    contacts = [await make_contact(group, f"Person {n} Okafor") for n in range(4)]
    response = await group.owner.request(
        "PUT", f"{group.url}/audit/reads/settings", json={"alert_contacts_per_hour": 2}
    )
    assert response.status_code == 200

    for contact in contacts[:2]:
        await get_ok(member, f"{group.url}/contacts/{contact['id']}")
    assert mails(outbox) == []
    await get_ok(member, f"{group.url}/contacts/{contacts[2]['id']}")
    sent = mails(outbox)
    assert len(sent) == 2
    recipients = {line for text in sent for line in text.splitlines() if line.startswith("To:")}
    assert recipients == {f"To: {group.owner.email}", f"To: {second_owner.email}"}
    for text in sent:
        assert "Mo Member read the records of 3 contacts of Riverside Depot" in text
        assert "Okafor" not in text

    await get_ok(member, f"{group.url}/contacts/{contacts[3]['id']}")
    assert len(mails(outbox)) == 2, "told twice within the hour"

    # An hour later, reading past the line again alerts again.
    await backdate_reads(app, timedelta(hours=1, minutes=1))
    for contact in contacts[:3]:
        await get_ok(member, f"{group.url}/contacts/{contact['id']}")
    assert len(mails(outbox)) == 4


@pytest.fixture
def observer_limit(app: FastAPI) -> Iterator[int]:
    original = app.state.settings
    app.state.settings = original.model_copy(update={"observer_bulk_reads_per_hour": 3})
    yield 3
    app.state.settings = original


async def test_observers_bulk_reads_are_limited_per_hour(
    accounts: Accounts, app: FastAPI, observer_limit: int
) -> None:
    group = await accounts.group()
    observer = await accounts.member(group, "observer", name="Obi Observer")
    member = await accounts.member(group, "member")
    for name in ("Ann", "Bea", "Cy"):
        await make_contact(group, name)
    url = f"{group.url}/contacts"

    await get_ok(observer, url, limit=2)
    await get_ok(observer, f"{group.url}/conversations", limit=2)
    await get_ok(observer, url, limit=2)
    refused = await observer.get(url, params={"limit": 2})
    assert refused.status_code == 429
    assert refused.json()["error"] == "read_limit_reached"
    assert 3500 <= int(refused.headers["Retry-After"]) <= 3600
    # One person's page is not a bulk read, and other roles are not limited.
    one = (await get_ok(member, url))["items"][0]
    assert (await observer.get(f"{url}/{one['id']}")).status_code == 200
    for _ in range(3):
        assert (await member.get(url, params={"limit": 2})).status_code == 200

    await backdate_reads(app, timedelta(hours=1))
    assert (await observer.get(url, params={"limit": 2})).status_code == 200


async def people_in_every_kind_of_record(group: Group) -> dict[str, Any]:
    """One contact at a workplace, with a follow-up, a dispute link and a solidarity action."""
    workplace = await make_workplace(group, "Riverside Depot")
    contact = await make_contact(
        group, "Sam Okafor", workplace_id=workplace["id"], email="sam@example.org"
    )
    follow_up = await create_ok(
        group.owner,
        f"{group.url}/follow-ups",
        {"title": "Talk again after payday", "contact_id": contact["id"]},
    )
    dispute = await new_dispute(group)
    await create_ok(
        group.owner,
        f"{group.url}/disputes/{dispute['id']}/contacts",
        {"contact_id": contact["id"], "part": "rep"},
    )
    action = await new_action(group, participant_ids=[contact["id"]])
    return {
        "contact": contact,
        "workplace": workplace,
        "follow_up": follow_up,
        "dispute": dispute,
        "action": action,
    }


async def test_api_token_reads_of_follow_ups_disputes_actions_and_checks_are_recorded(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    scene = await people_in_every_kind_of_record(group)
    contact_id = scene["contact"]["id"]
    dispute = f"{group.url}/disputes/{scene['dispute']['id']}"
    token = await token_for(
        group, "contacts:read", "disputes:read", "actions:read", "workplaces:read"
    )
    secret = token["secret"]

    for url, params in (
        (f"{group.url}/follow-ups", {}),
        (f"{group.url}/follow-ups/mine", {}),
        (f"{group.url}/follow-ups/{scene['follow_up']['id']}", {}),
        (f"{dispute}/contacts", {"part": ["striker", "rep"]}),
        (f"{dispute}/contacts/{contact_id}", {}),
        (f"{group.url}/actions", {}),
        (f"{group.url}/actions/{scene['action']['id']}", {}),
        (f"{group.url}/contacts/duplicates", {"email": "sam@example.org"}),
    ):
        await with_token(group.owner, secret, url, **params)

    entries = await reads_of(group, contact_id)
    assert [(e["kind"], e["row_count"], e["actor_token_id"]) for e in entries] == [
        ("duplicate_check", 1, token["id"]),
        ("action", 1, token["id"]),
        ("action_list", 1, token["id"]),
        ("dispute_contact", 1, token["id"]),
        ("dispute_contact_list", 1, token["id"]),
        ("follow_up", 1, token["id"]),
        ("follow_up_list", 1, token["id"]),
        ("follow_up_list", 1, token["id"]),
    ]
    assert {e["actor_user_id"] for e in entries} == {group.owner.user_id}
    duplicate_check, _, _, _, people, _, mine, listed = entries
    # Which fields were looked up is kept; the email looked up is not.
    assert duplicate_check["query"] == {"email": "(text search)"}
    assert people["query"] == {"dispute_id": scene["dispute"]["id"], "part": "rep,striker"}
    assert mine["query"] == {"assignee_id": group.owner.user_id, "done": "False"}
    assert listed["query"] == {}


async def test_a_wall_chart_read_through_a_token_is_recorded_with_the_people_it_names(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    workplace = await make_workplace(group, "Riverside Depot")
    await make_department(group, workplace["id"], "Garage")
    contact = await make_contact(group, "Sam Okafor", workplace_id=workplace["id"])
    elsewhere = await make_contact(group, "Ann Other")
    token = await token_for(group, "workplaces:read")
    top_url = f"{group.url}/audit/reads/top"
    assert (await get_ok(group.owner, top_url))["readers"] == []

    chart_url = f"{group.url}/workplaces/{workplace['id']}/chart"
    await get_ok(group.owner, chart_url)
    assert (await get_ok(group.owner, top_url))["readers"] == [], "a member's glance"
    await with_token(group.owner, token["secret"], chart_url)

    [reader] = (await get_ok(group.owner, top_url))["readers"]
    assert (reader["user_id"], reader["reads"], reader["contacts_read"]) == (
        group.owner.user_id,
        1,
        1,
    )
    # The chart names the people to talk to next: their reads list it; nobody else's do.
    assert [entry["kind"] for entry in await reads_of(group, contact["id"])] == ["wall_chart"]
    assert await reads_of(group, elsewhere["id"]) == []


async def test_members_pages_after_the_first_and_single_records_are_recorded(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member", name="Mo Member")
    scene = await people_in_every_kind_of_record(group)
    contact_id = scene["contact"]["id"]
    other = await make_contact(group, "Ann Other")
    await create_ok(
        group.owner,
        f"{group.url}/follow-ups",
        {
            "title": "Ask about the rota",
            "contact_id": other["id"],
            "due_on": "2020-01-01",
            "allow_past_due": True,
        },
    )
    await new_action(
        group, "Branch motion", occurs_at="2026-04-01T07:00:00Z", participant_ids=[other["id"]]
    )
    dispute = f"{group.url}/disputes/{scene['dispute']['id']}"
    await create_ok(
        group.owner, f"{dispute}/contacts", {"contact_id": other["id"], "part": "striker"}
    )

    # First pages, the duplicate check and the wall chart: glances, not recorded.
    first_follow_ups = await get_ok(member, f"{group.url}/follow-ups", limit=1)
    first_people = await get_ok(member, f"{dispute}/contacts", limit=1)
    first_actions = await get_ok(member, f"{group.url}/actions", limit=1)
    await get_ok(member, f"{group.url}/contacts/duplicates", email="sam@example.org")
    await get_ok(member, f"{group.url}/workplaces/{scene['workplace']['id']}/chart")
    shown_first = {
        first_follow_ups["items"][0]["contact_id"],
        first_people["items"][0]["contact_id"],
        *(p["contact_id"] for p in first_actions["items"][0]["participants"]),
    }
    assert shown_first == {other["id"]}
    assert await reads_of(group, other["id"]) == []
    assert await reads_of(group, contact_id) == []

    # The second pages show the other contact: recorded.
    for url, first in (
        (f"{group.url}/follow-ups", first_follow_ups),
        (f"{dispute}/contacts", first_people),
        (f"{group.url}/actions", first_actions),
    ):
        await get_ok(member, url, limit=1, cursor=first["next_cursor"])
    listed = await reads_of(group, contact_id)
    assert sorted((e["kind"], e["actor_name"]) for e in listed) == [
        ("action_list", "Mo Member"),
        ("dispute_contact_list", "Mo Member"),
        ("follow_up_list", "Mo Member"),
    ]

    # One record about a person is always recorded.
    await get_ok(member, f"{group.url}/follow-ups/{scene['follow_up']['id']}")
    await get_ok(member, f"{dispute}/contacts/{contact_id}")
    await get_ok(member, f"{group.url}/actions/{scene['action']['id']}")
    entries = await reads_of(group, contact_id)
    assert [e["kind"] for e in entries[:3]] == ["action", "dispute_contact", "follow_up"]
    assert await reads_of(group, other["id"]) == []


async def test_an_observers_first_pages_are_recorded_and_count_towards_the_limit(
    accounts: Accounts, observer_limit: int
) -> None:
    group = await accounts.group()
    observer = await accounts.member(group, "observer", name="Obi Observer")
    scene = await people_in_every_kind_of_record(group)

    await get_ok(observer, f"{group.url}/follow-ups")
    await get_ok(observer, f"{group.url}/contacts/duplicates", email="sam@example.org")
    await get_ok(observer, f"{group.url}/actions")
    kinds = [e["kind"] for e in await reads_of(group, scene["contact"]["id"])]
    assert kinds == ["action_list", "duplicate_check", "follow_up_list"]

    refused = await observer.get(f"{group.url}/workplaces/{scene['workplace']['id']}/chart")
    assert refused.status_code == 429
    assert refused.json()["error"] == "read_limit_reached"


async def test_exports_are_recorded_with_each_person_the_file_held(
    accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = await accounts.group()
    organiser = await accounts.member(group, "organiser", name="Olu Organiser")
    people = [
        await make_contact(group, f"Person {n}", membership_status="non_member") for n in range(5)
    ]
    left_out = await make_contact(group, "Left Out", membership_status="member")
    for person in people[:3]:
        await log_conversation(group, person["id"], notes="Talked")
        await log_conversation(group, person["id"], notes="Talked again")
    await new_action(group, participant_ids=[people[3]["id"], people[4]["id"]])
    await new_dispute(group)
    # Batches smaller than the file, so the contacts go in several statements.
    monkeypatch.setattr(reads_service, "CONTACT_BATCH", 2)

    async def export(kind: str, **params: Any) -> None:
        response = await organiser.get(f"{group.url}/exports/{kind}.csv", params=params)
        assert response.status_code == 200, response.text

    await export("contacts", membership_status="non_member")
    await export("conversations")
    await export("actions")
    await export("disputes")

    def exports_of(entries: list[dict[str, Any]]) -> list[tuple[str, int]]:
        return [(e["query"]["export"], e["row_count"]) for e in entries if e["kind"] == "export"]

    for person in people[:3]:
        assert exports_of(await reads_of(group, person["id"])) == [
            ("conversations", 6),
            ("contacts", 5),
        ]
    for person in people[3:]:
        assert exports_of(await reads_of(group, person["id"])) == [
            ("actions", 1),
            ("contacts", 5),
        ]
    assert await reads_of(group, left_out["id"]) == []
    top = await get_ok(group.owner, f"{group.url}/audit/reads/top")
    [reader] = [r for r in top["readers"] if r["name"] == "Olu Organiser"]
    # People held, each counted once per file: 5 contacts, 3 talked to, 2 taking part.
    assert (reader["reads"], reader["exports"], reader["contacts_read"]) == (4, 4, 10)


@contextmanager
def statements_on(app: FastAPI, table: str) -> Iterator[list[str]]:
    """The SQL statements sent to the database that name `table`, as they are sent."""
    seen: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if table in statement:
            seen.append(" ".join(statement.split()))

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


async def test_a_recorded_read_costs_two_statements_whatever_it_showed(
    accounts: Accounts, app: FastAPI
) -> None:
    group = await accounts.group()
    for n in range(30):
        await make_contact(group, f"Person {n}")
    token = await token_for(group, "contacts:read")

    for limit in (1, 30):
        with statements_on(app, "read_event") as statements:
            page = await with_token(
                group.owner, token["secret"], f"{group.url}/contacts", limit=limit
            )
        assert len(page["items"]) == limit
        assert [s.split("(")[0].strip() for s in statements] == [
            "INSERT INTO read_events",
            "INSERT INTO read_event_contacts",
        ]
    # A member's first page is not recorded: nothing is written.
    with statements_on(app, "read_event") as statements:
        await get_ok(group.owner, f"{group.url}/contacts", limit=30)
    assert statements == []
