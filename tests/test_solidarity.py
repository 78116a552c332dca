"""Solidarity actions: what the group did for its own and other people's disputes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from api.core.db import utcnow
from tests.factories import (
    Accounts,
    new_action,
    new_contact,
    new_dispute,
    post_created,
    tombstones,
)


def titles(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["title"] for item in response.json()["items"]]


async def test_action_life(accounts: Accounts) -> None:
    group = await accounts.group()
    owner = group.owner
    dispute = await new_dispute(group, "Night shift pay cut")
    sam = await new_contact(group, "Sam Okafor")
    ana = await new_contact(group, "Ana Lopes")

    visit = await new_action(
        group,
        "Visit to the depot picket",
        kind="picket_visit",
        occurs_at="2026-03-10T06:30:00+00:00",
        place="Riverside Depot gates",
        dispute_id=dispute["id"],
        participant_ids=[sam, ana, sam],
        head_count=12,
        outcome="Brought tea and a banner",
    )
    assert visit["dispute_title"] == "Night shift pay cut"
    assert visit["participants"] == [
        {"contact_id": ana, "full_name": "Ana Lopes"},
        {"contact_id": sam, "full_name": "Sam Okafor"},
    ]
    assert visit["head_count"] == 12
    assert visit["money_raised"] is None
    assert visit["version"] == 1
    collection = await new_action(
        group,
        "Bucket collection at the station",
        kind="collection",
        occurs_at="2026-03-14T12:00:00Z",
        outside_dispute="Citywide refuse strike",
        money_raised="412.35",
    )
    assert collection["money_raised"] == "412.35"
    assert collection["dispute_id"] is None
    donation = await new_action(
        group,
        "Branch donation",
        kind="donation",
        occurs_at="2026-02-01T18:00:00Z",
        dispute_id=dispute["id"],
        money_raised="500",
    )

    url = f"{group.url}/actions"
    response = await owner.get(url)
    assert titles(response) == [
        "Bucket collection at the station",
        "Visit to the depot picket",
        "Branch donation",
    ]
    assert response.json()["total_money_raised"] == "912.35"
    assert titles(await owner.get(url, params={"sort": "occurs_at"}))[0] == "Branch donation"
    assert titles(await owner.get(url, params={"sort": "title"}))[0] == "Branch donation"
    page = await owner.get(url, params={"kind": ["collection", "donation"], "limit": 1})
    assert titles(page) == ["Bucket collection at the station"]
    assert page.json()["total_money_raised"] == "912.35"  # every matching action, all pages
    rest = await owner.get(
        url, params={"kind": ["collection", "donation"], "cursor": page.json()["next_cursor"]}
    )
    assert titles(rest) == ["Branch donation"]
    by_dispute = await owner.get(url, params={"dispute_id": dispute["id"]})
    assert titles(by_dispute) == ["Visit to the depot picket", "Branch donation"]
    assert by_dispute.json()["total_money_raised"] == "500.00"
    window = {"from": "2026-03-01T00:00:00Z", "to": "2026-03-12T00:00:00Z"}
    assert titles(await owner.get(url, params=window)) == ["Visit to the depot picket"]
    naive = await owner.get(url, params={"from": "2026-03-01T00:00:00"})
    assert naive.status_code == 422
    assert naive.json()["fields"][0]["field"] == "from"
    assert titles(await owner.get(url, params={"q": "REFUSE"})) == [
        "Bucket collection at the station"
    ]
    none = await owner.get(url, params={"q": "nothing like this"})
    assert titles(none) == []
    assert none.json()["total_money_raised"] == "0.00"

    item = f"{url}/{visit['id']}"
    response = await owner.get(item)
    assert response.headers["ETag"] == '"1"'
    updated = await owner.patch(
        item,
        json={"version": 1, "participant_ids": [sam], "money_raised": "35.50", "head_count": 1},
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["participants"] == [{"contact_id": sam, "full_name": "Sam Okafor"}]
    assert updated.json()["version"] == 2
    assert updated.json()["place"] == "Riverside Depot gates"
    since = updated.json()["updated_at"]
    assert titles(await owner.get(url, params={"updated_since": since})) == [
        "Visit to the depot picket"
    ]
    stale = await owner.patch(item, json={"version": 1, "title": "Old view"})
    assert stale.status_code == 409
    assert stale.json()["current"]["money_raised"] == "35.50"
    assert (
        await owner.patch(item, json={"title": "x"}, headers={"If-Match": '"1"'})
    ).status_code == 412
    assert (await owner.patch(item, json={"title": "x"})).status_code == 428
    switched = await owner.patch(
        item, json={"version": 2, "dispute_id": None, "outside_dispute": "Bin workers"}
    )
    assert switched.status_code == 200
    assert switched.json()["dispute_title"] is None

    assert (await owner.delete(item, params={"version": 2})).status_code == 409
    assert (await owner.delete(item, params={"version": 3})).status_code == 204
    assert (await owner.get(item)).status_code == 404
    assert "Visit to the depot picket" not in titles(await owner.get(url))
    dead = await tombstones(accounts, group)
    assert visit["id"] in dead["solidarity_action"]
    # Two participant links: one removed by the edit, the other with the action.
    assert len(dead["solidarity_participant"]) == 2
    assert (await owner.get(f"{group.url}/contacts/{sam}")).status_code == 200
    assert (await owner.get(f"{url}/{donation['id']}")).status_code == 200


async def test_action_rules(accounts: Accounts) -> None:
    group = await accounts.group()
    dispute = await new_dispute(group)
    sam = await new_contact(group, "Sam Okafor")
    ana = await new_contact(group, "Ana Lopes")
    url = f"{group.url}/actions"
    base = {"kind": "petition", "title": "Petition", "occurs_at": "2026-03-01T10:00:00Z"}

    async def refused(body: dict[str, Any]) -> str:
        response = await group.owner.post(url, json={**base, **body})
        assert response.status_code == 422, response.text
        return str(response.json()["fields"][0]["field"])

    both = {"dispute_id": dispute["id"], "outside_dispute": "Someone else's"}
    assert await refused(both) == "dispute_id"
    assert await refused({"participant_ids": [sam, ana], "head_count": 1}) == "head_count"
    assert await refused({"head_count": -1}) == "head_count"
    assert await refused({"money_raised": "12.345"}) == "money_raised"
    # As a JSON number, money is a whole number of pence (the document's multipleOf 0.01).
    assert await refused({"money_raised": 0.075}) == "money_raised"
    assert await refused({"money_raised": 6835248940.439695}) == "money_raised"
    assert await refused({"kind": "sit_in"}) == "kind"
    assert await refused({"occurs_at": "2026-03-01T10:00:00"}) == "occurs_at"
    assert await refused({"title": " "}) == "title"
    assert titles(await group.owner.get(url)) == []

    action = await post_created(
        group.owner,
        url,
        {**base, "outside_dispute": "Bin workers", "participant_ids": [sam], "money_raised": 0.07},
    )
    assert action["money_raised"] == "0.07"
    item = f"{url}/{action['id']}"
    response = await group.owner.patch(item, json={"version": 1, "dispute_id": dispute["id"]})
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "dispute_id"
    response = await group.owner.patch(item, json={"version": 1, "head_count": 0})
    assert response.json()["fields"][0]["field"] == "head_count"
    response = await group.owner.patch(
        item, json={"version": 1, "head_count": 1, "participant_ids": [sam, ana]}
    )
    assert response.json()["fields"][0]["field"] == "head_count"
    response = await group.owner.patch(item, json={"version": 1, "occurs_at": None})
    assert response.json()["fields"][0]["field"] == "occurs_at"
    assert (await group.owner.get(item)).json()["version"] == 1

    key = {"Idempotency-Key": "action-retry"}
    first = await group.owner.post(url, json={**base, "title": "Once"}, headers=key)
    again = await group.owner.post(url, json={**base, "title": "Once"}, headers=key)
    assert first.json()["id"] == again.json()["id"]
    assert titles(await group.owner.get(url, params={"q": "once"})) == ["Once"]


async def test_action_roles_and_other_groups(accounts: Accounts) -> None:
    group = await accounts.group()
    other = await accounts.group(name="Other Group")
    their_contact = await new_contact(other, "Their Worker")
    their_dispute = await new_dispute(other, "Their dispute")
    their_action = await new_action(other, "Their picket visit")
    action = await new_action(group)
    url = f"{group.url}/actions"
    base = {"kind": "petition", "title": "Petition", "occurs_at": "2026-03-01T10:00:00Z"}

    response = await group.owner.post(url, json={**base, "participant_ids": [their_contact]})
    assert response.status_code == 422
    assert response.json()["fields"][0]["loc"] == ["body", "participant_ids", 0]
    response = await group.owner.post(url, json={**base, "dispute_id": their_dispute["id"]})
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "dispute_id"
    response = await group.owner.patch(
        f"{url}/{action['id']}", json={"version": 1, "participant_ids": [their_contact]}
    )
    assert response.status_code == 422
    theirs = f"{url}/{their_action['id']}"
    assert (await group.owner.get(theirs)).status_code == 404
    response = await group.owner.delete(theirs)
    assert response.status_code == 404
    assert response.json()["error"] == "action_not_found"
    assert (await other.owner.get(f"{other.url}/actions/{their_action['id']}")).status_code == 200
    listed = await group.owner.get(url, params={"dispute_id": their_dispute["id"]})
    assert titles(listed) == []

    member = await accounts.member(group, "member")
    observer = await accounts.member(group, "observer")
    organiser = await accounts.member(group, "organiser")
    for person in (member, observer):
        assert titles(await person.get(url)) == ["Picket visit"]
        assert (await person.post(url, json=base)).status_code == 403
        patch = await person.patch(f"{url}/{action['id']}", json={"version": 1, "title": "x"})
        assert patch.status_code == 403
        assert (await person.delete(f"{url}/{action['id']}")).status_code == 403
    assert (await organiser.post(url, json=base)).status_code == 201


async def test_money_at_an_action_yet_to_happen_must_be_meant(accounts: Accounts) -> None:
    group = await accounts.group()
    next_week = (utcnow() + timedelta(days=7)).isoformat()
    body = {
        "kind": "collection",
        "title": "Bucket collection at the station",
        "occurs_at": next_week,
        "outside_dispute": "Citywide refuse strike",
    }
    url = f"{group.url}/actions"
    response = await group.owner.post(url, json={**body, "money_raised": "40"})
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "date_in_future"
    assert response.json()["fields"][0]["field"] == "money_raised"

    # Planned without money, fine; the money is added once it has happened, or confirmed.
    planned = await new_action(group, **{k: v for k, v in body.items() if k != "title"})
    item = f"{url}/{planned['id']}"
    early = await group.owner.patch(item, json={"money_raised": "40", "version": 1})
    assert early.json()["error"] == "date_in_future"
    meant = await group.owner.patch(
        item, json={"money_raised": "40", "allow_future_date": True, "version": 1}
    )
    assert meant.status_code == 200, meant.text
    assert meant.json()["money_raised"] == "40.00"
