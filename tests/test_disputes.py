"""Disputes as case files: the dispute, workplaces, demands, timeline, linked people."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from api.core.db import utcnow
from tests.factories import (
    Accounts,
    Group,
    new_action,
    new_ballot,
    new_contact,
    new_dispute,
    new_workplace,
    post_created,
    tombstones,
)


def titles(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["title"] for item in response.json()["items"]]


async def test_dispute_life(accounts: Accounts) -> None:
    group = await accounts.group()
    owner = group.owner
    depot = await new_workplace(group, "Riverside Depot")
    garage = await new_workplace(group, "Eastside Garage")

    created = await new_dispute(
        group,
        "Night shift pay cut",
        summary="The night premium is being cut from 30% to 10%.",
        status="formal_dispute",
        unions=["Unite", " unite ", "GMB"],
        started_on="2026-01-05",
        strike_fund_target="2000.00",
        workplace_ids=[depot, depot],
    )
    assert created["unions"] == ["Unite", "GMB"]
    assert created["workplace_ids"] == [depot]
    assert created["workplaces"] == [{"id": depot, "name": "Riverside Depot"}]
    assert created["strike_fund_target"] == "2000.00"
    assert created["strike_fund_raised"] == "0.00"
    assert created["strike_fund_percent"] == 0.0
    assert created["version"] == 1
    assert created["demands"] == []
    assert created["ballots"] == []
    assert created["next_event"] is None
    assert created["people"] == {"rep": 0, "striker": 0, "supporter": 0, "total": 0}
    dispute_url = f"{group.url}/disputes/{created['id']}"

    response = await owner.get(dispute_url)
    assert response.status_code == 200
    assert response.headers["ETag"] == '"1"'
    assert response.json()["title"] == "Night shift pay cut"

    # A second and third dispute for the list filters.
    await new_dispute(group, "Canteen closure", status="brewing", workplace_ids=[garage])
    await new_dispute(group, "Agency staff parity", status="won", unions=["Unison"])
    lst = f"{group.url}/disputes"
    assert titles(await owner.get(lst)) == [
        "Agency staff parity",
        "Canteen closure",
        "Night shift pay cut",
    ]
    assert titles(await owner.get(lst, params={"sort": "title"})) == [
        "Agency staff parity",
        "Canteen closure",
        "Night shift pay cut",
    ]
    assert titles(await owner.get(lst, params={"sort": "-title", "limit": 2})) == [
        "Night shift pay cut",
        "Canteen closure",
    ]
    assert titles(await owner.get(lst, params={"sort": "-started_on"}))[0] == "Night shift pay cut"
    assert titles(await owner.get(lst, params={"status": ["brewing", "won"]})) == [
        "Agency staff parity",
        "Canteen closure",
    ]
    assert titles(await owner.get(lst, params={"workplace_id": garage})) == ["Canteen closure"]
    assert titles(await owner.get(lst, params={"union": "Unite"})) == ["Night shift pay cut"]
    assert titles(await owner.get(lst, params={"q": "PREMIUM"})) == ["Night shift pay cut"]
    assert titles(await owner.get(lst, params={"q": "canteen"})) == ["Canteen closure"]
    assert (await owner.get(lst, params={"sort": "colour"})).status_code == 422

    # Paging walks the whole list once.
    first = (await owner.get(lst, params={"limit": 2, "sort": "title"})).json()
    second = (
        await owner.get(lst, params={"limit": 2, "sort": "title", "cursor": first["next_cursor"]})
    ).json()
    assert [i["title"] for i in second["items"]] == ["Night shift pay cut"]
    assert second["next_cursor"] is None

    # Update: the fields sent, workplaces replaced, version checked.
    response = await owner.patch(
        dispute_url,
        json={
            "version": 1,
            "status": "balloting",
            "strike_fund_target": "1000",
            "workplace_ids": [garage, depot],
        },
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["version"] == 2
    assert response.headers["ETag"] == '"2"'
    assert updated["status"] == "balloting"
    assert updated["strike_fund_target"] == "1000.00"
    assert updated["summary"] == "The night premium is being cut from 30% to 10%."
    assert {w["name"] for w in updated["workplaces"]} == {"Riverside Depot", "Eastside Garage"}
    since = updated["updated_at"]
    assert titles(await owner.get(lst, params={"updated_since": since})) == ["Night shift pay cut"]
    assert titles(await owner.get(lst, params={"workplace_id": garage, "sort": "title"})) == [
        "Canteen closure",
        "Night shift pay cut",
    ]

    stale = await owner.patch(dispute_url, json={"version": 1, "title": "Old view"})
    assert stale.status_code == 409
    assert stale.json()["error"] == "version_conflict"
    assert stale.json()["current"]["status"] == "balloting"
    assert stale.json()["current"]["version"] == 2
    stale_header = await owner.patch(
        dispute_url, json={"title": "Old"}, headers={"If-Match": '"1"'}
    )
    assert stale_header.status_code == 412
    assert (await owner.patch(dispute_url, json={"title": "No version"})).status_code == 428
    refused = await owner.patch(dispute_url, json={"version": 2, "title": None})
    assert refused.status_code == 422
    assert refused.json()["fields"][0]["field"] == "title"
    response = await owner.patch(
        dispute_url, json={"summary": None, "workplace_ids": []}, headers={"If-Match": '"2"'}
    )
    assert response.status_code == 200
    assert response.json()["summary"] is None
    assert response.json()["workplaces"] == []
    assert response.json()["version"] == 3

    # Delete: gone from reads and lists, a tombstone left.
    assert (await owner.delete(dispute_url, params={"version": 2})).status_code == 409
    assert (await owner.delete(dispute_url, headers={"If-Match": '"3"'})).status_code == 204
    missing = await owner.get(dispute_url)
    assert missing.status_code == 404
    assert missing.json()["error"] == "dispute_not_found"
    assert "Night shift pay cut" not in titles(await owner.get(lst))
    assert created["id"] in (await tombstones(accounts, group))["dispute"]
    assert (await owner.delete(dispute_url)).status_code == 404


async def test_dispute_validation_and_idempotent_create(accounts: Accounts) -> None:
    group = await accounts.group()
    url = f"{group.url}/disputes"
    blank = await group.owner.post(url, json={"title": "   "})
    assert blank.status_code == 422
    assert blank.json()["fields"][0]["field"] == "title"
    bad_status = await group.owner.post(url, json={"title": "x", "status": "simmering"})
    assert bad_status.json()["fields"][0]["field"] == "status"
    negative = await group.owner.post(url, json={"title": "x", "strike_fund_target": "-1"})
    assert negative.json()["fields"][0]["field"] == "strike_fund_target"
    # The raised figure is the ledger's sum: it cannot be typed over.
    typed_over = await group.owner.post(url, json={"title": "x", "strike_fund_raised": "500"})
    assert typed_over.status_code == 422
    assert typed_over.json()["fields"][0]["field"] == "strike_fund_raised"
    too_precise = await group.owner.post(url, json={"title": "x", "strike_fund_target": "1.005"})
    assert too_precise.json()["fields"][0]["field"] == "strike_fund_target"

    key = {"Idempotency-Key": "dispute-retry-1"}
    first = await group.owner.post(url, json={"title": "Heat"}, headers=key)
    again = await group.owner.post(url, json={"title": "Heat"}, headers=key)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert titles(await group.owner.get(url)) == ["Heat"]
    reused = await group.owner.post(url, json={"title": "Different"}, headers=key)
    assert reused.status_code == 422
    assert reused.json()["error"] == "idempotency_key_reused"


async def test_roles(accounts: Accounts) -> None:
    group = await accounts.group()
    dispute = await new_dispute(group)
    member = await accounts.member(group, "member")
    observer = await accounts.member(group, "observer")
    organiser = await accounts.member(group, "organiser")
    url = f"{group.url}/disputes"
    for reader in (member, observer):
        assert titles(await reader.get(url)) == ["Night shift pay cut"]
        assert (await reader.get(f"{url}/{dispute['id']}")).status_code == 200
    for person in (member, observer):
        response = await person.post(url, json={"title": "Mine"})
        assert response.status_code == 403
        assert response.json()["error"] == "forbidden"
        patch = await person.patch(f"{url}/{dispute['id']}", json={"version": 1, "title": "x"})
        assert patch.status_code == 403
        demand = await person.post(f"{url}/{dispute['id']}/demands", json={"text": "x"})
        assert demand.status_code == 403
        assert (await person.delete(f"{url}/{dispute['id']}")).status_code == 403
    response = await organiser.post(url, json={"title": "Organiser's dispute"})
    assert response.status_code == 201


async def test_ids_from_another_group_are_refused(accounts: Accounts) -> None:
    group = await accounts.group()
    other = await accounts.group(name="Other Group")
    foreign_workplace = await new_workplace(other, "Their Depot")
    foreign_contact = await new_contact(other, "Their Worker")
    foreign_dispute = await new_dispute(other, "Their dispute")
    foreign_demand = await post_created(
        other.owner, f"{other.url}/disputes/{foreign_dispute['id']}/demands", {"text": "Theirs"}
    )
    own_workplace = await new_workplace(group)

    url = f"{group.url}/disputes"
    response = await group.owner.post(
        url, json={"title": "Mixed", "workplace_ids": [own_workplace, foreign_workplace]}
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "workplace_ids"
    assert response.json()["fields"][0]["loc"] == ["body", "workplace_ids", 1]
    assert titles(await group.owner.get(url)) == []

    dispute = await new_dispute(group)
    mine = f"{url}/{dispute['id']}"
    response = await group.owner.patch(
        mine, json={"version": 1, "workplace_ids": [foreign_workplace]}
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "workplace_ids"
    response = await group.owner.post(
        f"{mine}/contacts", json={"contact_id": foreign_contact, "part": "rep"}
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "contact_id"

    # Their dispute and demand named under our group are not found, and not touched.
    theirs = f"{url}/{foreign_dispute['id']}"
    assert (await group.owner.get(theirs)).status_code == 404
    assert (await group.owner.post(f"{theirs}/demands", json={"text": "x"})).status_code == 404
    assert (await group.owner.get(f"{mine}/demands/{foreign_demand['id']}")).status_code == 404
    response = await group.owner.patch(
        f"{mine}/demands/{foreign_demand['id']}", json={"version": 1, "text": "Hijacked"}
    )
    assert response.status_code == 404
    assert response.json()["error"] == "demand_not_found"
    still = await other.owner.get(f"{other.url}/disputes/{foreign_dispute['id']}")
    assert still.json()["demands"][0]["text"] == "Theirs"


async def test_demands(accounts: Accounts) -> None:
    group = await accounts.group()
    dispute = await new_dispute(group)
    other_dispute = await new_dispute(group, "Another")
    url = f"{group.url}/disputes/{dispute['id']}/demands"
    first = await post_created(group.owner, url, {"text": "Restore the night premium"})
    second = await post_created(group.owner, url, {"text": "Back pay since January"})
    top = await post_created(group.owner, url, {"text": "No victimisation", "position": 0})
    assert (first["position"], second["position"]) == (0, 1)
    assert first["status"] == "pending"

    def texts(response: Any) -> list[str]:
        assert response.status_code == 200, response.text
        return [item["text"] for item in response.json()["items"]]

    listed = texts(await group.owner.get(url))
    assert listed == ["Restore the night premium", "No victimisation", "Back pay since January"]
    paged = await group.owner.get(url, params={"limit": 2})
    rest = await group.owner.get(url, params={"limit": 2, "cursor": paged.json()["next_cursor"]})
    assert texts(paged) + texts(rest) == listed

    item = f"{url}/{first['id']}"
    response = await group.owner.get(item)
    assert response.headers["ETag"] == '"1"'
    response = await group.owner.patch(item, json={"version": 1, "status": "won", "position": 5})
    assert response.status_code == 200
    assert response.json()["status"] == "won"
    assert response.json()["version"] == 2
    assert texts(await group.owner.get(url, params={"status": "won"})) == [
        "Restore the night premium"
    ]
    assert texts(await group.owner.get(url, params={"status": ["pending", "lost"]})) == [
        "No victimisation",
        "Back pay since January",
    ]
    stale = await group.owner.patch(item, json={"version": 1, "status": "lost"})
    assert stale.status_code == 409
    assert stale.json()["current"]["status"] == "won"
    assert (await group.owner.patch(item, json={"status": "lost"})).status_code == 428

    read = (await group.owner.get(f"{group.url}/disputes/{dispute['id']}")).json()
    assert [d["text"] for d in read["demands"]] == [
        "No victimisation",
        "Back pay since January",
        "Restore the night premium",
    ]
    # A demand is only reachable under its own dispute.
    elsewhere = f"{group.url}/disputes/{other_dispute['id']}/demands/{top['id']}"
    assert (await group.owner.get(elsewhere)).status_code == 404
    assert (await group.owner.delete(elsewhere)).status_code == 404

    top_item = f"{url}/{top['id']}"
    assert (await group.owner.delete(top_item)).status_code == 204
    assert (await group.owner.get(top_item)).status_code == 404
    assert "No victimisation" not in texts(await group.owner.get(url))
    assert top["id"] in (await tombstones(accounts, group))["demand"]


async def test_timeline_events(accounts: Accounts) -> None:
    group = await accounts.group()
    dispute = await new_dispute(group)
    url = f"{group.url}/disputes/{dispute['id']}/events"
    today = utcnow().date()
    past = await post_created(
        group.owner,
        url,
        {
            "kind": "grievance",
            "occurs_on": str(today - timedelta(days=30)),
            "title": "Collective grievance lodged",
        },
    )
    soon = await post_created(
        group.owner,
        url,
        {"kind": "meeting", "occurs_on": str(today + timedelta(days=2)), "title": "Mass meeting"},
    )
    await post_created(
        group.owner,
        url,
        {
            "kind": "strike_day",
            "occurs_on": str(today + timedelta(days=20)),
            "title": "First strike day",
            "notes": "Picket from 5am",
        },
    )
    assert titles(await group.owner.get(url)) == [
        "Collective grievance lodged",
        "Mass meeting",
        "First strike day",
    ]
    assert (
        titles(await group.owner.get(url, params={"sort": "-occurs_on"}))[0] == "First strike day"
    )
    assert titles(await group.owner.get(url, params={"kind": ["meeting", "grievance"]})) == [
        "Collective grievance lodged",
        "Mass meeting",
    ]
    window = {"from": str(today), "to": str(today + timedelta(days=10))}
    assert titles(await group.owner.get(url, params=window)) == ["Mass meeting"]
    bad = await group.owner.post(url, json={"kind": "party", "occurs_on": str(today), "title": "x"})
    assert bad.status_code == 422
    assert bad.json()["fields"][0]["field"] == "kind"

    dispute_url = f"{group.url}/disputes/{dispute['id']}"
    assert (await group.owner.get(dispute_url)).json()["next_event"]["id"] == soon["id"]

    item = f"{url}/{soon['id']}"
    moved = await group.owner.patch(
        item, json={"version": 1, "occurs_on": str(today - timedelta(days=1))}
    )
    assert moved.status_code == 200
    assert moved.json()["occurs_on"] == str(today - timedelta(days=1))
    next_event = (await group.owner.get(dispute_url)).json()["next_event"]
    assert next_event["title"] == "First strike day"
    assert (await group.owner.patch(item, json={"version": 1, "title": "x"})).status_code == 409

    assert (
        await group.owner.delete(f"{url}/{past['id']}", params={"version": 1})
    ).status_code == 204
    assert (await group.owner.get(f"{url}/{past['id']}")).status_code == 404
    assert "Collective grievance lodged" not in titles(await group.owner.get(url))
    assert past["id"] in (await tombstones(accounts, group))["dispute_event"]


async def test_linked_people(accounts: Accounts) -> None:
    group = await accounts.group()
    dispute = await new_dispute(group)
    sam = await new_contact(group, "Sam Okafor")
    ana = await new_contact(group, "Ana Lopes")
    lee = await new_contact(group, "Lee Park")
    url = f"{group.url}/disputes/{dispute['id']}/contacts"
    link = await post_created(group.owner, url, {"contact_id": sam, "part": "rep"})
    assert link["contact_name"] == "Sam Okafor"
    assert link["part"] == "rep"
    await post_created(group.owner, url, {"contact_id": ana, "part": "striker"})
    await post_created(group.owner, url, {"contact_id": lee, "part": "striker"})
    again = await group.owner.post(url, json={"contact_id": sam, "part": "striker"})
    assert again.status_code == 409
    assert again.json()["error"] == "contact_already_linked"

    def names(response: Any) -> list[str]:
        assert response.status_code == 200, response.text
        return [item["contact_name"] for item in response.json()["items"]]

    assert names(await group.owner.get(url)) == ["Ana Lopes", "Lee Park", "Sam Okafor"]
    assert names(await group.owner.get(url, params={"part": "striker"})) == [
        "Ana Lopes",
        "Lee Park",
    ]
    dispute_url = f"{group.url}/disputes/{dispute['id']}"
    people = (await group.owner.get(dispute_url)).json()["people"]
    assert people == {"rep": 1, "striker": 2, "supporter": 0, "total": 3}

    item = f"{url}/{ana}"
    response = await group.owner.get(item)
    assert response.status_code == 200
    assert response.json()["part"] == "striker"
    changed = await group.owner.patch(item, json={"version": 1, "part": "supporter"})
    assert changed.status_code == 200
    assert changed.json()["part"] == "supporter"
    assert (await group.owner.patch(item, json={"version": 1, "part": "rep"})).status_code == 409
    people = (await group.owner.get(dispute_url)).json()["people"]
    assert people == {"rep": 1, "striker": 1, "supporter": 1, "total": 3}

    assert (await group.owner.delete(item)).status_code == 204
    gone = await group.owner.get(item)
    assert gone.status_code == 404
    assert gone.json()["error"] == "dispute_contact_not_found"
    assert names(await group.owner.get(url)) == ["Lee Park", "Sam Okafor"]
    assert (await tombstones(accounts, group))["dispute_contact"] == {changed.json()["id"]}
    # The contact itself is kept.
    assert (await group.owner.get(f"{group.url}/contacts/{ana}")).status_code == 200


async def _full_dispute(group: Group) -> tuple[dict[str, Any], dict[str, str]]:
    workplace = await new_workplace(group)
    contact = await new_contact(group)
    dispute = await new_dispute(group, workplace_ids=[workplace])
    base = f"{group.url}/disputes/{dispute['id']}"
    ids = {
        "demand": (await post_created(group.owner, f"{base}/demands", {"text": "Pay"}))["id"],
        "dispute_event": (
            await post_created(
                group.owner,
                f"{base}/events",
                {"kind": "meeting", "occurs_on": "2026-03-01", "title": "Meeting"},
            )
        )["id"],
        "dispute_contact": (
            await post_created(
                group.owner, f"{base}/contacts", {"contact_id": contact, "part": "rep"}
            )
        )["id"],
        "ballot": (await new_ballot(group, dispute["id"]))["id"],
        "contact": contact,
        "workplace": workplace,
    }
    return dispute, ids


async def test_delete_cascades_with_tombstones_and_keeps_actions(accounts: Accounts) -> None:
    group = await accounts.group()
    dispute, ids = await _full_dispute(group)
    action = await new_action(group, dispute_id=dispute["id"])
    assert action["dispute_title"] == "Night shift pay cut"

    response = await group.owner.delete(f"{group.url}/disputes/{dispute['id']}")
    assert response.status_code == 204
    dead = await tombstones(accounts, group)
    assert dispute["id"] in dead["dispute"]
    for entity_type in ("demand", "dispute_event", "dispute_contact", "ballot"):
        assert ids[entity_type] in dead[entity_type], entity_type
    assert len(dead["dispute_workplace"]) == 1
    assert (await group.owner.get(f"{group.url}/ballots/{ids['ballot']}")).status_code == 404

    kept = await group.owner.get(f"{group.url}/actions/{action['id']}")
    assert kept.status_code == 200
    assert kept.json()["dispute_id"] is None
    assert kept.json()["dispute_title"] is None
    assert kept.json()["version"] == 2
    assert (await group.owner.get(f"{group.url}/contacts/{ids['contact']}")).status_code == 200
    assert (await group.owner.get(f"{group.url}/workplaces/{ids['workplace']}")).status_code == 200


async def test_changing_only_the_workplaces_moves_the_version_on(accounts: Accounts) -> None:
    group = await accounts.group()
    first = await new_workplace(group, "North Depot")
    second = await new_workplace(group, "South Depot")
    dispute = await new_dispute(group, workplace_ids=[first])
    moved = await group.owner.patch(
        f"{group.url}/disputes/{dispute['id']}",
        json={"workplace_ids": [first, second], "version": dispute["version"]},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["version"] == dispute["version"] + 1
    # A colleague still holding the old version is told someone else changed it.
    stale = await group.owner.patch(
        f"{group.url}/disputes/{dispute['id']}",
        json={"title": "Renamed", "version": dispute["version"]},
    )
    assert stale.status_code == 409
    assert sorted(stale.json()["current"]["workplace_ids"]) == sorted([first, second])
