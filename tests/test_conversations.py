"""One-to-one conversations, alone and with an assessment and follow-up in one request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.factories import (
    Accounts,
    create_ok,
    get_ok,
    list_all,
    log_conversation,
    make_contact,
    names,
    tombstones,
)


def ago(**delta: float) -> str:
    return (datetime.now(UTC) - timedelta(**delta)).isoformat()


def moment(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


async def test_conversation_life(accounts: Accounts) -> None:
    group = await accounts.group()
    owner = group.owner
    member = await accounts.member(group, "member", name="Mo Member")
    contact = await make_contact(group, "Ali")
    before = datetime.now(UTC)
    logged = await log_conversation(
        group,
        contact["id"],
        by=member,
        channel="phone",
        issues=["Pay", " pay ", "Rotas"],
        notes="Talked at the gate",
        outcome="Interested",
        next_step="Invite to meeting",
    )
    assert logged["spoken_by"] == member.user_id
    assert logged["contact_name"] == "Ali"
    assert logged["issues"] == ["pay", "rotas"]
    assert logged["assessment"] is None
    assert logged["follow_up"] is None
    assert before - timedelta(seconds=1) <= moment(logged["occurred_at"]) <= datetime.now(UTC)
    shown = await get_ok(owner, f"{group.url}/contacts/{contact['id']}")
    assert shown["last_conversation_at"] == logged["occurred_at"]
    assert shown["assessment_level"] is None

    older = await log_conversation(
        group, contact["id"], occurred_at=ago(days=20), channel="meeting", notes="AGM"
    )
    shown = await get_ok(owner, f"{group.url}/contacts/{contact['id']}")
    assert shown["last_conversation_at"] == logged["occurred_at"], "older logs never move it back"

    nested = f"{group.url}/contacts/{contact['id']}/conversations"
    assert [c["id"] for c in await list_all(owner, nested)] == [logged["id"], older["id"]]
    assert [c["id"] for c in await list_all(owner, nested, sort="occurred_at", limit=1)] == [
        older["id"],
        logged["id"],
    ]

    url = f"{group.url}/conversations/{logged['id']}"
    got = await owner.get(url)
    assert got.headers["ETag"] == '"1"'
    assert got.json()["notes"] == "Talked at the gate"
    assert (await member.patch(url, json={"outcome": "Joined"})).status_code == 428
    edited = await member.patch(url, json={"outcome": "Joined", "version": 1})
    assert edited.status_code == 200
    assert edited.json()["outcome"] == "Joined"
    stale = await member.patch(url, json={"outcome": "Left", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["current"]["outcome"] == "Joined"
    stale_header = await member.patch(url, json={"outcome": "Left"}, headers={"If-Match": '"1"'})
    assert stale_header.status_code == 412
    channel = await member.patch(url, json={"channel": "fax", "version": 2})
    assert channel.status_code == 422
    assert channel.json()["fields"][0]["field"] == "channel"

    # Deleting the latest conversation moves the contact's last conversation back.
    assert (await member.delete(url)).status_code == 204
    assert (await owner.get(url)).json()["error"] == "conversation_not_found"
    shown = await get_ok(owner, f"{group.url}/contacts/{contact['id']}")
    assert shown["last_conversation_at"] == older["occurred_at"]
    assert [c["id"] for c in await list_all(owner, nested)] == [older["id"]]
    assert logged["id"] in (await tombstones(accounts, group))["conversation"]


async def test_group_wide_conversation_filters(accounts: Accounts) -> None:
    group = await accounts.group()
    owner = group.owner
    member = await accounts.member(group, "member")
    ali = await make_contact(group, "Ali")
    bea = await make_contact(group, "Bea")
    first = await log_conversation(
        group, ali["id"], occurred_at=ago(days=10), channel="phone", issues=["pay"], notes="Pay"
    )
    second = await log_conversation(
        group, bea["id"], by=member, occurred_at=ago(days=5), outcome="Signed the petition"
    )
    third = await log_conversation(group, ali["id"], occurred_at=ago(days=1), issues=["Rotas"])

    url = f"{group.url}/conversations"

    async def ids(**params: str) -> list[str]:
        return [c["id"] for c in await list_all(owner, url, **params)]

    assert await ids() == [third["id"], second["id"], first["id"]]
    assert await ids(contact_id=ali["id"]) == [third["id"], first["id"]]
    assert await ids(spoken_by=member.user_id) == [second["id"]]
    assert await ids(channel="phone") == [first["id"]]
    assert await ids(issue="ROTAS") == [third["id"]]
    assert await ids(occurred_after=ago(days=7)) == [third["id"], second["id"]]
    assert await ids(occurred_before=ago(days=3)) == [second["id"], first["id"]]
    assert await ids(occurred_after=ago(days=7), occurred_before=ago(days=3)) == [second["id"]]
    assert await ids(q="petition") == [second["id"]]
    assert await ids(q="bea") == [second["id"]]
    assert await ids(updated_since=third["updated_at"]) == [third["id"]]
    assert await names(owner, url, "contact_name", limit=1) == ["Ali", "Bea", "Ali"]
    naive = await owner.get(url, params={"occurred_after": "2026-01-01T00:00:00"})
    assert naive.status_code == 422
    assert naive.json()["fields"][0]["field"] == "occurred_after"


async def test_conversation_with_assessment_and_follow_up(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member", name="Mo Member")
    organiser = await accounts.member(group, "organiser", name="Olu Organiser")
    contact = await make_contact(group, "Cy")
    logged = await log_conversation(
        group,
        contact["id"],
        by=member,
        occurred_at=ago(hours=2),
        notes="Wants a union rep",
        assessment={"level": 2, "reason": "Agreed to sign up"},
        follow_up={
            "title": "Bring a membership form",
            "due_on": "2030-01-02",
            "assignee_id": organiser.user_id,
        },
    )
    assessment = logged["assessment"]
    follow_up = logged["follow_up"]
    assert assessment["level"] == 2
    assert assessment["assessed_at"] == logged["occurred_at"]
    assert assessment["assessed_by"] == member.user_id
    assert assessment["conversation_id"] == logged["id"]
    assert follow_up["assignee_id"] == organiser.user_id
    assert follow_up["contact_id"] == contact["id"]
    assert follow_up["contact_name"] == "Cy"
    assert follow_up["conversation_id"] == logged["id"]
    assert follow_up["done"] is False

    shown = await get_ok(member, f"{group.url}/contacts/{contact['id']}")
    assert shown["assessment_level"] == 2
    assert shown["assessed_at"] == logged["occurred_at"]
    assert shown["last_conversation_at"] == logged["occurred_at"]
    history = await list_all(member, f"{group.url}/contacts/{contact['id']}/assessments")
    assert [a["id"] for a in history] == [assessment["id"]]
    mine = await list_all(organiser, f"{group.url}/follow-ups/mine")
    assert [f["id"] for f in mine] == [follow_up["id"]]

    # The follow-up defaults to the person logging the conversation.
    again = await log_conversation(group, contact["id"], follow_up={"title": "Check in"})
    assert again["follow_up"]["assignee_id"] == group.owner.user_id

    # Deleting the conversation keeps what was decided in it, unlinked.
    assert (await member.delete(f"{group.url}/conversations/{logged['id']}")).status_code == 204
    kept = await get_ok(member, f"{group.url}/assessments/{assessment['id']}")
    assert kept["conversation_id"] is None
    assert kept["version"] == 2
    task = await get_ok(member, f"{group.url}/follow-ups/{follow_up['id']}")
    assert task["conversation_id"] is None
    assert (await get_ok(member, f"{group.url}/contacts/{contact['id']}"))["assessment_level"] == 2


async def test_a_bad_follow_up_assignee_saves_nothing(accounts: Accounts) -> None:
    group = await accounts.group()
    other = await accounts.group(name="Other Group")
    contact = await make_contact(group, "Dee")
    url = f"{group.url}/contacts/{contact['id']}/conversations"
    response = await group.owner.post(
        url,
        json={
            "notes": "Good chat",
            "assessment": {"level": 1},
            "follow_up": {"title": "Call", "assignee_id": other.owner.user_id},
        },
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "follow_up.assignee_id"
    assert response.json()["fields"][0]["loc"] == ["body", "follow_up", "assignee_id"]
    assert await list_all(group.owner, url) == []
    assert await list_all(group.owner, f"{group.url}/contacts/{contact['id']}/assessments") == []
    assert await list_all(group.owner, f"{group.url}/follow-ups") == []
    shown = await get_ok(group.owner, f"{group.url}/contacts/{contact['id']}")
    assert shown["version"] == 1
    assert shown["assessment_level"] is None
    assert shown["last_conversation_at"] is None

    bad_level = await group.owner.post(
        url, json={"assessment": {"level": 9}, "follow_up": {"title": "Call"}}
    )
    assert bad_level.status_code == 422
    assert bad_level.json()["fields"][0]["field"] == "assessment.level"
    assert await list_all(group.owner, f"{group.url}/follow-ups") == []


async def test_conversation_validation(accounts: Accounts) -> None:
    group = await accounts.group()
    other = await accounts.group(name="Other Group")
    contact = await make_contact(group, "Eve")
    url = f"{group.url}/contacts/{contact['id']}/conversations"
    for body, field in [
        ({"occurred_at": ago(minutes=-30)}, "occurred_at"),
        ({"spoken_by": other.owner.user_id}, "spoken_by"),
        ({"channel": "carrier pigeon"}, "channel"),
        ({"follow_up": {"title": "  "}}, "follow_up.title"),
    ]:
        response = await group.owner.post(url, json=body)
        assert response.status_code == 422, body
        assert response.json()["fields"][0]["field"] == field
    # A phone clock a minute fast is fine.
    assert (await group.owner.post(url, json={"occurred_at": ago(minutes=-1)})).status_code == 201
    foreign_contact = await make_contact(other, "Theirs")
    response = await group.owner.post(
        f"{group.url}/contacts/{foreign_contact['id']}/conversations", json={}
    )
    assert response.status_code == 404
    assert response.json()["error"] == "contact_not_found"


async def test_idempotent_conversation_log(accounts: Accounts) -> None:
    group = await accounts.group()
    contact = await make_contact(group, "Fay")
    url = f"{group.url}/contacts/{contact['id']}/conversations"
    body = {"notes": "Chat", "follow_up": {"title": "Call back"}}
    key = {"Idempotency-Key": "conv-1"}
    first = await create_ok(group.owner, url, body, headers=key)
    again = await create_ok(group.owner, url, body, headers=key)
    assert again == first
    assert len(await list_all(group.owner, url)) == 1
    assert len(await list_all(group.owner, f"{group.url}/follow-ups")) == 1
    reused = await group.owner.post(url, json={"notes": "Other"}, headers=key)
    assert reused.status_code == 422


async def test_observers_cannot_log_conversations(accounts: Accounts) -> None:
    group = await accounts.group()
    observer = await accounts.member(group, "observer")
    contact = await make_contact(group, "Gus")
    logged = await log_conversation(group, contact["id"])
    url = f"{group.url}/contacts/{contact['id']}/conversations"
    assert (await observer.post(url, json={"notes": "x"})).status_code == 403
    item = f"{group.url}/conversations/{logged['id']}"
    assert (await observer.patch(item, json={"notes": "x", "version": 1})).status_code == 403
    assert (await observer.delete(item)).status_code == 403
    assert len(await list_all(observer, f"{group.url}/conversations")) == 1
