"""Saved contact filters and the call and visit lists made from them: who sees a private
filter, taking the next person (never the same one twice at once), outcomes, the cool-down,
"do not contact", progress and language matching."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.factories import (
    Account,
    Accounts,
    Group,
    get_ok,
    list_all,
    make_contact,
    make_workplace,
    post_created,
)


async def saved_filter(
    account: Account, group: Group, name: str, shared: bool = True, **spec: Any
) -> dict[str, Any]:
    body = {"name": name, "shared": shared, "filter": spec}
    return await post_created(account, f"{group.url}/saved-filters", body)


async def call_list(
    group: Group, filter_id: str, assignees: list[Account], name: str = "Nights calls"
) -> dict[str, Any]:
    body = {
        "name": name,
        "saved_filter_id": filter_id,
        "assignee_ids": [account.user_id for account in assignees],
    }
    return await post_created(group.owner, f"{group.url}/call-lists", body)


async def take_next(account: Account, group: Group, list_id: str, **body: Any) -> dict[str, Any]:
    response = await account.post(f"{group.url}/call-lists/{list_id}/take-next", json=body)
    assert response.status_code == 200, response.text
    turn: dict[str, Any] = response.json()
    return turn


async def outcome(
    account: Account, group: Group, list_id: str, entry_id: str, **body: Any
) -> dict[str, Any]:
    url = f"{group.url}/call-lists/{list_id}/entries/{entry_id}/outcome"
    response = await account.post(url, json=body)
    assert response.status_code == 200, response.text
    entry: dict[str, Any] = response.json()
    return entry


async def workers(group: Group, names: list[str], **fields: Any) -> tuple[str, dict[str, str]]:
    workplace = (await make_workplace(group, "Riverside Depot"))["id"]
    people = {}
    for name in names:
        people[name] = (await make_contact(group, name, workplace_id=workplace, **fields))["id"]
    return workplace, people


# --- saved filters -------------------------------------------------------------------------


async def test_a_private_filter_is_its_owners_alone_in_reads_the_feed_and_webhooks(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    ana = await accounts.member(group, "member", name="Ana")
    workplace, _ = await workers(group, ["Aga Nowak"])
    private = await saved_filter(
        ana, group, "My nights", shared=False, workplace_id=workplace, not_contacted_days=30
    )
    shared = await saved_filter(ana, group, "Depot", workplace_id=workplace)
    assert private["owner_id"] == ana.user_id
    assert private["filter"]["not_contacted_days"] == 30

    url = f"{group.url}/saved-filters"
    assert [f["name"] for f in await list_all(ana, url)] == ["Depot", "My nights"]
    assert [f["name"] for f in await list_all(group.owner, url)] == ["Depot"]
    hidden = await group.owner.get(f"{url}/{private['id']}")
    assert hidden.status_code == 404
    assert hidden.json()["error"] == "saved_filter_not_found"
    refused = await group.owner.patch(f"{url}/{private['id']}", json={"name": "Mine now"})
    assert refused.status_code == 404

    # Others' feeds carry the shared filter only; the owner's carries both.
    owner_feed = await get_ok(group.owner, f"{group.url}/changes")
    assert private["id"] not in {item["id"] for item in owner_feed["items"]}
    assert shared["id"] in {item["id"] for item in owner_feed["items"]}
    ana_feed = await get_ok(ana, f"{group.url}/changes", types="private_saved_filter")
    assert [(item["id"], item["record"]["name"]) for item in ana_feed["items"]] == [
        (private["id"], "My nights")
    ]
    not_anas = await get_ok(group.owner, f"{group.url}/changes", types="private_saved_filter")
    assert not_anas["items"] == []

    # Sharing is fixed once saved.
    fixed = await ana.patch(f"{url}/{private['id']}", json={"shared": True, "version": 1})
    assert fixed.status_code == 422
    deleted = await ana.delete(f"{url}/{private['id']}")
    assert deleted.status_code == 204
    ana_feed = await get_ok(ana, f"{group.url}/changes", types="private_saved_filter")
    assert [item["operation"] for item in ana_feed["items"]] == ["create", "delete"]
    assert (await get_ok(group.owner, f"{group.url}/changes", types="private_saved_filter"))[
        "items"
    ] == []


async def test_a_private_filter_never_reaches_a_webhook(accounts: Accounts) -> None:
    from sqlalchemy import select

    from api.webhooks.models import WebhookDelivery
    from tests.factories import StaticResolver

    group = await accounts.group()
    state = accounts.app.state
    state.webhook_resolver = StaticResolver({"hooks.example.org": ["93.184.215.14"]})
    response = await group.owner.post(
        f"{group.url}/webhooks",
        json={"url": "https://hooks.example.org/in", "event_types": ["*"]},
    )
    assert response.status_code == 201, response.text
    await saved_filter(group.owner, group, "Only mine", shared=False, tag="nights")
    await saved_filter(group.owner, group, "Everyone's", tag="days")
    async with accounts.app.state.sessionmaker() as session:
        events = (await session.execute(select(WebhookDelivery.event_type))).scalars().all()
    assert sorted(events) == ["saved_filter.created"]


async def test_only_the_author_or_an_organiser_changes_a_shared_filter(accounts: Accounts) -> None:
    group = await accounts.group()
    ana = await accounts.member(group, "member", name="Ana")
    ben = await accounts.member(group, "member", name="Ben")
    organiser = await accounts.member(group, "organiser", name="Ola")
    shared = await saved_filter(ana, group, "Unassessed", assessment_level="unassessed")
    url = f"{group.url}/saved-filters/{shared['id']}"
    refused = await ben.patch(url, json={"name": "Ben's now", "version": 1})
    assert refused.status_code == 403
    renamed = await organiser.patch(url, json={"name": "Still unassessed", "version": 1})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["updated_by"] == organiser.user_id
    assert (await ben.delete(url)).status_code == 403


async def test_a_filter_names_only_the_groups_records_and_the_lists_own_values(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    other = await accounts.group(name="Elsewhere")
    foreign = (await make_workplace(other, "Their depot"))["id"]
    url = f"{group.url}/saved-filters"
    response = await group.owner.post(
        url, json={"name": "Theirs", "filter": {"workplace_id": foreign}}
    )
    assert response.status_code == 422, response.text
    assert response.json()["fields"][0]["loc"] == ["body", "filter", "workplace_id"]
    for bad in ({"assessment_level": "6"}, {"speaks": ["xx-nope"]}, {"not_contacted_days": 0}):
        response = await group.owner.post(url, json={"name": "Bad", "filter": bad})
        assert response.status_code == 422, (bad, response.text)
        assert response.json()["fields"][0]["loc"][:2] == ["body", "filter"]


async def test_the_contact_list_and_exports_apply_a_saved_filter(accounts: Accounts) -> None:
    group = await accounts.group()
    workplace, people = await workers(group, ["Aga Nowak", "Bo Diaz"])
    await make_contact(group, "Cy Elsewhere")
    recent = datetime.now(UTC) - timedelta(days=2)
    response = await group.owner.post(
        f"{group.url}/contacts/{people['Bo Diaz']}/conversations",
        json={"channel": "in_person", "occurred_at": recent.isoformat()},
    )
    assert response.status_code == 201, response.text
    depot = await saved_filter(
        group.owner, group, "Depot, quiet", workplace_id=workplace, not_contacted_days=30
    )
    listed = await list_all(group.owner, f"{group.url}/contacts", saved_filter_id=depot["id"])
    assert [c["full_name"] for c in listed] == ["Aga Nowak"]
    # The list's own filters narrow it further, and days work on the list too.
    assert (
        await list_all(group.owner, f"{group.url}/contacts", saved_filter_id=depot["id"], q="Bo")
        == []
    )
    quiet = await list_all(group.owner, f"{group.url}/contacts", not_contacted_days=30)
    assert sorted(c["full_name"] for c in quiet) == ["Aga Nowak", "Cy Elsewhere"]
    export = await group.owner.get(
        f"{group.url}/exports/contacts.csv", params={"saved_filter_id": depot["id"]}
    )
    assert export.status_code == 200, export.text
    assert "Aga Nowak" in export.text
    assert "Bo Diaz" not in export.text
    ana = await accounts.member(group, "member", name="Ana")
    private = await saved_filter(ana, group, "Ana's", shared=False)
    refused = await group.owner.get(
        f"{group.url}/contacts", params={"saved_filter_id": private["id"]}
    )
    assert refused.status_code == 422
    assert refused.json()["fields"][0]["loc"] == ["query", "saved_filter_id"]


# --- call lists ----------------------------------------------------------------------------


async def test_a_member_works_a_list_through_to_the_end(accounts: Accounts) -> None:
    group = await accounts.group()
    ana = await accounts.member(group, "member", name="Ana")
    ben = await accounts.member(group, "member", name="Ben")
    workplace, _people = await workers(group, ["Aga Nowak", "Bo Diaz", "Cy Evans", "Di Fox"])
    depot = await saved_filter(group.owner, group, "Depot", workplace_id=workplace)
    listed = await call_list(group, depot["id"], [ana])
    list_id = listed["id"]
    entries = await list_all(group.owner, f"{group.url}/call-lists/{list_id}/entries")
    assert len(entries) == 4

    refused = await ben.post(f"{group.url}/call-lists/{list_id}/take-next", json={})
    assert refused.status_code == 403
    assert refused.json()["error"] == "not_assigned"

    first = await take_next(ana, group, list_id)
    assert first["person"]["full_name"] == "Aga Nowak"
    assert first["entry"]["reserved_by"] == ana.user_id
    # Taking again gives back the person already held, and reading the turn reserves nothing.
    assert (await take_next(ana, group, list_id))["entry"]["id"] == first["entry"]["id"]
    turn = await get_ok(ana, f"{group.url}/call-lists/{list_id}/turn")
    assert turn["entry"]["id"] == first["entry"]["id"]

    done = await outcome(ana, group, list_id, first["entry"]["id"], outcome="talked")
    assert (done["done"], done["outcome"], done["reserved_by"]) == (True, "talked", None)
    second = await take_next(ana, group, list_id)
    assert second["person"]["full_name"] == "Bo Diaz"
    await outcome(ana, group, list_id, second["entry"]["id"], outcome="no_answer")
    third = await take_next(ana, group, list_id)
    assert third["person"]["full_name"] == "Cy Evans"
    later = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    mismatched = await ana.post(
        f"{group.url}/call-lists/{list_id}/entries/{third['entry']['id']}/outcome",
        json={"outcome": "talked", "call_back_at": later},
    )
    assert mismatched.status_code == 422
    assert mismatched.json()["fields"][0]["loc"] == ["body", "call_back_at"]
    await outcome(
        ana, group, list_id, third["entry"]["id"], outcome="call_back", call_back_at=later
    )
    fourth = await take_next(ana, group, list_id)
    assert fourth["person"]["full_name"] == "Di Fox"
    # Someone else's person cannot be recorded by another caller while held.
    held = await group.owner.post(
        f"{group.url}/call-lists/{list_id}/entries/{fourth['entry']['id']}/outcome",
        json={"outcome": "talked"},
    )
    assert held.status_code == 409
    assert held.json()["error"] == "reserved_by_another"
    await outcome(ana, group, list_id, fourth["entry"]["id"], outcome="wrong_number")
    # Tried once without an answer: offered again once everyone else has been tried; the
    # call back waits for its time.
    again = await take_next(ana, group, list_id)
    assert again["person"]["full_name"] == "Bo Diaz"
    await outcome(ana, group, list_id, again["entry"]["id"], outcome="talked")
    assert (await take_next(ana, group, list_id))["entry"] is None

    progress = await get_ok(group.owner, f"{group.url}/call-lists/{list_id}/progress")
    assert progress | {"by_caller": None} == {
        "total": 4,
        "done": 3,
        "to_go": 1,
        "reserved": 0,
        "waiting_for_call_back": 1,
        "latest_outcomes": {
            "talked": 2,
            "no_answer": 0,
            "wrong_number": 1,
            "call_back": 1,
            "do_not_contact": 0,
        },
        "by_caller": None,
    }
    assert progress["by_caller"] == [
        {
            "caller_id": ana.user_id,
            "attempts": 5,
            "outcomes": {
                "talked": 2,
                "no_answer": 1,
                "wrong_number": 1,
                "call_back": 1,
                "do_not_contact": 0,
            },
        }
    ]
    feed = await get_ok(group.owner, f"{group.url}/changes", types="call_list_entry")
    assert {item["operation"] for item in feed["items"]} == {"create", "update"}


async def test_do_not_contact_holds_on_every_list_and_the_cool_down_between_lists(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    workplace, _people = await workers(group, ["Aga Nowak", "Bo Diaz", "Cy Evans"])
    depot = await saved_filter(group.owner, group, "Depot", workplace_id=workplace)
    first = await call_list(group, depot["id"], [group.owner], name="First")
    turn = await take_next(group.owner, group, first["id"])
    await outcome(group.owner, group, first["id"], turn["entry"]["id"], outcome="do_not_contact")
    turn = await take_next(group.owner, group, first["id"])
    assert turn["person"]["full_name"] == "Bo Diaz"
    await outcome(group.owner, group, first["id"], turn["entry"]["id"], outcome="no_answer")

    second = await call_list(group, depot["id"], [group.owner], name="Second")
    # Aga asked not to be contacted; Bo was tried on the first list within the cool-down.
    turn = await take_next(group.owner, group, second["id"])
    assert turn["person"]["full_name"] == "Cy Evans"
    await outcome(group.owner, group, second["id"], turn["entry"]["id"], outcome="talked")
    assert (await take_next(group.owner, group, second["id"]))["entry"] is None

    settings = await group.owner.patch(
        f"{group.url}/call-settings", json={"cooldown_days": 0, "version": 0}
    )
    assert settings.status_code == 200, settings.text
    assert settings.json()["cooldown_days"] == 0
    turn = await take_next(group.owner, group, second["id"])
    assert turn["person"]["full_name"] == "Bo Diaz"
    await outcome(group.owner, group, second["id"], turn["entry"]["id"], outcome="talked")
    assert (await take_next(group.owner, group, second["id"]))["entry"] is None


async def test_callers_are_matched_to_workers_who_share_a_language(accounts: Accounts) -> None:
    group = await accounts.group()
    polish = await accounts.member(group, "member", name="Pola")
    saved = await polish.patch("/api/v1/me", json={"spoken_languages": ["pl", "en"]})
    assert saved.status_code == 200, saved.text
    workplace = (await make_workplace(group, "Riverside Depot"))["id"]
    await make_contact(group, "Aga Nowak", workplace_id=workplace, preferred_language="ro")
    await make_contact(
        group, "Bo Diaz", workplace_id=workplace, preferred_language="es", other_languages=["pl"]
    )
    await make_contact(group, "Cy Evans", workplace_id=workplace)
    depot = await saved_filter(group.owner, group, "Depot", workplace_id=workplace)
    listed = await call_list(group, depot["id"], [polish])

    turn = await take_next(polish, group, listed["id"])
    assert turn["person"]["full_name"] == "Bo Diaz"
    assert turn["person"]["shared_languages"] == ["pl"]
    await outcome(polish, group, listed["id"], turn["entry"]["id"], outcome="talked")
    only_shared = await take_next(polish, group, listed["id"], shared_language_only=True)
    assert only_shared["entry"] is None
    turn = await take_next(polish, group, listed["id"])
    assert turn["person"]["full_name"] == "Aga Nowak"
    assert turn["person"]["shared_languages"] == []


async def test_two_members_taking_the_next_person_at_once_never_get_the_same_worker(
    accounts: Accounts,
) -> None:
    """Real concurrency: each request runs in its own transaction on its own connection, and
    they interleave at every database round trip. On PostgreSQL the candidates are locked with
    SKIP LOCKED and the reservation is a version-checked UPDATE; take either away and two
    callers read the same first free entry and both reserve it."""
    group = await accounts.group()
    callers = [await accounts.member(group, "member", name=f"Caller {n}") for n in range(6)]
    workplace, _people = await workers(group, [f"Worker {n:02d}" for n in range(8)])
    depot = await saved_filter(group.owner, group, "Depot", workplace_id=workplace)
    listed = await call_list(group, depot["id"], callers)
    for _round in range(2):
        turns = await asyncio.gather(
            *(take_next(caller, group, listed["id"]) for caller in callers)
        )
        taken = [turn["entry"]["contact_id"] for turn in turns if turn["entry"] is not None]
        if _round == 0:
            assert len(taken) == len(callers)
        assert len(taken) == len(set(taken)), taken
        for caller, turn in zip(callers, turns, strict=True):
            if turn["entry"] is not None:
                assert turn["entry"]["reserved_by"] == caller.user_id
                await outcome(caller, group, listed["id"], turn["entry"]["id"], outcome="talked")
    entries = await list_all(group.owner, f"{group.url}/call-lists/{listed['id']}/entries")
    assert all(entry["done"] for entry in entries)


# --- clearing "do not contact" -------------------------------------------------------------


async def asked_not_to_be_contacted(
    group: Group, name: str, others: list[str]
) -> tuple[dict[str, Any], dict[str, str], str]:
    """A list of `name` and `others`, where `name` (first by name) asked not to be contacted;
    the cool-down is off, so only the ask holds them back. Returns the list, the contact ids
    and the finished entry's id."""
    settings = await group.owner.patch(
        f"{group.url}/call-settings", json={"cooldown_days": 0, "version": 0}
    )
    assert settings.status_code == 200, settings.text
    workplace, people = await workers(group, [name, *others])
    depot = await saved_filter(group.owner, group, "Depot", workplace_id=workplace)
    listed = await call_list(group, depot["id"], [group.owner], name="Pay survey")
    turn = await take_next(group.owner, group, listed["id"])
    assert turn["person"]["full_name"] == name
    await outcome(group.owner, group, listed["id"], turn["entry"]["id"], outcome="do_not_contact")
    return listed, people, turn["entry"]["id"]


