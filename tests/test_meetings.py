"""Meetings, motions and amendments, decisions and the decision log, through HTTP."""

from __future__ import annotations

from typing import Any

from tests.factories import Account, Accounts, Group, StaticResolver, get_ok, list_all, post_created
from tests.test_votes import close, take_token

WEBHOOK_HOST = "hooks.meetings.example"


async def new_meeting(group: Group, **fields: Any) -> dict[str, Any]:
    body = {"title": "Branch meeting", "starts_at": "2026-03-05T18:00:00Z", "place": "Canteen"}
    return await post_created(group.owner, f"{group.url}/meetings", {**body, **fields})


async def move(
    account: Account, group: Group, meeting: dict[str, Any], **fields: Any
) -> dict[str, Any]:
    body = {
        "meeting_id": meeting["id"],
        "title": "Overtime ban",
        "text": "This branch bans overtime from 1 April.",
    }
    return await post_created(account, f"{group.url}/motions", {**body, **fields})


async def ok(account: Account, method: str, url: str, body: Any = None) -> dict[str, Any]:
    response = await account.request(method, url, json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def refused(account: Account, method: str, url: str, body: Any, status: int) -> str:
    response = await account.request(method, url, json=body)
    assert response.status_code == status, response.text
    error: str = response.json()["error"]
    return error


async def seconded(group: Group, motion: dict[str, Any], by: Account) -> dict[str, Any]:
    return await ok(by, "POST", f"{group.url}/motions/{motion['id']}/second", {})


async def hands(group: Group, motion: dict[str, Any], tallies: dict[str, int]) -> dict[str, Any]:
    """Put to a show of hands and record the count; the motion as it then stands."""
    url = f"{group.url}/motions/{motion['id']}"
    put = await ok(group.owner, "POST", f"{url}/vote", {"secret": False})
    await ok(group.owner, "POST", f"{group.url}/votes/{put['vote_id']}/hands", {"tallies": tallies})
    return await get_ok(group.owner, url)


CARRIED = {"for": 12, "against": 3, "abstain": 1}
LOST = {"for": 2, "against": 9, "abstain": 0}


async def test_meeting_attendance_names_members_and_nobody_twice(accounts: Accounts) -> None:
    group = await accounts.group()
    ana = await accounts.member(group, name="Ana")
    ben = await accounts.member(group, name="Ben")
    outsider = await accounts.person("Outsider")
    meeting = await new_meeting(
        group, present_ids=[group.owner.user_id, ana.user_id], apologies_ids=[ben.user_id]
    )
    assert meeting["present_ids"] == [group.owner.user_id, ana.user_id]
    assert meeting["apologies_ids"] == [ben.user_id]

    url = f"{group.url}/meetings/{meeting['id']}"
    response = await group.owner.patch(
        url, json={"present_ids": [outsider.user_id], "version": meeting["version"]}
    )
    assert response.status_code == 422, response.text
    assert response.json()["fields"][0]["loc"] == ["body", "present_ids", "0"]
    response = await group.owner.patch(
        url, json={"apologies_ids": [ana.user_id], "version": meeting["version"]}
    )
    assert response.status_code == 422, response.text
    assert response.json()["fields"][0]["loc"][-1] == "apologies_ids"

    changed = await ok(
        group.owner, "PATCH", url, {"apologies_ids": [], "version": meeting["version"]}
    )
    assert (changed["apologies_ids"], changed["version"]) == ([], meeting["version"] + 1)
    stale = await refused(group.owner, "PATCH", url, {"title": "X", "version": 1}, 409)
    assert stale == "version_conflict"
    # Members read meetings but do not run them.
    assert await refused(ana, "PATCH", url, {"title": "X", "version": 2}, 403)


async def test_agenda_in_order_with_minutes(accounts: Accounts) -> None:
    group = await accounts.group()
    meeting = await new_meeting(group)
    agenda = f"{group.url}/meetings/{meeting['id']}/agenda"
    items = [
        await post_created(group.owner, agenda, {"title": title})
        for title in ("Apologies", "Pay claim", "Any other business")
    ]
    assert [item["position"] for item in items] == [1, 2, 3]
    order = [items[1]["id"], items[0]["id"], items[2]["id"]]
    reordered = await ok(group.owner, "PUT", f"{agenda}/order", {"item_ids": order})
    assert [item["title"] for item in reordered["items"]] == [
        "Pay claim",
        "Apologies",
        "Any other business",
    ]
    missing = await group.owner.request("PUT", f"{agenda}/order", json={"item_ids": order[:2]})
    assert missing.status_code == 409, missing.text

    item_url = f"{group.url}/agenda-items/{items[1]['id']}"
    current = await get_ok(group.owner, agenda)
    version = next(i["version"] for i in current["items"] if i["id"] == items[1]["id"])
    minuted = await ok(
        group.owner, "PATCH", item_url, {"minutes": "Claim of 8% agreed.", "version": version}
    )
    assert minuted["minutes"] == "Claim of 8% agreed."


async def test_amended_motion_carried_in_order(accounts: Accounts) -> None:
    group = await accounts.group()
    ana = await accounts.member(group, name="Ana")
    ben = await accounts.member(group, name="Ben")
    meeting = await new_meeting(group)
    motion = await move(ana, group, meeting)
    assert (motion["status"], motion["proposer_id"]) == ("tabled", ana.user_id)
    url = f"{group.url}/motions/{motion['id']}"

    # Seconded by someone else, never its proposer; put only once seconded.
    assert await refused(group.owner, "POST", f"{url}/vote", {}, 409) == "motion_not_seconded"
    own = await ana.post(f"{url}/second", json={})
    assert own.status_code == 422, own.text
    motion = await seconded(group, motion, ben)
    assert motion["seconder_id"] == ben.user_id
    assert await refused(group.owner, "POST", f"{url}/second", {}, 409) == (
        "motion_already_seconded"
    )
    # A seconded motion's wording changes only by amendment.
    assert (
        await refused(ana, "PATCH", url, {"text": "Changed", "version": motion["version"]}, 409)
        == "motion_seconded"
    )

    amended_text = "This branch bans overtime from 1 March."
    amendment = await move(ben, group, meeting, amends_id=motion["id"], text=amended_text)
    await seconded(group, amendment, ana)
    losing = await move(
        group.owner, group, meeting, amends_id=motion["id"], text="This branch asks nicely."
    )
    await seconded(group, losing, ana)
    # An amendment to an amendment is refused.
    nested = await group.owner.post(
        f"{group.url}/motions",
        json={"meeting_id": meeting["id"], "amends_id": amendment["id"], "title": "X", "text": "Y"},
    )
    assert nested.status_code == 422, nested.text

    # Every amendment first.
    assert await refused(group.owner, "POST", f"{url}/vote", {}, 409) == "amendments_pending"
    amendment = await hands(group, amendment, CARRIED)
    assert amendment["status"] == "carried"
    motion = await get_ok(group.owner, url)
    assert motion["status"] == "amended"
    assert motion["text"] == amended_text
    [earlier] = motion["text_history"]
    assert earlier["text"] == "This branch bans overtime from 1 April."
    assert earlier["replaced_by"] == amendment["id"]

    assert await refused(group.owner, "POST", f"{url}/vote", {}, 409) == "amendments_pending"
    losing = await hands(group, losing, LOST)
    assert losing["status"] == "fell"
    assert (await get_ok(group.owner, url))["text"] == amended_text

    motion = await hands(group, motion, CARRIED)
    assert (motion["status"], motion["text"]) == ("carried", amended_text)
    vote = await get_ok(group.owner, f"{group.url}/votes/{motion['vote_id']}")
    assert (vote["subject"], vote["secret"], vote["results"]["outcome"]) == (
        "motion",
        False,
        "carried",
    )
    # Decided: no more amendments, seconding or withdrawing.
    late = await group.owner.post(
        f"{group.url}/motions",
        json={"meeting_id": meeting["id"], "amends_id": motion["id"], "title": "X", "text": "Y"},
    )
    assert (late.status_code, late.json()["error"]) == (409, "motion_decided")
    withdrawn = await refused(ana, "POST", f"{url}/end", {"status": "withdrawn"}, 409)
    assert withdrawn == "motion_decided"


async def test_an_amendment_waits_while_its_motion_is_voted(accounts: Accounts) -> None:
    group = await accounts.group()
    ana = await accounts.member(group, name="Ana")
    meeting = await new_meeting(group)
    motion = await seconded(group, await move(group.owner, group, meeting), ana)
    await ok(group.owner, "POST", f"{group.url}/motions/{motion['id']}/vote", {"secret": False})
    late = await ana.post(
        f"{group.url}/motions",
        json={"meeting_id": meeting["id"], "amends_id": motion["id"], "title": "X", "text": "Y"},
    )
    assert (late.status_code, late.json()["error"]) == (409, "motion_being_voted")
    again = await refused(group.owner, "POST", f"{group.url}/motions/{motion['id']}/vote", {}, 409)
    assert again == "motion_being_voted"


async def test_secret_ballot_on_a_motion_settles_it_at_close(accounts: Accounts) -> None:
    group = await accounts.group()
    voters = [await accounts.member(group, name=name) for name in ("Ana", "Ben", "Cas")]
    meeting = await new_meeting(group)
    motion = await seconded(group, await move(voters[0], group, meeting), voters[1])
    url = f"{group.url}/motions/{motion['id']}"
    put = await ok(group.owner, "POST", f"{url}/vote", {"secret": True, "majority": "two_thirds"})
    vote = await get_ok(group.owner, f"{group.url}/votes/{put['vote_id']}")
    assert (vote["status"], vote["secret"], vote["majority"]) == ("open", True, "two_thirds")
    for voter, choice in zip(voters, (["for"], ["for"], ["against"]), strict=True):
        token = await take_token(voter, group, vote)
        response = await accounts.new_client().post(
            f"/api/v1/ballots/{vote['id']}", json={**token, "choice": choice}
        )
        assert response.status_code == 201, response.text
    assert (await get_ok(group.owner, url))["status"] == "tabled"
    closed = await close(group, vote)
    assert closed["results"]["outcome"] == "carried"
    assert (await get_ok(group.owner, url))["status"] == "carried"


async def test_who_may_withdraw_remit_and_propose(accounts: Accounts) -> None:
    group = await accounts.group()
    ana = await accounts.member(group, name="Ana")
    ben = await accounts.member(group, name="Ben")
    observer = await accounts.member(group, "observer", name="Obi")
    meeting = await new_meeting(group)
    motion = await move(ana, group, meeting)
    url = f"{group.url}/motions/{motion['id']}/end"
    body = {"meeting_id": meeting["id"], "title": "X", "text": "Y"}
    assert (await observer.post(f"{group.url}/motions", json=body)).status_code == 403
    named = await ben.post(f"{group.url}/motions", json={**body, "proposer_id": ana.user_id})
    assert (named.status_code, named.json()["error"]) == (403, "chair_only")
    assert await refused(ben, "POST", url, {"status": "withdrawn"}, 403) == "not_proposer"
    assert await refused(ana, "POST", url, {"status": "remitted"}, 403) == "chair_only"
    assert await refused(ana, "POST", url, {"status": "carried"}, 422) == "validation_error"
    ended = await ok(ana, "POST", url, {"status": "withdrawn"})
    assert ended["status"] == "withdrawn"

    other = await move(group.owner, group, meeting, proposer_id=ben.user_id)
    assert other["proposer_id"] == ben.user_id
    recorded = await ok(
        group.owner,
        "POST",
        f"{group.url}/motions/{other['id']}/second",
        {"seconder_id": ana.user_id},
    )
    assert recorded["seconder_id"] == ana.user_id
    remitted = await ok(
        group.owner, "POST", f"{group.url}/motions/{other['id']}/end", {"status": "remitted"}
    )
    assert remitted["status"] == "remitted"


async def test_decision_log_links_and_searches(accounts: Accounts) -> None:
    group = await accounts.group()
    ana = await accounts.member(group, name="Ana")
    march = await new_meeting(group, title="March meeting", starts_at="2026-03-05T18:00:00Z")
    april = await new_meeting(group, title="April meeting", starts_at="2026-04-02T18:00:00Z")
    motion = await hands(
        group, await seconded(group, await move(group.owner, group, march), ana), CARRIED
    )
    decided = await post_created(
        group.owner,
        f"{group.url}/meetings/{march['id']}/decisions",
        {"text": "Overtime ban from 1 April: Łódź депо joins", "motion_id": motion["id"]},
    )
    assert decided["vote_id"] == motion["vote_id"]
    assert (decided["meeting_title"], decided["decided_at"]) == (
        "March meeting",
        "2026-03-05T18:00:00Z",
    )
    await post_created(
        group.owner,
        f"{group.url}/meetings/{april['id']}/decisions",
        {"text": "Café fund: £200 to the strikers"},
    )
    elsewhere = await group.owner.post(
        f"{group.url}/meetings/{april['id']}/decisions",
        json={"text": "X", "motion_id": motion["id"]},
    )
    assert elsewhere.status_code == 422, elsewhere.text

    log = f"{group.url}/decisions"
    assert [d["meeting_title"] for d in await list_all(ana, log)] == [
        "April meeting",
        "March meeting",
    ]
    for query in ("lodz", "LÓDŹ overtime", "cafe", "STRIKERS!"):
        found = await list_all(ana, log, q=query)
        assert len(found) == 1, query
    assert await list_all(ana, log, q="overtime cafe") == []
    assert len(await list_all(ana, log, meeting_id=march["id"])) == 1


async def test_deleting_a_meeting_leaves_tombstones(accounts: Accounts) -> None:
    group = await accounts.group()
    meeting = await new_meeting(group)
    await post_created(group.owner, f"{group.url}/meetings/{meeting['id']}/agenda", {"title": "A"})
    motion = await move(group.owner, group, meeting)
    response = await group.owner.delete(f"{group.url}/meetings/{meeting['id']}")
    assert response.status_code == 204, response.text
    gone = await group.owner.get(f"{group.url}/motions/{motion['id']}")
    assert (gone.status_code, gone.json()["error"]) == (404, "motion_not_found")
    feed = await get_ok(group.owner, f"{group.url}/changes", types="meeting,agenda_item,motion")
    deleted = {(item["type"], item["operation"]) for item in feed["items"]}
    assert {("meeting", "delete"), ("agenda_item", "delete"), ("motion", "delete")} <= deleted


# --- votes: editing a draft, and what the feed and webhooks carry ---------------------------


async def test_a_draft_vote_is_edited_with_its_version(accounts: Accounts) -> None:
    group = await accounts.group()
    vote = await post_created(
        group.owner,
        f"{group.url}/votes",
        {"title": "Picket rota", "subject": "question", "method": "for_against_abstain"},
    )
    url = f"{group.url}/votes/{vote['id']}"
    switched = await group.owner.patch(url, json={"method": "choose_one", "version": 1})
    assert switched.status_code == 422, switched.text
    assert switched.json()["fields"][0]["loc"][-1] == "options"
    changed = await ok(
        group.owner,
        "PATCH",
        url,
        {"method": "choose_one", "options": ["Mondays", "Fridays"], "version": 1},
    )
    assert (changed["options"], changed["version"]) == (["Mondays", "Fridays"], 2)
    stale = await group.owner.patch(url, json={"title": "Late", "version": 1})
    assert (stale.status_code, stale.json()["error"]) == (409, "version_conflict")
    seats = await group.owner.patch(url, json={"seats": 2, "version": 2})
    assert seats.status_code == 422, seats.text
    back = await ok(group.owner, "PATCH", url, {"method": "for_against_abstain", "version": 2})
    assert back["options"] == ["for", "against", "abstain"]

    await ok(group.owner, "POST", f"{url}/open")
    opened = await group.owner.patch(url, json={"title": "Too late", "version": 4})
    assert (opened.status_code, opened.json()["error"]) == (409, "vote_not_draft")


async def test_feed_and_webhooks_carry_no_choice_before_close_and_no_roll(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    state = accounts.app.state
    state.webhook_resolver = StaticResolver({WEBHOOK_HOST: ["93.184.215.14"]})
    try:
        hook = await post_created(
            group.owner,
            f"{group.url}/webhooks",
            {"url": f"https://{WEBHOOK_HOST}/hooks", "event_types": ["*"]},
        )
    finally:
        state.webhook_resolver = None
    voters = [await accounts.member(group, name=name) for name in ("Ana", "Ben")]
    vote = await post_created(
        group.owner,
        f"{group.url}/votes",
        {"title": "Strike", "subject": "question", "method": "for_against_abstain"},
    )
    vote = await ok(group.owner, "POST", f"{group.url}/votes/{vote['id']}/open")
    head = (await get_ok(group.owner, f"{group.url}/changes/head"))["cursor"]
    for voter in voters:
        token = await take_token(voter, group, vote)
        response = await accounts.new_client().post(
            f"/api/v1/ballots/{vote['id']}", json={**token, "choice": ["against"]}
        )
        assert response.status_code == 201, response.text
    # Taking ballots and casting them writes nothing to the feed.
    during = await get_ok(group.owner, f"{group.url}/changes", cursor=head)
    assert during["items"] == []
    feed = await get_ok(group.owner, f"{group.url}/changes")
    assert {item["type"] for item in feed["items"]} <= {"vote", "webhook_endpoint"}
    votes = [item["record"] for item in feed["items"] if item["type"] == "vote"]
    assert votes
    assert all(record["results"] is None for record in votes)
    assert not any(voter.user_id in str(feed) for voter in voters)

    await close(group, vote)
    after = await get_ok(group.owner, f"{group.url}/changes", cursor=head)
    [closed] = after["items"]
    assert (closed["type"], closed["operation"]) == ("vote", "update")
    assert closed["record"]["results"]["tallies"]["against"] == 2

    deliveries = await list_all(group.owner, f"{group.url}/webhooks/{hook['id']}/deliveries")
    assert [d["payload"]["type"] for d in deliveries] == [
        "vote.updated",
        "vote.updated",
        "vote.created",
    ]
    for delivery in deliveries:
        # An event names the record and the fields that changed, never values or people.
        data = delivery["payload"]["data"]
        assert set(data) == {"id", "entity_type", "operation", "changed_fields", "seq", "group_id"}
        assert data["id"] == vote["id"]
