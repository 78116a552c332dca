"""Groups, roles, members and invites."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from api.groups.models import Invite
from tests.factories import Accounts


async def test_create_list_and_read_groups(accounts: Accounts) -> None:
    person = await accounts.person()
    first = await accounts.group(person, name="  Depot   Drivers ")
    await accounts.group(person, name="Warehouse")
    listed = (await person.get("/api/v1/groups")).json()
    assert [g["name"] for g in listed["items"]] == ["Depot Drivers", "Warehouse"]
    assert {g["role"] for g in listed["items"]} == {"owner"}
    detail = (await person.get(first.url)).json()
    assert detail["member_count"] == 1
    assert "members:manage" in detail["permissions"]


async def test_group_list_paginates_by_cursor(accounts: Accounts) -> None:
    person = await accounts.person()
    for number in range(5):
        await accounts.group(person, name=f"Group {number}")
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (await person.get("/api/v1/groups", params=params)).json()
        seen += [g["name"] for g in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"Group {n}" for n in range(5)]
    bad = await person.get("/api/v1/groups", params={"cursor": "nonsense!"})
    assert bad.status_code == 422
    assert bad.json()["fields"][0]["field"] == "cursor"
    too_many = await person.get("/api/v1/groups", params={"limit": 201})
    assert too_many.status_code == 422
    assert too_many.json()["fields"][0]["field"] == "limit"


async def test_rename_checks_the_version(accounts: Accounts) -> None:
    group = await accounts.group()
    renamed = await group.owner.patch(group.url, json={"name": "New Name", "version": 1})
    assert renamed.status_code == 200
    assert renamed.json()["version"] == 2
    stale = await group.owner.patch(group.url, json={"name": "Stale Name", "version": 1})
    assert stale.status_code == 409
    assert (await group.owner.get(group.url)).json()["name"] == "New Name"
    organiser = await accounts.member(group, "organiser")
    assert (await organiser.patch(group.url, json={"name": "Nope"})).status_code == 403


async def test_members_listed_with_roles(accounts: Accounts) -> None:
    group = await accounts.group()
    organiser = await accounts.member(group, "organiser", name="Olu Organiser")
    observer = await accounts.member(group, "observer", name="Oona Observer")
    response = await observer.get(f"{group.url}/members")
    assert response.status_code == 200
    roles = {m["display_name"]: m["role"] for m in response.json()["items"]}
    assert roles == {
        "Group Owner": "owner",
        "Olu Organiser": "organiser",
        "Oona Observer": "observer",
    }
    assert organiser.user_id in {m["user_id"] for m in response.json()["items"]}


async def test_organiser_cannot_create_or_touch_owners(accounts: Accounts) -> None:
    group = await accounts.group()
    organiser = await accounts.member(group, "organiser")
    member = await accounts.member(group, "member")
    member_id = await accounts.membership_id(group, member)
    owner_id = await accounts.membership_id(group, group.owner)
    promote = await organiser.patch(f"{group.url}/members/{member_id}", json={"role": "owner"})
    assert promote.status_code == 403
    demote_owner = await organiser.patch(f"{group.url}/members/{owner_id}", json={"role": "member"})
    assert demote_owner.status_code == 403
    remove_owner = await organiser.delete(f"{group.url}/members/{owner_id}")
    assert remove_owner.status_code == 403
    owner_invite = await organiser.post(f"{group.url}/invites", json={"role": "owner"})
    assert owner_invite.status_code == 403
    ok = await organiser.patch(f"{group.url}/members/{member_id}", json={"role": "organiser"})
    assert ok.status_code == 200
    assert ok.json()["role"] == "organiser"


async def test_members_cannot_manage_members(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member")
    other = await accounts.member(group, "member")
    other_id = await accounts.membership_id(group, other)
    response = await member.delete(f"{group.url}/members/{other_id}")
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


async def test_last_owner_cannot_leave_or_be_demoted(accounts: Accounts) -> None:
    group = await accounts.group()
    owner_id = await accounts.membership_id(group, group.owner)
    leave = await group.owner.post(f"{group.url}/leave")
    assert leave.status_code == 409
    assert leave.json()["error"] == "last_owner"
    demote = await group.owner.patch(f"{group.url}/members/{owner_id}", json={"role": "member"})
    assert demote.status_code == 409
    second = await accounts.member(group, "owner")
    assert (await group.owner.post(f"{group.url}/leave")).status_code == 204
    assert (await group.owner.get(group.url)).status_code == 404
    second_id = await accounts.membership_id_as(group, second)
    last = await second.delete(f"{group.url}/members/{second_id}")
    assert last.status_code == 409


async def test_member_can_leave(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group)
    assert (await member.post(f"{group.url}/leave")).status_code == 204
    assert (await member.get(group.url)).status_code == 404


async def test_invite_preview_accept_and_single_use(accounts: Accounts) -> None:
    group = await accounts.group(name="Night Shift Network")
    created = await group.owner.post(f"{group.url}/invites", json={"role": "organiser"})
    body = created.json()
    assert body["url"] == f"http://shopfloor.test/join#token={body['token']}"
    assert body["token"].startswith("sfi_")
    listed = (await group.owner.get(f"{group.url}/invites")).json()["items"]
    assert [i["id"] for i in listed] == [body["id"]]
    assert "token" not in listed[0]

    anonymous = accounts.new_client()
    preview = await anonymous.post("/api/v1/invites/preview", json={"token": body["token"]})
    assert preview.json()["group_name"] == "Night Shift Network"
    assert preview.json()["role"] == "organiser"

    joiner = await accounts.person("Joiner")
    accepted = await joiner.post("/api/v1/invites/accept", json={"token": body["token"]})
    assert accepted.status_code == 200
    assert accepted.json() == {"group_id": group.id, "role": "organiser"}
    assert (await joiner.get(group.url)).json()["role"] == "organiser"
    assert (await group.owner.get(f"{group.url}/invites")).json()["items"] == []

    latecomer = await accounts.person("Latecomer")
    again = await latecomer.post("/api/v1/invites/accept", json={"token": body["token"]})
    assert again.status_code == 410
    unknown = await latecomer.post("/api/v1/invites/accept", json={"token": "sfi_unknown-token"})
    assert unknown.status_code == 404
    assert unknown.json()["error"] == "invite_not_found"


async def test_expired_and_revoked_invites_do_not_work(accounts: Accounts, app: object) -> None:
    group = await accounts.group()
    expired_token = await accounts.invite(group)
    revoked = (await group.owner.post(f"{group.url}/invites", json={"role": "member"})).json()
    sessionmaker = app.state.sessionmaker  # type: ignore[attr-defined]
    async with sessionmaker() as session:
        await session.execute(
            update(Invite)
            .where(Invite.role == "member", Invite.id != uuid.UUID(revoked["id"]))  # type: ignore[arg-type]
            .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
        )
        await session.commit()
    assert (await group.owner.delete(f"{group.url}/invites/{revoked['id']}")).status_code == 204
    person = await accounts.person()
    expired = await person.post("/api/v1/invites/accept", json={"token": expired_token})
    assert expired.status_code == 410
    gone = await person.post("/api/v1/invites/accept", json={"token": revoked["token"]})
    assert gone.status_code == 404


async def test_invite_for_an_email_only_works_for_that_account(
    accounts: Accounts, outbox: object
) -> None:
    group = await accounts.group()
    intended = await accounts.person("Intended")
    created = await group.owner.post(
        f"{group.url}/invites", json={"role": "member", "email": intended.email.upper()}
    )
    token = created.json()["token"]
    stranger = await accounts.person("Stranger")
    refused = await stranger.post("/api/v1/invites/accept", json={"token": token})
    assert refused.status_code == 403
    assert refused.json()["error"] == "invite_wrong_account"
    assert (await intended.post("/api/v1/invites/accept", json={"token": token})).status_code == 200


async def test_accepting_when_already_a_member_keeps_the_role(accounts: Accounts) -> None:
    group = await accounts.group()
    organiser = await accounts.member(group, "organiser")
    token = await accounts.invite(group, "observer")
    response = await organiser.post("/api/v1/invites/accept", json={"token": token})
    assert response.json()["role"] == "organiser"