async def test_a_cleared_contact_is_offered_again_on_every_list(accounts: Accounts) -> None:
    group = await accounts.group()
    organiser = await accounts.member(group, "organiser", name="Ola")
    listed, people, entry_id = await asked_not_to_be_contacted(group, "Aga Nowak", ["Bo Diaz"])
    aga = people["Aga Nowak"]
    url = f"{group.url}/contacts/{aga}/do-not-contact"
    read = await group.owner.get(url)
    assert read.status_code == 200, read.text
    state = read.json()
    assert state["do_not_contact"] is True
    assert state["asked_on_list_id"] == listed["id"]
    assert state["recorded_by"] == group.owner.user_id
    assert (state["cleared_at"], state["cleared_by"]) == (None, None)
    assert read.headers["etag"] == f'"{state["version"]}"'
    # Asking moved the contact's version on, so nobody clears an ask they have not seen.
    contact = await get_ok(group.owner, f"{group.url}/contacts/{aga}")
    assert contact["version"] == state["version"] == 2

    later = await call_list(group, listed["saved_filter_id"], [group.owner], name="Later")
    turn = await take_next(group.owner, group, later["id"])
    assert turn["person"]["full_name"] == "Bo Diaz"
    await outcome(group.owner, group, later["id"], turn["entry"]["id"], outcome="talked")
    assert (await take_next(group.owner, group, later["id"]))["entry"] is None

    head = await get_ok(group.owner, f"{group.url}/changes/head")
    cleared = await organiser.post(
        f"{group.url}/contacts/{aga}/contact-again", json={"version": state["version"]}
    )
    assert cleared.status_code == 200, cleared.text
    after = cleared.json()
    assert after["do_not_contact"] is False
    assert (after["asked_at"], after["asked_on_list_id"], after["recorded_by"]) == (
        None,
        None,
        None,
    )
    assert after["cleared_by"] == organiser.user_id
    assert after["cleared_at"] is not None
    assert after["version"] == 3
    assert cleared.headers["etag"] == '"3"'
    assert await get_ok(group.owner, url) == after

    # Offered again on a list made after the ask, and back on the list where they asked.
    turn = await take_next(group.owner, group, later["id"])
    assert turn["person"]["full_name"] == "Aga Nowak"
    await outcome(group.owner, group, later["id"], turn["entry"]["id"], outcome="talked")
    turn = await take_next(group.owner, group, listed["id"])
    assert turn["person"]["full_name"] == "Bo Diaz", "never tried comes before tried once"
    await outcome(group.owner, group, listed["id"], turn["entry"]["id"], outcome="talked")
    turn = await take_next(group.owner, group, listed["id"])
    assert (turn["entry"]["id"], turn["person"]["full_name"]) == (entry_id, "Aga Nowak")
    assert turn["entry"]["attempts"] == 1

    # The change log says who cleared it and when: the contact and the reopened place.
    feed = await get_ok(group.owner, f"{group.url}/changes", cursor=head["cursor"])
    changes = [
        (item["type"], item["id"], item["changed_fields"], item["actor"]) for item in feed["items"]
    ]
    assert ("contact", aga, ["do_not_contact"], organiser.user_id) in changes
    assert ("call_list_entry", entry_id, ["done"], organiser.user_id) in changes
    contact = await get_ok(group.owner, f"{group.url}/contacts/{aga}")
    assert contact["updated_by"] == organiser.user_id

    # Asking again holds again.
    await outcome(group.owner, group, listed["id"], entry_id, outcome="do_not_contact")
    again = await get_ok(group.owner, url)
    assert again["do_not_contact"] is True
    assert again["cleared_by"] == organiser.user_id, "the last clearing is still told"
    assert again["version"] == 4


