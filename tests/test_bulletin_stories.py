"""Stories: members propose, organisers edit, assign and move them along; observers read;
source notes stay with those who may read them; a story starts from a conversation."""

from __future__ import annotations

import uuid
from typing import Any

from tests.factories import (
    Account,
    Accounts,
    Group,
    get_ok,
    list_all,
    log_conversation,
    make_contact,
    new_dispute,
    new_workplace,
    post_created,
    tombstones,
)


def stories_url(group: Group) -> str:
    return f"{group.url}/stories"


async def propose(account: Account, group: Group, **fields: Any) -> dict[str, Any]:
    return await post_created(
        account, stories_url(group), {"headline": "Canteen closed on nights", **fields}
    )


async def edit(account: Account, group: Group, story: dict[str, Any], **fields: Any) -> Any:
    return await account.patch(
        f"{stories_url(group)}/{story['id']}", json={"version": story["version"], **fields}
    )


async def test_a_member_proposes_an_idea_an_observer_reads_it(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member")
    observer = await accounts.member(group, "observer")
    workplace_id = await new_workplace(group)
    story = await propose(
        member,
        group,
        body="The canteen shut at 10pm **three nights** running.",
        workplace_ids=[workplace_id],
    )
    assert story["status"] == "idea"
    assert story["is_tip"] is False
    assert story["assignee_id"] is None
    assert story["workplace_ids"] == [workplace_id]
    assert story["created_by"] == member.user_id
    listed = await list_all(observer, stories_url(group))
    assert [item["headline"] for item in listed] == ["Canteen closed on nights"]
    refused = await observer.post(stories_url(group), json={"headline": "Observer's idea"})
    assert refused.status_code == 403


async def test_members_propose_ideas_but_do_not_assign_or_set_status(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member")
    at_status = await member.post(
        stories_url(group), json={"headline": "Already ready", "status": "ready"}
    )
    assert at_status.status_code == 403
    assert "status" in at_status.json()["detail"]
    assigned = await member.post(
        stories_url(group), json={"headline": "Mine", "assignee_id": member.user_id}
    )
    assert assigned.status_code == 403
    assert "assignee_id" in assigned.json()["detail"]


async def test_an_organiser_moves_a_story_along_and_its_assignee_drafts_it(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    organiser = await accounts.member(group, "organiser")
    writer = await accounts.member(group, "member", name="Writer")
    other = await accounts.member(group, "member", name="Other")
    story = await propose(other, group)

    response = await edit(organiser, group, story, status="assigned", assignee_id=writer.user_id)
    assert response.status_code == 200, response.text
    story = response.json()
    assert (story["status"], story["assignee_id"]) == ("assigned", writer.user_id)

    # The assignee writes the draft and says it is drafted; they cannot mark it ready.
    response = await edit(writer, group, story, body="Draft text", status="drafted")
    assert response.status_code == 200, response.text
    story = response.json()
    assert (story["status"], story["body"]) == ("drafted", "Draft text")
    ready = await edit(writer, group, story, status="ready")
    assert ready.status_code == 403

    # Someone else's story is not another member's to change.
    response = await edit(other, group, story, headline="Changed by the proposer")
    assert response.status_code == 200
    story = response.json()
    stranger = await accounts.member(group, "member", name="Stranger")
    assert (await edit(stranger, group, story, headline="Not mine")).status_code == 403

    for status in ("checked", "ready", "spiked"):
        response = await edit(organiser, group, story, status=status)
        assert response.status_code == 200, response.text
        story = response.json()
        assert story["status"] == status
    board = await get_ok(organiser, stories_url(group), status=["spiked"])
    assert [item["id"] for item in board["items"]] == [story["id"]]


async def test_a_stale_version_is_refused_with_the_story_as_it_stands(accounts: Accounts) -> None:
    group = await accounts.group()
    story = await propose(group.owner, group)
    assert (await edit(group.owner, group, story, headline="First")).status_code == 200
    stale = await edit(group.owner, group, story, headline="Second")
    assert stale.status_code == 409
    assert stale.json()["current"]["headline"] == "First"


async def test_source_notes_are_read_only_by_editors_and_the_proposer(accounts: Accounts) -> None:
    group = await accounts.group()
    proposer = await accounts.member(group, "member", name="Proposer")
    other = await accounts.member(group, "member", name="Other")
    observer = await accounts.member(group, "observer")
    organiser = await accounts.member(group, "organiser")
    story = await propose(proposer, group, source_notes="Told by Jo on nights, 07700 900123")
    assert story["source_notes"] == "Told by Jo on nights, 07700 900123"

    url = f"{stories_url(group)}/{story['id']}"
    for reader, sees in ((organiser, True), (proposer, True), (other, False), (observer, False)):
        read = await get_ok(reader, url)
        assert read["has_source_notes"] is True
        assert read["source_notes"] == (story["source_notes"] if sees else None)
        listed = await list_all(reader, stories_url(group))
        assert listed[0]["source_notes"] == read["source_notes"]
    # Searching cannot reveal them either.
    assert await list_all(organiser, stories_url(group), q="07700") == []

    changes = await get_ok(group.owner, f"{group.url}/changes", types="story")
    records = [item["record"] for item in changes["items"] if item["type"] == "story"]
    assert records, "the story is in the change feed"
    assert all(record["source_notes"] is None for record in records)
    assert "07700" not in str(changes)


async def test_a_story_names_only_the_groups_workplaces_members_and_disputes(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    other_group = await accounts.group(name="Elsewhere")
    foreign_workplace = await new_workplace(other_group)
    foreign_dispute = (await new_dispute(other_group))["id"]
    for field, value in (
        ("workplace_ids", [foreign_workplace]),
        ("dispute_id", foreign_dispute),
        ("assignee_id", other_group.owner.user_id),
    ):
        response = await group.owner.post(
            stories_url(group), json={"headline": "Crossing over", field: value}
        )
        assert response.status_code == 422, (field, response.text)
        assert response.json()["fields"][0]["loc"][1] == field
    dispute_id = (await new_dispute(group))["id"]
    story = await propose(group.owner, group, dispute_id=dispute_id, status="assigned")
    assert (story["dispute_id"], story["status"]) == (dispute_id, "assigned")


async def test_a_conversation_becomes_the_draft_of_a_story(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member")
    contact = await make_contact(group, "Jo Nowak")
    conversation = await log_conversation(
        group,
        contact["id"],
        by=member,
        issues=["Canteen closed on nights", "No hot water in the lockers"],
        notes="Twelve people went without food on Tuesday.",
    )
    url = f"{group.url}/conversations/{conversation['id']}/story"
    key = {"Idempotency-Key": str(uuid.uuid4())}
    response = await member.post(url, json={}, headers=key)
    assert response.status_code == 201, response.text
    story = response.json()
    # The conversation keeps issues as tags (lower case): taken as they are.
    assert story["headline"] == "canteen closed on nights"
    assert story["body"] == (
        "- canteen closed on nights\n- no hot water in the lockers\n\n"
        "Twelve people went without food on Tuesday."
    )
    assert story["conversation_id"] == conversation["id"]
    assert story["status"] == "idea"
    assert story["source_notes"] is None
    assert "Nowak" not in str(story)
    # Sent again after a lost answer: the same story, not a second one.
    again = await member.post(url, json={}, headers=key)
    assert again.json()["id"] == story["id"]
    assert len(await list_all(member, stories_url(group))) == 1

    named = await post_created(member, url, {"headline": "Lockers without hot water"})
    assert named["headline"] == "Lockers without hot water"


async def test_a_conversation_with_no_issues_needs_a_headline(accounts: Accounts) -> None:
    group = await accounts.group()
    contact = await make_contact(group)
    conversation = await log_conversation(group, contact["id"], notes="Quiet chat")
    url = f"{group.url}/conversations/{conversation['id']}/story"
    response = await group.owner.post(url, json={})
    assert response.status_code == 422
    assert response.json()["fields"][0]["loc"] == ["body", "headline"]
    story = await post_created(group.owner, url, {"headline": "Quiet on the line"})
    assert story["body"] == "Quiet chat"
    missing = await group.owner.post(f"{group.url}/conversations/{uuid.uuid4()}/story", json={})
    assert missing.status_code == 404


async def test_deleting_a_story_leaves_tombstones_for_it_and_its_workplaces(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member")
    workplace_id = await new_workplace(group)
    story = await propose(member, group, workplace_ids=[workplace_id])
    url = f"{stories_url(group)}/{story['id']}"
    assert (await member.delete(url)).status_code == 403
    assert (await group.owner.delete(url, params={"version": story["version"]})).status_code == 204
    assert (await group.owner.get(url)).status_code == 404
    dead = await tombstones(accounts, group)
    assert story["id"] in dead["story"]
    assert len(dead["story_workplace"]) == 1


async def test_changing_workplaces_replaces_them(accounts: Accounts) -> None:
    group = await accounts.group()
    depot = await new_workplace(group, "Depot")
    warehouse = await new_workplace(group, "Warehouse")
    story = await propose(group.owner, group, workplace_ids=[depot])
    response = await edit(group.owner, group, story, workplace_ids=[warehouse, depot])
    assert response.status_code == 200
    assert sorted(response.json()["workplace_ids"]) == sorted([warehouse, depot])
    assert response.json()["version"] == story["version"] + 1
    filtered = await list_all(group.owner, stories_url(group), workplace_id=warehouse)
    assert [item["id"] for item in filtered] == [story["id"]]
