"""Contacts, duplicate warnings, bulk changes, assessments and history through the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.factories import (
    Accounts,
    Group,
    create_ok,
    get_ok,
    list_all,
    log_conversation,
    make_contact,
    make_department,
    make_shift,
    make_workplace,
    names,
    tombstones,
)


def ago(**delta: float) -> str:
    return (datetime.now(UTC) - timedelta(**delta)).isoformat()


async def test_contact_life(accounts: Accounts) -> None:
    group = await accounts.group()
    owner = group.owner
    organiser = await accounts.member(group, "organiser", name="Olu Organiser")
    workplace = await make_workplace(group)
    department = await make_department(group, workplace["id"])
    shift = await make_shift(group, workplace["id"])
    created = await make_contact(
        group,
        " Sam   Okafor ",
        workplace_id=workplace["id"],
        department_id=department["id"],
        shift_id=shift["id"],
        job_title="Driver",
        union="Unite",
        membership_status="member",
        phone="07700 900123",
        email="Sam.Okafor@Example.org",
        preferred_language="yo",
        other_languages=["en", "pcm"],
        organiser_id=organiser.user_id,
        tags=[" Night  Shift", "night shift", "Canteen", ""],
        notes="Angry about rotas",
        source="Canteen stall",
        lawful_basis="legitimate interests",
        consent_note="Happy to be texted",
        external_id="sheet-17",
    )
    assert created["full_name"] == "Sam Okafor"
    assert created["email"] == "sam.okafor@example.org"
    assert created["tags"] == ["night shift", "canteen"]
    assert created["assessment_level"] is None
    assert created["last_conversation_at"] is None
    assert created["possible_duplicates"] == []
    url = f"{group.url}/contacts/{created['id']}"

    got = await owner.get(url)
    assert got.headers["ETag"] == '"1"'
    shown = got.json()
    assert shown == {k: v for k, v in created.items() if k != "possible_duplicates"}

    assert (await owner.patch(url, json={"job_title": "Mechanic"})).status_code == 428
    updated = await owner.patch(url, json={"job_title": "Mechanic", "phone": "", "version": 1})
    assert updated.status_code == 200
    assert updated.json()["job_title"] == "Mechanic"
    assert updated.json()["phone"] is None
    stale = await owner.patch(url, json={"notes": "x", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["current"]["job_title"] == "Mechanic"
    stale_header = await owner.patch(url, json={"notes": "x"}, headers={"If-Match": '"1"'})
    assert stale_header.status_code == 412
    assert stale_header.json()["current"]["version"] == 2

    for body, field in [
        ({"email": "not-an-email", "version": 2}, "email"),
        ({"phone": "call me maybe", "version": 2}, "phone"),
        ({"membership_status": "sort of", "version": 2}, "membership_status"),
        ({"full_name": None, "version": 2}, "full_name"),
        ({"tags": ["x" * 51], "version": 2}, "tags"),
    ]:
        response = await owner.patch(url, json=body)
        assert response.status_code == 422, body
        assert response.json()["fields"][0]["field"] == field

    assert (await owner.delete(url, params={"version": 1})).status_code == 409
    assert (await owner.delete(url)).status_code == 204
    missing = await owner.get(url)
    assert missing.status_code == 404
    assert missing.json()["error"] == "contact_not_found"
    assert await list_all(owner, f"{group.url}/contacts") == []
    assert created["id"] in (await tombstones(accounts, group))["contact"]


async def test_placement_and_people_must_belong_to_the_group(accounts: Accounts) -> None:
    group = await accounts.group()
    other = await accounts.group(name="Other Group")
    here = await make_workplace(group, "Here")
    there = await make_workplace(group, "There")
    department_there = await make_department(group, there["id"], "Elsewhere")
    foreign_workplace = await make_workplace(other, "Foreign")
    url = f"{group.url}/contacts"
    cases: list[tuple[dict[str, Any], str]] = [
        ({"workplace_id": foreign_workplace["id"]}, "workplace_id"),
        ({"workplace_id": here["id"], "department_id": department_there["id"]}, "department_id"),
        ({"department_id": department_there["id"]}, "department_id"),
        ({"organiser_id": other.owner.user_id}, "organiser_id"),
    ]
    for body, field in cases:
        response = await group.owner.post(url, json={"full_name": "Pat", **body})
        assert response.status_code == 422, body
        assert response.json()["fields"][0]["field"] == field
        assert foreign_workplace["id"] not in response.text
    assert await list_all(group.owner, url) == []

    contact = await make_contact(
        group, workplace_id=there["id"], department_id=department_there["id"]
    )
    moved = await group.owner.patch(
        f"{url}/{contact['id']}", json={"workplace_id": here["id"], "version": 1}
    )
    assert moved.status_code == 422
    assert moved.json()["fields"][0]["field"] == "department_id"
    moved = await group.owner.patch(
        f"{url}/{contact['id']}",
        json={"workplace_id": here["id"], "department_id": None, "version": 1},
    )
    assert moved.status_code == 200
    assert moved.json()["department_id"] is None


async def test_contact_filters(accounts: Accounts) -> None:
    group = await accounts.group()
    owner = group.owner
    organiser = await accounts.member(group, "organiser")
    depot = await make_workplace(group, "Depot")
    garage = await make_department(group, depot["id"], "Garage")
    nights = await make_shift(group, depot["id"], "Nights")
    ada = await make_contact(
        group,
        "Ada Leader",
        workplace_id=depot["id"],
        department_id=garage["id"],
        shift_id=nights["id"],
        membership_status="member",
        tags=["Rota"],
        organiser_id=organiser.user_id,
        phone="+44 (0)7700-900-111",
    )
    ben = await make_contact(
        group, "Ben Undecided", workplace_id=depot["id"], email="ben@example.org"
    )
    cat = await make_contact(group, "Cat Unknown", notes="Works in the canteen")
    await create_ok(owner, f"{group.url}/contacts/{ada['id']}/assessments", {"level": 1})
    await create_ok(owner, f"{group.url}/contacts/{ben['id']}/assessments", {"level": 3})
    await log_conversation(group, ada["id"], occurred_at=ago(days=2))
    await log_conversation(group, ben["id"], occurred_at=ago(days=40))

    url = f"{group.url}/contacts"
    assert await names(owner, url) == ["Ada Leader", "Ben Undecided", "Cat Unknown"]
    assert await names(owner, url, workplace_id=depot["id"]) == ["Ada Leader", "Ben Undecided"]
    assert await names(owner, url, department_id=garage["id"]) == ["Ada Leader"]
    assert await names(owner, url, shift_id=nights["id"]) == ["Ada Leader"]
    assert await names(owner, url, assessment_level="1") == ["Ada Leader"]
    assert await names(owner, url, assessment_level="3") == ["Ben Undecided"]
    assert await names(owner, url, assessment_level="unassessed") == ["Cat Unknown"]
    assert await names(owner, url, membership_status="member") == ["Ada Leader"]
    assert await names(owner, url, membership_status="unknown") == [
        "Ben Undecided",
        "Cat Unknown",
    ]
    assert await names(owner, url, tag="ROTA") == ["Ada Leader"]
    assert await names(owner, url, tag="canteen") == []
    assert await names(owner, url, organiser_id=organiser.user_id) == ["Ada Leader"]
    assert await names(owner, url, not_contacted_since=ago(days=30)) == [
        "Ben Undecided",
        "Cat Unknown",
    ]
    assert await names(owner, url, q="undecided") == ["Ben Undecided"]
    assert await names(owner, url, q="BEN@example") == ["Ben Undecided"]
    assert await names(owner, url, q="07700900111") == ["Ada Leader"]
    assert await names(owner, url, q="canteen") == ["Cat Unknown"]
    assert await names(owner, url, q="100%") == []
    assert await names(owner, url, workplace_id=depot["id"], assessment_level="3") == [
        "Ben Undecided"
    ]
    touched = await owner.patch(f"{url}/{cat['id']}", json={"job_title": "Cook", "version": 1})
    since = touched.json()["updated_at"]
    assert await names(owner, url, updated_since=since) == ["Cat Unknown"]

    bad = await owner.get(url, params={"assessment_level": "7"})
    assert bad.status_code == 422
    assert bad.json()["fields"][0]["field"] == "assessment_level"
    naive = await owner.get(url, params={"not_contacted_since": "2026-01-01T00:00:00"})
    assert naive.status_code == 422
    assert naive.json()["fields"][0]["field"] == "not_contacted_since"

    # Nullable sort columns page through cleanly, one row at a time.
    assert await names(owner, url, sort="assessment_level", limit=1) == [
        "Ada Leader",
        "Ben Undecided",
        "Cat Unknown",
    ]
    assert await names(owner, url, sort="-assessment_level", limit=1) == [
        "Cat Unknown",
        "Ben Undecided",
        "Ada Leader",
    ]
    assert await names(owner, url, sort="last_conversation_at", limit=1) == [
        "Cat Unknown",
        "Ben Undecided",
        "Ada Leader",
    ]
    assert await names(owner, url, sort="-last_conversation_at", limit=1) == [
        "Ada Leader",
        "Ben Undecided",
        "Cat Unknown",
    ]
    assert await names(owner, url, sort="-created_at", limit=2) == [
        "Cat Unknown",
        "Ben Undecided",
        "Ada Leader",
    ]
    assert await names(owner, url, sort="-full_name", limit=2) == [
        "Cat Unknown",
        "Ben Undecided",
        "Ada Leader",
    ]


async def test_duplicate_warning(accounts: Accounts) -> None:
    group = await accounts.group()
    depot = await make_workplace(group, "Depot")
    first = await make_contact(
        group, "Jo Bloggs", email="jo@example.org", phone="07700 900 222", workplace_id=depot["id"]
    )
    assert first["possible_duplicates"] == []

    def found(created: dict[str, Any]) -> list[tuple[str, str]]:
        return [(m["full_name"], m["reason"]) for m in created["possible_duplicates"]]

    by_email = await make_contact(group, "Joanne B", email="JO@example.org")
    assert by_email["possible_duplicates"] == [
        {
            "id": first["id"],
            "full_name": "Jo Bloggs",
            "reason": "email",
            "similarity": 47,
            "workplace_id": depot["id"],
            "phone": "07700 900 222",
            "email": "jo@example.org",
        }
    ]
    by_phone = await make_contact(group, "J. Bloggs", phone="+44 (7700) 900-222")
    assert found(by_phone) == [("Jo Bloggs", "phone")]
    by_name = await make_contact(group, "BLOGGS,  Jo", workplace_id=depot["id"])
    assert found(by_name) == [("Jo Bloggs", "name_at_workplace"), ("J. Bloggs", "similar_name")]
    elsewhere = await make_contact(group, "Jo Bloggs")
    assert found(elsewhere) == [
        ("BLOGGS, Jo", "similar_name"),
        ("Jo Bloggs", "similar_name"),
        ("J. Bloggs", "similar_name"),
    ]
    unlike = await make_contact(group, "Joanna Blake")
    assert found(unlike) == [], "a name sharing only a few letters is not a likely match"
    # Every warned contact was still created.
    assert len(await list_all(group.owner, f"{group.url}/contacts")) == 6

    check = await get_ok(
        group.owner,
        f"{group.url}/contacts/duplicates",
        phone="07700900222",
        full_name="Nobody",
        workplace_id=depot["id"],
    )
    assert {(m["full_name"], m["reason"]) for m in check["possible_duplicates"]} == {
        ("Jo Bloggs", "phone"),
        ("J. Bloggs", "phone"),
    }
    empty = await get_ok(group.owner, f"{group.url}/contacts/duplicates", email="x@example.org")
    assert empty == {"possible_duplicates": []}

    other = await accounts.group(name="Other Group")
    theirs = await make_contact(other, "Jo Bloggs", email="jo@example.org")
    assert theirs["possible_duplicates"] == [], "another group's contacts are never shown"


async def test_idempotent_contact_create(accounts: Accounts) -> None:
    group = await accounts.group()
    url = f"{group.url}/contacts"
    key = {"Idempotency-Key": "contact-1"}
    first = await create_ok(group.owner, url, {"full_name": "Ann"}, headers=key)
    again = await create_ok(group.owner, url, {"full_name": "Ann"}, headers=key)
    assert again == first
    assert await names(group.owner, url) == ["Ann"]
    reused = await group.owner.post(url, json={"full_name": "Bob"}, headers=key)
    assert reused.status_code == 422
    assert reused.json()["error"] == "idempotency_key_reused"
    # The key is the caller's own: someone else may use the same string.
    member = await accounts.member(group, "member")
    theirs = await create_ok(member, url, {"full_name": "Bob"}, headers=key)
    assert theirs["id"] != first["id"]


async def test_roles_for_contacts(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member")
    observer = await accounts.member(group, "observer")
    url = f"{group.url}/contacts"
    assert (await observer.post(url, json={"full_name": "X"})).status_code == 403
    contact = await make_contact(group, "Kim", by=member)
    assert contact["created_by"] == member.user_id
    item = f"{url}/{contact['id']}"
    assert (await observer.patch(item, json={"notes": "x", "version": 1})).status_code == 403
    assert (await observer.get(item)).status_code == 200
    edited = await member.patch(item, json={"notes": "x", "version": 1})
    assert edited.status_code == 200
    refused = await member.delete(item)
    assert refused.status_code == 403
    assert refused.json()["error"] == "forbidden"
    bulk = {"contact_ids": [contact["id"]], "change": {"action": "add_tag", "tag": "x"}}
    assert (await member.post(f"{url}/bulk", json=bulk)).status_code == 403
    assert (await observer.post(f"{item}/assessments", json={"level": 1})).status_code == 403
    assert (await group.owner.delete(item)).status_code == 204


async def test_bulk_changes(accounts: Accounts) -> None:
    group = await accounts.group()
    organiser = await accounts.member(group, "organiser")
    a = await make_contact(group, "A", tags=["rota"])
    b = await make_contact(group, "B")
    c = await make_contact(group, "C", tags=["pay"])
    url = f"{group.url}/contacts"
    bulk = f"{url}/bulk"

    async def apply(ids: list[str], change: dict[str, Any], by: Any = None) -> Any:
        response = await (by or group.owner).post(bulk, json={"contact_ids": ids, "change": change})
        assert response.status_code == 200, response.text
        return response.json()

    result = await apply([a["id"], b["id"]], {"action": "add_tag", "tag": " ROTA "}, organiser)
    assert result == {"matched": 2, "changed": 1}
    assert await names(group.owner, url, tag="rota") == ["A", "B"]
    result = await apply([a["id"], c["id"]], {"action": "remove_tag", "tag": "rota"})
    assert result == {"matched": 2, "changed": 1}
    assert await names(group.owner, url, tag="rota") == ["B"]
    await apply(
        [a["id"], b["id"], c["id"]], {"action": "set_organiser", "organiser_id": organiser.user_id}
    )
    assert await names(group.owner, url, organiser_id=organiser.user_id) == ["A", "B", "C"]
    await apply([c["id"]], {"action": "set_membership_status", "membership_status": "lapsed"})
    assert await names(group.owner, url, membership_status="lapsed") == ["C"]
    contact_c = await get_ok(group.owner, f"{url}/{c['id']}")
    assert contact_c["version"] == 3
    assert contact_c["tags"] == ["pay"]

    other = await accounts.group(name="Other Group")
    foreign = await make_contact(other, "Theirs")
    refused = await group.owner.post(
        bulk,
        json={
            "contact_ids": [a["id"], foreign["id"]],
            "change": {"action": "add_tag", "tag": "oops"},
        },
    )
    assert refused.status_code == 422
    assert refused.json()["invalid_ids"] == [foreign["id"]]
    assert refused.json()["fields"][0]["field"] == "contact_ids"
    assert await names(group.owner, url, tag="oops") == []
    assert await names(other.owner, f"{other.url}/contacts", tag="oops") == []

    outsider = await group.owner.post(
        bulk,
        json={
            "contact_ids": [a["id"]],
            "change": {"action": "set_organiser", "organiser_id": other.owner.user_id},
        },
    )
    assert outsider.status_code == 422
    assert outsider.json()["fields"][0]["field"] == "change.organiser_id"
    too_many = await group.owner.post(
        bulk,
        json={"contact_ids": [a["id"]] * 501, "change": {"action": "add_tag", "tag": "x"}},
    )
    assert too_many.status_code == 422
    assert too_many.json()["fields"][0]["field"] == "contact_ids"


async def _assess(group: Group, contact_id: str, **body: Any) -> dict[str, Any]:
    return await create_ok(group.owner, f"{group.url}/contacts/{contact_id}/assessments", body)


async def test_assessments_keep_history_and_the_latest(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member", name="Mo Member")
    contact = await make_contact(group, "Lee")
    url = f"{group.url}/contacts/{contact['id']}"

    first = await _assess(group, contact["id"], level=3, reason="Listens", assessed_at=ago(days=10))
    assert first["assessed_by"] == group.owner.user_id
    latest = await create_ok(
        member, f"{url}/assessments", {"level": 2, "reason": "Signed petition"}
    )
    assert latest["assessed_by"] == member.user_id
    shown = await get_ok(group.owner, url)
    assert shown["assessment_level"] == 2
    assert shown["assessed_at"] == latest["assessed_at"]

    backdated = await _assess(group, contact["id"], level=5, assessed_at=ago(days=30))
    shown = await get_ok(group.owner, url)
    assert shown["assessment_level"] == 2, "an older assessment does not replace a newer one"
    history = await list_all(group.owner, f"{url}/assessments")
    assert [a["level"] for a in history] == [2, 3, 5]
    assert [a["level"] for a in await list_all(group.owner, f"{url}/assessments", limit=1)] == [
        2,
        3,
        5,
    ]

    unassessed = await _assess(group, contact["id"], level=None, reason="Left the depot?")
    assert (await get_ok(group.owner, url))["assessment_level"] is None

    # Correcting or deleting an assessment recomputes the contact's current level.
    item = f"{group.url}/assessments/{unassessed['id']}"
    assert (await group.owner.get(item)).headers["ETag"] == '"1"'
    fixed = await group.owner.patch(item, json={"level": 1, "version": 1})
    assert fixed.status_code == 200
    assert (await get_ok(group.owner, url))["assessment_level"] == 1
    assert (await group.owner.patch(item, json={"level": 4, "version": 1})).status_code == 409
    assert (await group.owner.patch(item, json={"level": 4})).status_code == 428
    assert (await group.owner.delete(item)).status_code == 204
    assert (await group.owner.get(item)).json()["error"] == "assessment_not_found"
    assert (await get_ok(group.owner, url))["assessment_level"] == 2
    moved_back = await group.owner.patch(
        f"{group.url}/assessments/{latest['id']}",
        json={"assessed_at": ago(days=60)},
        headers={"If-Match": '"1"'},
    )
    assert moved_back.status_code == 200
    assert (await get_ok(group.owner, url))["assessment_level"] == 3
    assert unassessed["id"] in (await tombstones(accounts, group))["assessment"]
    assert backdated["id"] != first["id"]

    for body, field in [
        ({"level": 6}, "level"),
        ({"level": 0}, "level"),
        ({}, "level"),
        ({"level": 1, "assessed_at": ago(days=-1)}, "assessed_at"),
        ({"level": 1, "assessed_at": "2026-01-01T10:00:00"}, "assessed_at"),
    ]:
        response = await group.owner.post(f"{url}/assessments", json=body)
        assert response.status_code == 422, body
        assert response.json()["fields"][0]["field"] == field
    other = await accounts.group(name="Other Group")
    foreign = await group.owner.post(
        f"{url}/assessments", json={"level": 1, "assessed_by": other.owner.user_id}
    )
    assert foreign.status_code == 422
    assert foreign.json()["fields"][0]["field"] == "assessed_by"


async def test_assessment_scale_labels(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member")
    url = f"{group.url}/assessment-scale"
    defaults = await get_ok(member, url)
    assert defaults == {
        "label_1": "Leader",
        "label_2": "Supporter",
        "label_3": "Undecided",
        "label_4": "Not interested",
        "label_5": "Hostile",
        "label_unassessed": "Unassessed",
        "version": 0,
        "updated_at": None,
    }
    refused = await member.patch(url, json={"label_1": "Rep", "version": 0})
    assert refused.status_code == 403
    assert (await group.owner.patch(url, json={"label_1": "Rep"})).status_code == 428
    stale = await group.owner.patch(url, json={"label_1": "Rep", "version": 3})
    assert stale.status_code == 409
    assert stale.json()["current"]["label_1"] == "Leader"
    saved = await group.owner.patch(url, json={"label_1": " Rep ", "version": 0})
    assert saved.status_code == 200
    assert saved.json()["label_1"] == "Rep"
    assert saved.json()["label_2"] == "Supporter"
    assert saved.json()["version"] == 1
    again = await group.owner.patch(url, json={"label_5": "Anti"}, headers={"If-Match": '"1"'})
    assert again.json()["version"] == 2
    assert (await group.owner.patch(url, json={"label_5": "X", "version": 1})).status_code == 409
    blank = await group.owner.patch(url, json={"label_3": "  ", "version": 2})
    assert blank.status_code == 422
    assert blank.json()["fields"][0]["field"] == "label_3"
    # Separators are whitespace to the server (and to the document's pattern).
    separators = await group.owner.patch(url, json={"label_3": "\x1c\x1f", "version": 2})
    assert separators.status_code == 422
    assert separators.json()["fields"][0]["field"] == "label_3"
    cleared = await group.owner.patch(url, json={"label_4": None, "version": 2})
    assert cleared.status_code == 422
    assert cleared.json()["fields"][0] == {
        "field": "label_4",
        "loc": ["body", "label_4"],
        "message": "This field cannot be null; leave it out to keep its value",
        "type": "not_null",
        "ctx": None,
    }
    assert (await get_ok(group.owner, url))["label_4"] == "Not interested"
    other = await accounts.group(name="Other Group")
    assert (await get_ok(other.owner, f"{other.url}/assessment-scale"))["label_1"] == "Leader"


async def test_deleting_a_contact_leaves_tombstones_for_its_records(accounts: Accounts) -> None:
    group = await accounts.group()
    contact = await make_contact(group, "Ray")
    assessment = await _assess(group, contact["id"], level=2)
    logged = await log_conversation(
        group,
        contact["id"],
        assessment={"level": 1},
        follow_up={"title": "Bring a form"},
    )
    other = await make_contact(group, "Stays")
    other_conversation = await log_conversation(group, other["id"])
    response = await group.owner.delete(f"{group.url}/contacts/{contact['id']}")
    assert response.status_code == 204
    gone = await tombstones(accounts, group)
    assert gone["contact"] == {contact["id"]}
    assert gone["assessment"] == {assessment["id"], logged["assessment"]["id"]}
    assert gone["conversation"] == {logged["id"]}
    assert gone["follow_up"] == {logged["follow_up"]["id"]}
    remaining = await list_all(group.owner, f"{group.url}/conversations")
    assert [c["id"] for c in remaining] == [other_conversation["id"]]
    assert await list_all(group.owner, f"{group.url}/follow-ups") == []
    follow_up = await group.owner.get(f"{group.url}/follow-ups/{logged['follow_up']['id']}")
    assert follow_up.status_code == 404


async def test_contact_history(accounts: Accounts) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member", name="Mo Member")
    contact = await make_contact(group, "Dee", by=member)
    url = f"{group.url}/contacts/{contact['id']}"
    await _assess(group, contact["id"], level=3, reason="Unsure", assessed_at=ago(days=5))
    await log_conversation(
        group,
        contact["id"],
        by=member,
        occurred_at=ago(days=3),
        channel="phone",
        issues=["Pay"],
        outcome="Will come to the meeting",
        assessment={"level": 2, "reason": "Keen"},
    )
    edit = await member.patch(url, json={"job_title": "Porter", "notes": "Secret", "version": 3})
    assert edit.status_code == 200

    history = await list_all(group.owner, f"{url}/history")
    summary = [(h["kind"], h["by_name"]) for h in history]
    assert summary == [
        ("edit", "Mo Member"),
        ("edit", "Mo Member"),
        ("assessment", "Mo Member"),
        ("conversation", "Mo Member"),
        ("assessment", "Group Owner"),
    ]
    newest_edit, creation = history[0], history[1]
    assert newest_edit["edit"] == {"operation": "update", "fields": ["job_title", "notes"]}
    assert "Secret" not in str(history), "edits name fields, never values"
    assert creation["edit"]["operation"] == "create"
    assert history[2]["assessment"]["level"] == 2
    assert history[3]["conversation"]["issues"] == ["pay"]
    assert history[3]["conversation"]["channel"] == "phone"
    assert history[4]["assessment"]["reason"] == "Unsure"
    times = [h["at"] for h in history]
    assert times == sorted(times, reverse=True)
    paged = await list_all(group.owner, f"{url}/history", limit=2)
    assert [h["id"] for h in paged] == [h["id"] for h in history]
    first_page = await get_ok(group.owner, f"{url}/history", limit=5)
    assert first_page["next_cursor"] is None