async def test_clearing_is_refused_when_stale_and_harmless_when_repeated(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    listed, people, entry_id = await asked_not_to_be_contacted(group, "Aga Nowak", [])
    aga = people["Aga Nowak"]
    clear_url = f"{group.url}/contacts/{aga}/contact-again"
    seen = await get_ok(group.owner, f"{group.url}/contacts/{aga}/do-not-contact")

    missing = await group.owner.post(clear_url, json={})
    assert missing.status_code == 428
    assert missing.json()["fields"][0]["field"] == "version"
    # They asked again after the organiser looked: a stale version is refused, with the
    # state as it stands.
    await outcome(group.owner, group, listed["id"], entry_id, outcome="do_not_contact")
    stale = await group.owner.post(clear_url, json={"version": seen["version"]})
    assert stale.status_code == 409, stale.text
    assert stale.json()["error"] == "version_conflict"
    current = stale.json()["current"]
    assert current["do_not_contact"] is True
    assert current["asked_at"] > seen["asked_at"]
    assert current["version"] == seen["version"] + 1
    by_header = await group.owner.post(clear_url, json={}, headers={"If-Match": '"2"'})
    assert by_header.status_code == 412
    assert by_header.json()["current"]["version"] == current["version"]
    still = await get_ok(group.owner, f"{group.url}/contacts/{aga}/do-not-contact")
    assert still == current, "nothing was cleared"

    cleared = await group.owner.post(
        clear_url, json={}, headers={"If-Match": f'"{current["version"]}"'}
    )
    assert cleared.status_code == 200, cleared.text
    # A repeat (a retry, or a second organiser who saw the same ask) changes nothing.
    head = await get_ok(group.owner, f"{group.url}/changes/head")
    repeated = await group.owner.post(clear_url, json={"version": current["version"]})
    assert repeated.status_code == 200, repeated.text
    assert repeated.json() == cleared.json()
    feed = await get_ok(group.owner, f"{group.url}/changes", cursor=head["cursor"])
    assert feed["items"] == []


async def test_only_organisers_clear_and_only_their_own_groups_contacts(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    other = await accounts.group(name="Elsewhere")
    member = await accounts.member(group, "member", name="Mo")
    _listed, people, _entry = await asked_not_to_be_contacted(group, "Aga Nowak", [])
    aga = people["Aga Nowak"]
    seen = await get_ok(member, f"{group.url}/contacts/{aga}/do-not-contact")
    assert seen["do_not_contact"] is True, "members see it"

    refused = await member.post(
        f"{group.url}/contacts/{aga}/contact-again", json={"version": seen["version"]}
    )
    assert refused.status_code == 403
    assert refused.json()["error"] == "forbidden"
    # Another group's contact, named under one's own group, does not exist.
    for method, path, body in (
        ("GET", "do-not-contact", None),
        ("POST", "contact-again", {"version": seen["version"]}),
    ):
        foreign = await other.owner.request(method, f"{other.url}/contacts/{aga}/{path}", json=body)
        assert foreign.status_code == 404, foreign.text
        assert foreign.json()["error"] == "contact_not_found"
    assert await get_ok(group.owner, f"{group.url}/contacts/{aga}/do-not-contact") == seen
