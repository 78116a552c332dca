"""One of every kind of record in a group, made through the API.

The generated tenancy tests (tests/test_tenancy.py) call `populate_group` and use the returned
mapping to fill each route's path parameters with real ids from the target group, so a
route that leaks another group's record is caught. Each domain adds its records in its own
function below and registers it in POPULATORS; the ids are keyed by path-parameter name.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from tests.factories import Accounts, Group, StaticResolver

Populator = Callable[[Accounts, Group, dict[str, str]], Awaitable[None]]


async def populate_groups_domain(accounts: Accounts, group: Group, ids: dict[str, str]) -> None:
    member = await accounts.member(group, "member", name="Populated Member")
    ids["membership_id"] = await accounts.membership_id(group, member)
    response = await group.owner.post(f"{group.url}/invites", json={"role": "observer"})
    assert response.status_code == 201, response.text
    ids["invite_id"] = response.json()["id"]
    response = await group.owner.post(
        f"{group.url}/tokens", json={"name": "Populated", "scopes": ["contacts:read"]}
    )
    assert response.status_code == 201, response.text
    ids["token_id"] = response.json()["id"]


# --- workplaces and contacts --------------------------------------------------------------


async def populate_organising(accounts: Accounts, group: Group, ids: dict[str, str]) -> None:
    """A workplace with a department and shift, a contact placed there, an assessment, a
    conversation and a follow-up."""
    owner = group.owner

    async def created(url: str, body: dict[str, object]) -> str:
        response = await owner.post(f"{group.url}{url}", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    ids["workplace_id"] = await created("/workplaces", {"name": "Populated Depot"})
    workplace = f"/workplaces/{ids['workplace_id']}"
    ids["department_id"] = await created(f"{workplace}/departments", {"name": "Garage"})
    ids["shift_id"] = await created(f"{workplace}/shifts", {"name": "Nights"})
    ids["contact_id"] = await created(
        "/contacts",
        {
            "full_name": "Populated Contact",
            "workplace_id": ids["workplace_id"],
            "department_id": ids["department_id"],
            "shift_id": ids["shift_id"],
        },
    )
    # The same person entered twice, for merging.
    ids["duplicate_contact_id"] = await created("/contacts", {"full_name": "Populated Contakt"})
    contact = f"/contacts/{ids['contact_id']}"
    ids["assessment_id"] = await created(f"{contact}/assessments", {"level": 2})
    ids["conversation_id"] = await created(f"{contact}/conversations", {"notes": "Met on shift"})
    ids["follow_up_id"] = await created(
        "/follow-ups", {"title": "Call back", "contact_id": ids["contact_id"]}
    )


# --- disputes and solidarity --------------------------------------------------------------


async def populate_disputes(accounts: Accounts, group: Group, ids: dict[str, str]) -> None:
    """A dispute at the workplace with a demand, a timeline event, the contact linked as a rep
    and a ballot; a solidarity action supporting it with the contact taking part; strike pay
    to the contact from its strike fund."""
    owner = group.owner

    async def created(url: str, body: dict[str, object]) -> str:
        response = await owner.post(f"{group.url}{url}", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    if "workplace_id" not in ids:
        ids["workplace_id"] = await created("/workplaces", {"name": "Populated Depot"})
    if "contact_id" not in ids:
        ids["contact_id"] = await created("/contacts", {"full_name": "Populated Contact"})
    ids["dispute_id"] = await created(
        "/disputes", {"title": "Populated dispute", "workplace_ids": [ids["workplace_id"]]}
    )
    dispute = f"/disputes/{ids['dispute_id']}"
    ids["demand_id"] = await created(f"{dispute}/demands", {"text": "Restore the premium"})
    ids["event_id"] = await created(
        f"{dispute}/events", {"kind": "meeting", "occurs_on": "2026-03-01", "title": "Meeting"}
    )
    await created(f"{dispute}/contacts", {"contact_id": ids["contact_id"], "part": "rep"})
    ids["ballot_id"] = await created(
        f"{dispute}/ballots", {"opens_on": "2026-03-02", "closes_on": "2026-03-16"}
    )
    ids["action_id"] = await created(
        "/actions",
        {
            "kind": "picket_visit",
            "title": "Populated picket visit",
            "occurs_at": "2026-03-10T07:00:00Z",
            "dispute_id": ids["dispute_id"],
            "participant_ids": [ids["contact_id"]],
        },
    )
    ids["entry_id"] = await created(
        f"{dispute}/fund-entries",
        {
            "entry_on": "2026-03-12",
            "kind": "strike_pay",
            "amount": "50.00",
            "recipient_id": ids["contact_id"],
        },
    )


# --- bulletins ---------------------------------------------------------------------------


async def populate_stories(accounts: Accounts, group: Group, ids: dict[str, str]) -> None:
    """A story about the workplace and dispute, one started from the conversation, and the
    group's tip page switched on."""
    owner = group.owner
    response = await owner.post(
        f"{group.url}/stories",
        json={
            "headline": "Populated story",
            "workplace_ids": [ids["workplace_id"]],
            "dispute_id": ids["dispute_id"],
            "source_notes": "Told by a populated contact",
        },
    )
    assert response.status_code == 201, response.text
    ids["story_id"] = response.json()["id"]
    response = await owner.post(
        f"{group.url}/conversations/{ids['conversation_id']}/story",
        json={"headline": "Populated story from a conversation"},
    )
    assert response.status_code == 201, response.text
    response = await owner.request("PUT", f"{group.url}/tip-link")
    assert response.status_code == 200, response.text


