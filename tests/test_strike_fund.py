"""A dispute's strike fund as a ledger: entries in and out, totals, reversals, who sees the
people paid, and dates that have not come yet."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from api.core.db import utcnow
from tests.factories import Accounts, Group, get_ok, list_all, new_contact, new_dispute

TODAY = utcnow().date()


def day(offset: int = 0) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


async def add_entry(group: Group, dispute_id: str, **fields: Any) -> dict[str, Any]:
    body = {"entry_on": day(-1), **fields}
    response = await group.owner.post(f"{group.url}/disputes/{dispute_id}/fund-entries", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def fund_of(group: Group, dispute_id: str) -> dict[str, Any]:
    dispute = await get_ok(group.owner, f"{group.url}/disputes/{dispute_id}")
    return {
        name: dispute[f"strike_fund_{name}"] for name in ("raised", "spent", "balance", "percent")
    }


async def test_the_raised_total_is_the_ledgers_sum(accounts: Accounts) -> None:
    group = await accounts.group()
    dispute = await new_dispute(group, strike_fund_target="1000")
    sam = await new_contact(group, "Sam Okafor")

    await add_entry(group, dispute["id"], kind="donation", amount="250.00", description="Branch")
    await add_entry(group, dispute["id"], kind="collection", amount=120.5)
    await add_entry(group, dispute["id"], kind="levy", amount="0.25")
    paid = await add_entry(group, dispute["id"], kind="strike_pay", amount="50", recipient_id=sam)
    assert paid["direction"] == "out"
    assert paid["signed_amount"] == "-50.00"
    assert paid["recipient_name"] == "Sam Okafor"
    assert paid["created_by"] is not None
    await add_entry(group, dispute["id"], kind="costs", amount="10.00", description="Banner")

    assert await fund_of(group, dispute["id"]) == {
        "raised": "370.75",
        "spent": "60.00",
        "balance": "310.75",
        "percent": 37.1,
    }
    entries = await list_all(group.owner, f"{group.url}/disputes/{dispute['id']}/fund-entries")
    assert len(entries) == 5
    assert sum(float(e["signed_amount"]) for e in entries) == 310.75

    # A mistake is reversed, never edited or deleted: both stay in the ledger.
    response = await group.owner.post(
        f"{group.url}/fund-entries/{paid['id']}/reversal", json={"description": "Paid twice"}
    )
    assert response.status_code == 201, response.text
    reversal = response.json()
    assert reversal["reverses_id"] == paid["id"]
    assert reversal["signed_amount"] == "50.00"
    assert reversal["entry_on"] == day()
    assert (await fund_of(group, dispute["id"]))["spent"] == "10.00"
    assert (await get_ok(group.owner, f"{group.url}/fund-entries/{paid['id']}"))[
        "reversed_by_id"
    ] == reversal["id"]
    again = await group.owner.post(f"{group.url}/fund-entries/{paid['id']}/reversal", json={})
    assert again.status_code == 409
    assert again.json()["error"] == "fund_entry_already_reversed"
    twice = await group.owner.post(f"{group.url}/fund-entries/{reversal['id']}/reversal", json={})
    assert twice.json()["error"] == "fund_entry_is_a_reversal"
    entry_url = f"{group.url}/fund-entries/{paid['id']}"
    assert (await group.owner.patch(entry_url, json={"amount": "5"})).status_code == 405
    assert (await group.owner.delete(entry_url)).status_code == 405
    assert (
        len(await list_all(group.owner, f"{group.url}/disputes/{dispute['id']}/fund-entries")) == 6
    )


async def test_entries_are_checked_before_they_count(accounts: Accounts) -> None:
    group = await accounts.group()
    dispute = await new_dispute(group)
    sam = await new_contact(group)
    url = f"{group.url}/disputes/{dispute['id']}/fund-entries"

    async def refused(body: dict[str, Any]) -> dict[str, Any]:
        response = await group.owner.post(url, json={"entry_on": day(-1), **body})
        assert response.status_code == 422, response.text
        answer: dict[str, Any] = response.json()
        return answer

    for amount in ("-50", -1, "abc", "0.001", "1e309"):
        answer = await refused({"kind": "donation", "amount": amount})
        assert answer["fields"][0]["field"] == "amount"
    answer = await refused({"kind": "donation", "amount": "5", "recipient_id": sam})
    assert answer["fields"][0]["field"] == "recipient_id"
    answer = await refused({"kind": "costs", "amount": "5", "action_id": sam})
    assert answer["fields"][0]["field"] == "action_id"

    # Money dated after today is a typing mistake unless the request says it is meant.
    answer = await refused({"kind": "donation", "amount": "5", "entry_on": day(3)})
    assert answer["error"] == "date_in_future"
    assert answer["fields"][0]["field"] == "entry_on"
    pledged = await add_entry(
        group, dispute["id"], kind="donation", amount="5", entry_on=day(3), allow_future_date=True
    )
    assert pledged["entry_on"] == day(3)
    assert (await fund_of(group, dispute["id"]))["raised"] == "5.00"

    # A retried request with its Idempotency-Key counts once.
    key = {"Idempotency-Key": "fund-retry-1"}
    body = {"entry_on": day(-1), "kind": "collection", "amount": "20"}
    first = await group.owner.post(url, json=body, headers=key)
    second = await group.owner.post(url, json=body, headers=key)
    assert first.json()["id"] == second.json()["id"]
    assert (await fund_of(group, dispute["id"]))["raised"] == "25.00"


async def test_a_solidarity_collection_links_its_action(accounts: Accounts) -> None:
    group = await accounts.group()
    dispute = await new_dispute(group)
    action = await group.owner.post(
        f"{group.url}/actions",
        json={
            "kind": "collection",
            "title": "Bucket collection at the station",
            "occurs_at": f"{day(-2)}T08:00:00Z",
            "dispute_id": dispute["id"],
            "money_raised": "84.20",
        },
    )
    assert action.status_code == 201, action.text
    entry = await add_entry(
        group,
        dispute["id"],
        kind="solidarity_collection",
        amount="84.20",
        action_id=action.json()["id"],
    )
    assert entry["action_id"] == action.json()["id"]
    assert (await fund_of(group, dispute["id"]))["raised"] == "84.20"


async def test_only_those_who_manage_disputes_see_who_was_paid(accounts: Accounts) -> None:
    group = await accounts.group()
    organiser = await accounts.member(group, "organiser")
    member = await accounts.member(group, "member")
    observer = await accounts.member(group, "observer")
    dispute = await new_dispute(group)
    sam = await new_contact(group, "Sam Okafor")
    paid = await add_entry(group, dispute["id"], kind="hardship", amount="75", recipient_id=sam)
    url = f"{group.url}/disputes/{dispute['id']}/fund-entries"

    for manager in (group.owner, organiser):
        [entry] = await list_all(manager, url)
        assert entry["recipient_id"] == sam
        assert entry["recipient_name"] == "Sam Okafor"
        assert entry["recipient_hidden"] is False
    for reader in (member, observer):
        [entry] = await list_all(reader, url)
        assert entry["recipient_id"] is None
        assert entry["recipient_name"] is None
        assert entry["recipient_hidden"] is True
        assert entry["amount"] == "75.00"
        one = await get_ok(reader, f"{group.url}/fund-entries/{paid['id']}")
        assert one["recipient_id"] is None
        totals = await get_ok(reader, f"{group.url}/disputes/{dispute['id']}")
        assert totals["strike_fund_spent"] == "75.00"
        changes = await get_ok(reader, f"{group.url}/changes", types="strike_fund_entry")
        assert [c["record"]["recipient_id"] for c in changes["items"]] == [None]
        refused = await reader.post(
            url, json={"entry_on": day(-1), "kind": "donation", "amount": "1"}
        )
        assert refused.status_code == 403

    # A token sees no more than its scope allows, even an owner's.
    http = accounts.new_client()
    for scopes, shown in ((["disputes:read"], None), (["disputes:read", "disputes:write"], sam)):
        token = await group.owner.post(
            f"{group.url}/tokens", json={"name": "Sync", "scopes": scopes}
        )
        assert token.status_code == 201, token.text
        response = await http.get(
            url, headers={"Authorization": f"Bearer {token.json()['secret']}"}
        )
        assert response.status_code == 200, response.text
        assert response.json()["items"][0]["recipient_id"] == shown


async def test_entries_reach_the_change_feed_and_go_with_their_dispute(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    dispute = await new_dispute(group)
    entry = await add_entry(group, dispute["id"], kind="donation", amount="30")
    feed = await get_ok(group.owner, f"{group.url}/changes", types="strike_fund_entry,dispute")
    seen = [(c["type"], c["operation"]) for c in feed["items"]]
    assert ("strike_fund_entry", "create") in seen
    # The dispute's totals moved with it, so integrations see the dispute change too.
    assert seen.count(("dispute", "update")) == 1
    [created] = [c for c in feed["items"] if c["type"] == "strike_fund_entry"]
    assert created["record"]["amount"] == "30.00"

    response = await group.owner.delete(
        f"{group.url}/disputes/{dispute['id']}", params={"version": 2}
    )
    assert response.status_code == 204, response.text
    gone = await group.owner.get(f"{group.url}/fund-entries/{entry['id']}")
    assert gone.status_code == 404


async def test_reading_who_was_paid_is_in_the_read_audit(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member")
    dispute = await new_dispute(group)
    sam = await new_contact(group, "Sam Okafor")
    ann = await new_contact(group, "Ann Lee")
    paid = await add_entry(group, dispute["id"], kind="strike_pay", amount="50", recipient_id=sam)
    await add_entry(group, dispute["id"], kind="hardship", amount="20", recipient_id=ann)
    await add_entry(group, dispute["id"], kind="donation", amount="100")
    audit = f"{group.url}/audit/reads/contacts"

    async def reads_of(contact_id: str) -> list[tuple[str, str]]:
        page = await get_ok(group.owner, f"{audit}/{contact_id}")
        return [(read["kind"], read["actor_name"]) for read in page["items"]]

    # A member is not shown who was paid, so nothing about Sam was read.
    await get_ok(member, f"{group.url}/fund-entries/{paid['id']}")
    assert await reads_of(sam) == []

    await get_ok(group.owner, f"{group.url}/fund-entries/{paid['id']}")
    assert await reads_of(sam) == [("fund_entry", group.owner.display_name)]

    # The ledger's pages after the first, as for every list; Sam's entry is the oldest.
    url = f"{group.url}/disputes/{dispute['id']}/fund-entries"
    first = await get_ok(group.owner, url, limit=2)
    assert await reads_of(ann) == []
    await get_ok(group.owner, url, limit=2, cursor=first["next_cursor"])
    assert await reads_of(sam) == [
        ("fund_entry_list", group.owner.display_name),
        ("fund_entry", group.owner.display_name),
    ]
    assert await reads_of(ann) == []
