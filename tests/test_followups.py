"""Follow-ups: tasks with an assignee and a due date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.factories import (
    Account,
    Accounts,
    Group,
    create_ok,
    list_all,
    make_contact,
    names,
    tombstones,
)


def day(offset: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=offset)).isoformat()


async def _task(group: Group, by: Account | None = None, **body: Any) -> dict[str, Any]:
    """A follow-up; one due before today is meant (these tests need overdue ones)."""
    return await create_ok(
        by or group.owner, f"{group.url}/follow-ups", {"allow_past_due": True, **body}
    )


async def test_follow_up_life(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member", name="Mo Member")
    contact = await make_contact(group, "Ali")
    task = await _task(
        group,
        by=member,
        title=" Talk to  Ali after payday ",
        due_on=day(3),
        contact_id=contact["id"],
    )
    assert task["title"] == "Talk to Ali after payday"
    assert task["assignee_id"] == member.user_id, "assigned to its author by default"
    assert task["contact_name"] == "Ali"
    assert (task["done"], task["overdue"], task["done_at"]) == (False, False, None)
    unassigned = await _task(group, title="Print leaflets", assignee_id=None)
    assert unassigned["assignee_id"] is None
    assert unassigned["contact_name"] is None

    url = f"{group.url}/follow-ups/{task['id']}"
    got = await member.get(url)
    assert got.headers["ETag"] == '"1"'
    assert got.json() == task
    assert (await member.patch(url, json={"done": True})).status_code == 428
    done = await member.patch(url, json={"done": True, "version": 1})
    assert done.status_code == 200
    assert done.json()["done"] is True
    assert done.json()["done_by"] == member.user_id
    assert done.json()["done_at"] is not None
    stale = await member.patch(url, json={"title": "x", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["current"]["done"] is True
    assert (
        await member.patch(url, json={"title": "x"}, headers={"If-Match": '"1"'})
    ).status_code == 412
    undone = await group.owner.patch(url, json={"done": False}, headers={"If-Match": '"2"'})
    assert undone.json()["done"] is False
    assert (undone.json()["done_at"], undone.json()["done_by"]) == (None, None)
    reassigned = await group.owner.patch(
        url,
        json={
            "assignee_id": group.owner.user_id,
            "due_on": day(-2),
            "allow_past_due": True,
            "version": 3,
        },
    )
    assert reassigned.json()["assignee_id"] == group.owner.user_id
    assert reassigned.json()["overdue"] is True

    assert (await member.delete(url, params={"version": 1})).status_code == 409
    assert (await member.delete(url)).status_code == 204
    assert (await member.get(url)).json()["error"] == "follow_up_not_found"
    assert [f["id"] for f in await list_all(member, f"{group.url}/follow-ups")] == [
        unassigned["id"]
    ]
    assert task["id"] in (await tombstones(accounts, group))["follow_up"]


async def test_follow_up_filters_and_mine(accounts: Accounts) -> None:
    group = await accounts.group()
    owner = group.owner
    member = await accounts.member(group, "member")
    contact = await make_contact(group, "Bea")
    later = await _task(group, title="Later", due_on=day(10))
    undated = await _task(group, title="Undated")
    overdue = await _task(group, title="Overdue", due_on=day(-3), contact_id=contact["id"])
    today = await _task(group, title="Today", due_on=day(0), notes="Bring the petition")
    theirs = await _task(group, title="Theirs", due_on=day(-10), assignee_id=member.user_id)
    finished = await _task(group, title="Finished", due_on=day(-20))
    response = await owner.patch(
        f"{group.url}/follow-ups/{finished['id']}", json={"done": True, "version": 1}
    )
    assert response.status_code == 200

    mine = await list_all(owner, f"{group.url}/follow-ups/mine", limit=1)
    assert [f["title"] for f in mine] == ["Overdue", "Today", "Later", "Undated"]
    assert [f["overdue"] for f in mine] == [True, False, False, False]
    assert [f["title"] for f in await list_all(member, f"{group.url}/follow-ups/mine")] == [
        "Theirs"
    ]

    url = f"{group.url}/follow-ups"
    assert await names(owner, url, "title", limit=2) == [
        "Finished",
        "Theirs",
        "Overdue",
        "Today",
        "Later",
        "Undated",
    ]
    assert await names(owner, url, "title", sort="-due_on", limit=2) == [
        "Undated",
        "Later",
        "Today",
        "Overdue",
        "Theirs",
        "Finished",
    ]
    assert await names(owner, url, "title", assignee_id=member.user_id) == ["Theirs"]
    assert await names(owner, url, "title", contact_id=contact["id"]) == ["Overdue"]
    assert await names(owner, url, "title", done="true") == ["Finished"]
    assert "Finished" not in await names(owner, url, "title", done="false")
    assert await names(owner, url, "title", due_before=day(0)) == [
        "Finished",
        "Theirs",
        "Overdue",
    ]
    assert await names(owner, url, "title", due_after=day(0)) == ["Later"]
    assert await names(owner, url, "title", due_after=day(-5), due_before=day(5)) == [
        "Overdue",
        "Today",
    ]
    assert await names(owner, url, "title", q="petition") == ["Today"]
    assert await names(owner, url, "title", updated_since=response.json()["updated_at"]) == [
        "Finished"
    ]
    assert later["due_on"] == day(10)
    assert undated["due_on"] is None
    assert overdue["contact_id"] == contact["id"]
    assert today["notes"] == "Bring the petition"
    assert theirs["assignee_id"] == member.user_id


async def test_follow_up_references_stay_in_the_group(accounts: Accounts) -> None:
    group = await accounts.group()
    other = await accounts.group(name="Other Group")
    foreign_contact = await make_contact(other, "Theirs")
    url = f"{group.url}/follow-ups"
    for body, field in [
        ({"title": "T", "contact_id": foreign_contact["id"]}, "contact_id"),
        ({"title": "T", "assignee_id": other.owner.user_id}, "assignee_id"),
        ({"title": ""}, "title"),
        ({"title": "T", "due_on": "next week"}, "due_on"),
    ]:
        response = await group.owner.post(url, json=body)
        assert response.status_code == 422, body
        assert response.json()["fields"][0]["field"] == field
        assert foreign_contact["id"] not in response.text
    task = await _task(group, title="T")
    moved = await group.owner.patch(
        f"{url}/{task['id']}", json={"contact_id": foreign_contact["id"], "version": 1}
    )
    assert moved.status_code == 422
    assert moved.json()["fields"][0]["field"] == "contact_id"
    assert await list_all(other.owner, f"{other.url}/follow-ups") == []


async def test_idempotent_follow_up_and_roles(accounts: Accounts) -> None:
    group = await accounts.group()
    observer = await accounts.member(group, "observer")
    member = await accounts.member(group, "member")
    url = f"{group.url}/follow-ups"
    key = {"Idempotency-Key": "task-1"}
    first = await create_ok(member, url, {"title": "Once"}, headers=key)
    assert await create_ok(member, url, {"title": "Once"}, headers=key) == first
    assert await names(member, url, "title") == ["Once"]
    assert (await member.post(url, json={"title": "Twice"}, headers=key)).status_code == 422
    assert (await observer.post(url, json={"title": "No"})).status_code == 403
    item = f"{url}/{first['id']}"
    assert (await observer.patch(item, json={"done": True, "version": 1})).status_code == 403
    assert (await observer.delete(item)).status_code == 403
    assert (await observer.get(item)).status_code == 200


async def test_a_due_day_before_today_must_be_meant(accounts: Accounts) -> None:
    group = await accounts.group()
    url = f"{group.url}/follow-ups"
    response = await group.owner.post(url, json={"title": "Ring Sam", "due_on": day(-1)})
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "date_in_past"
    assert response.json()["fields"][0]["field"] == "due_on"
    assert (await group.owner.get(url)).json()["items"] == []

    task = await _task(group, title="Ring Sam", due_on=day(0))
    item = f"{url}/{task['id']}"
    moved = await group.owner.patch(item, json={"due_on": day(-3), "version": 1})
    assert moved.json()["error"] == "date_in_past"
    meant = await group.owner.patch(
        item, json={"due_on": day(-3), "allow_past_due": True, "version": 1}
    )
    assert meant.status_code == 200, meant.text
    assert meant.json()["overdue"] is True
    # Other changes to an overdue follow-up need no confirmation again.
    renamed = await group.owner.patch(item, json={"title": "Ring Sam today", "version": 2})
    assert renamed.status_code == 200, renamed.text