async def populate_bulletin_editions(accounts: Accounts, group: Group, ids: dict[str, str]) -> None:
    """A bulletin with an edition for the workplace's night shift, an article, a hand-out at
    the workplace and feedback heard there."""
    owner = group.owner

    async def created(url: str, body: dict[str, object]) -> str:
        response = await owner.post(f"{group.url}{url}", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    ids["language"] = "en-GB"
    ids["bulletin_id"] = await created(
        "/bulletins", {"title": "Populated Bulletin", "contact_text": "Talk to us at the gate"}
    )
    ids["edition_id"] = await created(
        f"/bulletins/{ids['bulletin_id']}/editions",
        {
            "edition_date": "2026-03-02",
            "workplace_ids": [ids["workplace_id"]],
            "shift_ids": [ids["shift_id"]],
        },
    )
    edition = f"/editions/{ids['edition_id']}"
    ids["article_id"] = await created(
        f"{edition}/articles",
        {"section": "front", "texts": {"en-GB": {"headline": "Pay up", "body": "We want it."}}},
    )
    ids["handout_id"] = await created(
        f"{edition}/handouts",
        {
            "workplace_id": ids["workplace_id"],
            "place": "Main gate",
            "handed_out_at": "2026-03-03T06:00:00Z",
            "copies_given": 40,
        },
    )
    ids["feedback_id"] = await created(
        f"{edition}/feedback", {"heard_on": "2026-03-04", "text": "People liked the front"}
    )


# --- democracy -----------------------------------------------------------------------------


async def populate_democracy(accounts: Accounts, group: Group, ids: dict[str, str]) -> None:
    """An open secret ballot (with its signing key)."""
    response = await group.owner.post(
        f"{group.url}/votes",
        json={"title": "Populated motion", "subject": "motion", "method": "for_against_abstain"},
    )
    assert response.status_code == 201, response.text
    ids["vote_id"] = response.json()["id"]
    response = await group.owner.post(f"{group.url}/votes/{ids['vote_id']}/open")
    assert response.status_code == 200, response.text


async def populate_meetings(accounts: Accounts, group: Group, ids: dict[str, str]) -> None:
    """A meeting with an agenda item, a motion moved under it (not yet seconded) and a
    decision minuted."""
    owner = group.owner

    async def created(url: str, body: dict[str, object]) -> str:
        response = await owner.post(f"{group.url}{url}", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    ids["meeting_id"] = await created(
        "/meetings",
        {"title": "Populated meeting", "starts_at": "2026-03-05T18:00:00Z", "place": "Hall"},
    )
    meeting = f"/meetings/{ids['meeting_id']}"
    ids["item_id"] = await created(f"{meeting}/agenda", {"title": "Overtime"})
    ids["motion_id"] = await created(
        "/motions",
        {
            "meeting_id": ids["meeting_id"],
            "agenda_item_id": ids["item_id"],
            "title": "Populated motion",
            "text": "This branch bans overtime.",
        },
    )
    ids["decision_id"] = await created(
        f"{meeting}/decisions",
        {"text": "Populated decision", "motion_id": ids["motion_id"]},
    )


# --- campaigns ---------------------------------------------------------------------------


async def populate_offices(accounts: Accounts, group: Group, ids: dict[str, str]) -> None:
    """An office at the department, held by the owner; the member nominated for it (not yet
    seconded); a recall petition against the owner's term (one signature is the threshold of
    two members, so its recall vote is open)."""
    owner = group.owner
    [member] = group.members.values()

    async def created(url: str, body: dict[str, object]) -> str:
        response = await owner.post(f"{group.url}{url}", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    ids["office_id"] = await created(
        "/offices",
        {
            "name": "Populated rep",
            "workplace_id": ids["workplace_id"],
            "department_id": ids["department_id"],
        },
    )
    office = f"/offices/{ids['office_id']}"
    ids["term_id"] = await created(
        f"{office}/terms", {"holder_id": owner.user_id, "starts_on": "2026-01-05"}
    )
    ids["nomination_id"] = await created(
        f"{office}/nominations", {"candidate_id": member.user_id, "statement": "I will"}
    )
    ids["petition_id"] = await created(
        f"/office-terms/{ids['term_id']}/recall-petitions", {"reason": "Populated recall"}
    )


# --- campaigns ---------------------------------------------------------------------------


async def populate_campaigns(accounts: Accounts, group: Group, ids: dict[str, str]) -> None:
    """A campaign at the workplace with a petition on its ladder, the contact recorded as
    having signed it, and the contact on the ballot's roll with their vote ticked."""
    owner = group.owner

    async def sent(method: str, url: str, body: dict[str, object], status: int) -> str:
        response = await owner.request(method, f"{group.url}{url}", json=body)
        assert response.status_code == status, response.text
        return str(response.json().get("id", ""))

    ids["campaign_id"] = await sent(
        "POST",
        "/campaigns",
        {"name": "Populated campaign", "workplace_id": ids["workplace_id"]},
        201,
    )
    ids["test_id"] = await sent(
        "POST",
        f"/campaigns/{ids['campaign_id']}/tests",
        {
            "kind": "majority_petition",
            "title": "Populated petition",
            "petition_text": "We the undersigned",
            "demands": ["Restore the premium"],
        },
        201,
    )
    await sent(
        "PUT",
        f"/structure-tests/{ids['test_id']}/workers/{ids['contact_id']}",
        {"status": "took_part", "signed_on": "2026-03-01", "signature_method": "paper"},
        200,
    )
    roll = f"/ballots/{ids['ballot_id']}/roll"
    await sent("POST", roll, {"contact_ids": [ids["contact_id"]]}, 201)
    await sent("PATCH", f"{roll}/{ids['contact_id']}", {"voted": True}, 200)


async def populate_call_lists(accounts: Accounts, group: Group, ids: dict[str, str]) -> None:
    """A shared saved filter of the workplace's contacts, a call list made from it and
    assigned to the owner, and its first person taken by the owner, who then records that
    they asked not to be contacted (so clearing that has something to clear)."""
    owner = group.owner
    response = await owner.post(
        f"{group.url}/saved-filters",
        json={
            "name": "Populated filter",
            "shared": True,
            "filter": {"workplace_id": ids["workplace_id"]},
        },
    )
    assert response.status_code == 201, response.text
    ids["saved_filter_id"] = response.json()["id"]
    response = await owner.post(
        f"{group.url}/call-lists",
        json={
            "name": "Populated call list",
            "saved_filter_id": ids["saved_filter_id"],
            "assignee_ids": [owner.user_id],
        },
    )
    assert response.status_code == 201, response.text
    ids["call_list_id"] = response.json()["id"]
    response = await owner.post(f"{group.url}/call-lists/{ids['call_list_id']}/take-next", json={})
    assert response.status_code == 200, response.text
    assert response.json()["entry"] is not None, response.text
    ids["call_entry_id"] = response.json()["entry"]["id"]
    response = await owner.post(
        f"{group.url}/call-lists/{ids['call_list_id']}/entries/{ids['call_entry_id']}/outcome",
        json={"outcome": "do_not_contact"},
    )
    assert response.status_code == 200, response.text


# --- change feed and webhooks -------------------------------------------------------------

POPULATED_WEBHOOK_HOST = "hooks.populated.example"


async def populate_webhooks(accounts: Accounts, group: Group, ids: dict[str, str]) -> None:
    """A webhook endpoint. Its host is made to resolve to a public address for the
    registration check only; the worker does not run in tests, so nothing is sent."""
    state = accounts.app.state
    previous = getattr(state, "webhook_resolver", None)
    state.webhook_resolver = StaticResolver({POPULATED_WEBHOOK_HOST: ["93.184.215.14"]})
    try:
        response = await group.owner.post(
            f"{group.url}/webhooks",
            json={"url": f"https://{POPULATED_WEBHOOK_HOST}/hooks", "event_types": ["*"]},
        )
    finally:
        state.webhook_resolver = previous
    assert response.status_code == 201, response.text
    ids["webhook_id"] = response.json()["id"]


# --- imports and exports ------------------------------------------------------------------


async def populate_imports(accounts: Accounts, group: Group, ids: dict[str, str]) -> None:
    """An uploaded contacts import (not yet run), and an export so the audit trail has an
    entry."""
    response = await group.owner.post(
        f"{group.url}/imports",
        files={"file": ("populated.csv", b"Name,Email\nPopulated Import,pi@example.org\n")},
    )
    assert response.status_code == 201, response.text
    ids["import_id"] = response.json()["id"]
    response = await group.owner.get(f"{group.url}/exports/contacts.csv")
    assert response.status_code == 200, response.text


POPULATORS: list[Populator] = [
    populate_groups_domain,
    populate_organising,
    populate_disputes,
    populate_stories,
    populate_bulletin_editions,
    populate_democracy,
    populate_meetings,
    populate_offices,
    populate_campaigns,
    populate_call_lists,
    populate_webhooks,
    populate_imports,
]


async def populate_group(accounts: Accounts, group: Group) -> dict[str, str]:
    # Path parameters that are not ids, with a value the routes accept.
    ids: dict[str, str] = {"file_format": "csv"}
    for populate in POPULATORS:
        await populate(accounts, group, ids)
    return ids
