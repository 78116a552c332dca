"""Merging two records of one person: every linked record moves, one tombstone, both in the
change feed and to webhooks, versions checked, groups kept apart."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlmodel.main import default_registry

from api.contacts.enums import MergeField
from api.contacts.models import Contact
from api.contacts.schemas.contacts import ContactCreate
from api.core.db import GroupRecord
from tests.factories import (
    Accounts,
    Group,
    StaticResolver,
    get_ok,
    list_all,
    make_contact,
    make_workplace,
    tombstones,
)
from tests.populate import (
    populate_call_lists,
    populate_campaigns,
    populate_disputes,
    populate_organising,
)

PUBLIC_ADDRESS = "93.184.215.14"


def tables_referring_to_contacts() -> list[tuple[type[GroupRecord], str]]:
    """Every record table with a foreign key to a contact, read from the models, so a table
    added later is checked by these tests without editing them."""
    found = []
    for mapper in default_registry.mappers:
        model = mapper.class_
        if not (isinstance(model, type) and issubclass(model, GroupRecord)):
            continue
        for foreign_key in model.__table__.foreign_keys:  # type: ignore[attr-defined]
            if foreign_key.column.table is Contact.__table__:  # type: ignore[attr-defined]
                found.append((model, foreign_key.parent.name))
    return sorted(found, key=lambda pair: str(pair[0].__tablename__))


async def rows_pointing_at(app: FastAPI, contact_id: str) -> dict[str, int]:
    counts = {}
    async with app.state.sessionmaker() as session:
        for model, column in tables_referring_to_contacts():
            statement = select(func.count()).where(getattr(model, column) == uuid.UUID(contact_id))
            counts[str(model.__tablename__)] = (await session.execute(statement)).scalar_one()
    return counts


async def merge(group: Group, kept: dict[str, Any], merged: dict[str, Any], **body: Any) -> Any:
    return await group.owner.post(
        f"{group.url}/contacts/{kept['id']}/merge",
        json={
            "merged_id": merged["id"],
            "version": kept["version"],
            "merged_version": merged["version"],
            **body,
        },
    )


@pytest.fixture
def resolver(app: FastAPI) -> Iterator[StaticResolver]:
    stub = StaticResolver({"hooks.example.org": [PUBLIC_ADDRESS]})
    app.state.webhook_resolver = stub
    yield stub
    app.state.webhook_resolver = None


def test_every_field_of_a_contact_can_be_taken_from_either_side() -> None:
    assert {field.value for field in MergeField} == set(ContactCreate.model_fields)


async def test_merge_moves_every_linked_record(
    accounts: Accounts, resolver: StaticResolver
) -> None:
    group = await accounts.group()
    hook = await group.owner.post(
        f"{group.url}/webhooks",
        json={"url": "https://hooks.example.org/in", "event_types": ["contact.*"]},
    )
    assert hook.status_code == 201, hook.text
    ids: dict[str, str] = {}
    await populate_organising(accounts, group, ids)
    await populate_disputes(accounts, group, ids)
    await populate_campaigns(accounts, group, ids)
    await populate_call_lists(accounts, group, ids)
    duplicate_id = ids["contact_id"]
    before = await rows_pointing_at(accounts.app, duplicate_id)
    assert all(before.values()), f"populate a record of every table referring to contacts: {before}"

    kept = await make_contact(group, "Zoë Ní Bhriain", phone="07700 900123")
    # Both records were already linked to the dispute: the link is kept once.
    linked = await group.owner.post(
        f"{group.url}/disputes/{ids['dispute_id']}/contacts",
        json={"contact_id": kept["id"], "part": "striker"},
    )
    assert linked.status_code == 201, linked.text
    merged = await get_ok(group.owner, f"{group.url}/contacts/{duplicate_id}")
    head = await get_ok(group.owner, f"{group.url}/changes/head")

    response = await merge(group, kept, merged, use_merged=["workplace_id", "department_id"])
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["full_name"] == "Zoë Ní Bhriain"
    assert result["phone"] == "07700 900123"
    assert result["workplace_id"] == ids["workplace_id"]
    assert result["department_id"] == ids["department_id"]
    assert result["shift_id"] is None, "a field not chosen keeps the kept contact's value"
    assert result["assessment_level"] == 2, "the merged contact's assessment came along"
    assert result["last_conversation_at"] is not None
    assert result["version"] == kept["version"] + 1
    assert response.headers["etag"] == f'"{result["version"]}"'

    after_merged = await rows_pointing_at(accounts.app, duplicate_id)
    assert set(after_merged.values()) == {0}
    after_kept = await rows_pointing_at(accounts.app, kept["id"])
    for table, count in before.items():
        expected = 1 if table == "dispute_contacts" else count
        assert after_kept[table] == expected, table
    people = await list_all(group.owner, f"{group.url}/disputes/{ids['dispute_id']}/contacts")
    assert [(p["contact_id"], p["part"]) for p in people] == [(kept["id"], "striker")]
    conversations = await list_all(group.owner, f"{group.url}/contacts/{kept['id']}/conversations")
    assert [c["notes"] for c in conversations] == ["Met on shift"]
    # The merged contact asked not to be contacted on the call list: so does the kept one.
    asked = await get_ok(group.owner, f"{group.url}/contacts/{kept['id']}/do-not-contact")
    assert asked["do_not_contact"] is True

    gone = await group.owner.get(f"{group.url}/contacts/{duplicate_id}")
    assert gone.status_code == 404
    assert duplicate_id in (await tombstones(accounts, group))["contact"]

    feed = await get_ok(group.owner, f"{group.url}/changes", cursor=head["cursor"])
    seen = {(item["type"], item["id"], item["operation"]) for item in feed["items"]}
    assert ("contact", kept["id"], "update") in seen
    assert ("contact", duplicate_id, "delete") in seen
    assert ("conversation", ids["conversation_id"], "update") in seen
    assert ("follow_up", ids["follow_up_id"], "update") in seen
    assert ("assessment", ids["assessment_id"], "update") in seen
    deliveries = await list_all(group.owner, f"{group.url}/webhooks/{hook.json()['id']}/deliveries")
    kinds = [delivery["event_type"] for delivery in deliveries]
    assert "contact.updated" in kinds
    assert "contact.deleted" in kinds

    audit = await get_ok(group.owner, f"{group.url}/audit")
    merges = [event for event in audit["items"] if event["action"] == "merge"]
    assert len(merges) == 1
    assert merges[0]["filters"]["merged_id"] == duplicate_id


async def test_merge_refuses_a_stale_version_and_changes_nothing(accounts: Accounts) -> None:
    group = await accounts.group()
    kept = await make_contact(group, "Jill Wright")
    merged = await make_contact(group, "Wright, Jill", phone="07700 900456")
    changed = await group.owner.patch(
        f"{group.url}/contacts/{merged['id']}", json={"notes": "Nights", "version": 1}
    )
    assert changed.status_code == 200
    response = await merge(group, kept, merged)
    assert response.status_code == 409
    assert response.json()["error"] == "version_conflict"
    assert response.json()["current"]["notes"] == "Nights"
    stale_kept = await merge(group, {**kept, "version": 7}, changed.json())
    assert stale_kept.status_code == 409
    assert sorted(await list_names(group)) == ["Jill Wright", "Wright, Jill"]


async def test_merge_refuses_across_groups_and_with_itself(accounts: Accounts) -> None:
    group = await accounts.group()
    other = await accounts.group(name="Other Group")
    ours = await make_contact(group, "Sam Okafor")
    theirs = await make_contact(other, "Sam Okafor")
    response = await merge(group, ours, theirs)
    assert response.status_code == 404
    assert response.json()["error"] == "contact_not_found"
    outsider = await other.owner.post(
        f"{group.url}/contacts/{ours['id']}/merge",
        json={"merged_id": theirs["id"], "version": 1, "merged_version": 1},
    )
    assert outsider.status_code == 404
    assert outsider.json()["error"] == "group_not_found"
    itself = await merge(group, ours, ours)
    assert itself.status_code == 422
    assert itself.json()["fields"][0]["field"] == "merged_id"
    assert await list_names(group) == ["Sam Okafor"]
    assert await list_names(other) == ["Sam Okafor"]


async def test_merge_checks_the_chosen_placement_and_the_role(accounts: Accounts) -> None:
    group = await accounts.group()
    depot = await make_workplace(group, "Depot")
    garage = await group.owner.post(
        f"{group.url}/workplaces/{depot['id']}/departments", json={"name": "Garage"}
    )
    kept = await make_contact(
        group, "Ann Lee", workplace_id=depot["id"], department_id=garage.json()["id"]
    )
    merged = await make_contact(group, "Ann Lee")
    # The merged contact's (empty) workplace with the kept contact's department: refused.
    response = await merge(group, kept, merged, use_merged=["workplace_id"])
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "department_id"
    member = await accounts.member(group, "member")
    refused = await member.post(
        f"{group.url}/contacts/{kept['id']}/merge",
        json={"merged_id": merged["id"], "version": 1, "merged_version": 1},
    )
    assert refused.status_code == 403
    assert len(await list_names(group)) == 2


async def list_names(group: Group) -> list[str]:
    return [item["full_name"] for item in await list_all(group.owner, f"{group.url}/contacts")]
