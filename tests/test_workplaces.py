"""Workplaces, departments and shifts through the API."""

from __future__ import annotations

from tests.factories import (
    Accounts,
    create_ok,
    get_ok,
    list_all,
    make_contact,
    make_department,
    make_shift,
    make_workplace,
    names,
    new_workplace,
    post_created,
    tombstones,
)


async def test_workplace_life(accounts: Accounts) -> None:
    group = await accounts.group()
    owner = group.owner
    created = await make_workplace(
        group,
        "  Riverside   Bus Depot ",
        employer="City Buses Ltd",
        sector="transport",
        address="1 River Road",
        postcode=" se1  7pb ",
        unions=["Unite", "unite", " RMT ", ""],
        estimated_headcount=240,
        notes="Canteen by gate 2",
    )
    assert created["name"] == "Riverside Bus Depot"
    assert created["postcode"] == "SE1 7PB"
    assert created["unions"] == ["Unite", "RMT"]
    assert created["version"] == 1
    assert created["created_by"] == owner.user_id
    url = f"{group.url}/workplaces/{created['id']}"

    response = await owner.get(url)
    assert response.status_code == 200
    assert response.headers["ETag"] == '"1"'
    assert response.json() == created

    await make_workplace(group, "Northside Hospital", sector="Health", postcode="N1 1AA")
    await make_workplace(group, "Eastgate Warehouse", employer="Parcelco", sector="logistics")
    listing = f"{group.url}/workplaces"
    assert await names(owner, listing, "name") == [
        "Eastgate Warehouse",
        "Northside Hospital",
        "Riverside Bus Depot",
    ]
    assert await names(owner, listing, "name", sort="-name") == [
        "Riverside Bus Depot",
        "Northside Hospital",
        "Eastgate Warehouse",
    ]
    assert await names(owner, listing, "name", q="parcel") == ["Eastgate Warehouse"]
    assert await names(owner, listing, "name", q="se1 7") == ["Riverside Bus Depot"]
    assert await names(owner, listing, "name", q="river road") == ["Riverside Bus Depot"]
    assert await names(owner, listing, "name", sector="health") == ["Northside Hospital"]

    # Stale body version: 409 with the record as it stands; stale If-Match: 412; neither: 428.
    ok = await owner.patch(url, json={"estimated_headcount": 250, "version": 1})
    assert ok.status_code == 200, ok.text
    assert ok.json()["version"] == 2
    assert ok.headers["ETag"] == '"2"'
    stale = await owner.patch(url, json={"notes": "late", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["error"] == "version_conflict"
    assert stale.json()["current"]["estimated_headcount"] == 250
    stale_header = await owner.patch(url, json={"notes": "late"}, headers={"If-Match": '"1"'})
    assert stale_header.status_code == 412
    assert stale_header.json()["current"]["version"] == 2
    missing = await owner.patch(url, json={"notes": "late"})
    assert missing.status_code == 428
    assert missing.json()["fields"][0]["field"] == "version"
    cleared = await owner.patch(url, json={"notes": None}, headers={"If-Match": '"2"'})
    assert cleared.status_code == 200
    assert cleared.json()["notes"] is None
    refused = await owner.patch(url, json={"name": None, "version": 3})
    assert refused.status_code == 422
    assert refused.json()["fields"][0]["field"] == "name"

    after_edit = await names(owner, listing, "name", updated_since=cleared.json()["updated_at"])
    assert after_edit == ["Riverside Bus Depot"]

    stale_delete = await owner.delete(url, params={"version": 1})
    assert stale_delete.status_code == 409
    assert (await owner.delete(url, headers={"If-Match": '"3"'})).status_code == 204
    assert (await owner.get(url)).status_code == 404
    assert (await owner.get(url)).json()["error"] == "workplace_not_found"
    assert "Riverside Bus Depot" not in await names(owner, listing, "name")
    assert created["id"] in (await tombstones(accounts, group))["workplace"]


async def test_workplace_list_pages_with_a_cursor(accounts: Accounts) -> None:
    group = await accounts.group()
    for name in ["E", "B", "D", "A", "C"]:
        await make_workplace(group, f"Site {name}")
    first = await get_ok(group.owner, f"{group.url}/workplaces", limit=2)
    assert [w["name"] for w in first["items"]] == ["Site A", "Site B"]
    assert first["next_cursor"]
    everything = await list_all(group.owner, f"{group.url}/workplaces", limit=2)
    assert [w["name"] for w in everything] == [f"Site {c}" for c in "ABCDE"]
    bad = await group.owner.get(f"{group.url}/workplaces", params={"cursor": "nonsense"})
    assert bad.status_code == 422
    assert bad.json()["error"] == "invalid_cursor"
    bad_sort = await group.owner.get(f"{group.url}/workplaces", params={"sort": "employer"})
    assert bad_sort.status_code == 422
    assert bad_sort.json()["fields"][0]["field"] == "sort"


async def test_idempotent_workplace_create(accounts: Accounts) -> None:
    group = await accounts.group()
    url = f"{group.url}/workplaces"
    key = {"Idempotency-Key": "wp-create-1"}
    first = await create_ok(group.owner, url, {"name": "Depot"}, headers=key)
    again = await create_ok(group.owner, url, {"name": "Depot"}, headers=key)
    assert again == first
    assert await names(group.owner, url, "name") == ["Depot"]
    reused = await group.owner.post(url, json={"name": "Other"}, headers=key)
    assert reused.status_code == 422
    assert reused.json()["error"] == "idempotency_key_reused"
    assert await names(group.owner, url, "name") == ["Depot"]


async def test_departments_and_shifts_life(accounts: Accounts) -> None:
    group = await accounts.group()
    owner = group.owner
    workplace = await make_workplace(group)
    base = f"{group.url}/workplaces/{workplace['id']}"
    garage = await make_department(
        group, workplace["id"], "Garage", estimated_headcount=40, notes="Mechanics"
    )
    await make_department(group, workplace["id"], "Drivers")
    nights = await make_shift(group, workplace["id"], "Nights", pattern="22:00-06:00")
    await make_shift(group, workplace["id"], "Earlies")
    assert garage["workplace_id"] == workplace["id"]
    assert await names(owner, f"{base}/departments", "name") == ["Drivers", "Garage"]
    assert await names(owner, f"{base}/departments", "name", q="mechanic") == ["Garage"]
    assert await names(owner, f"{base}/shifts", "name") == ["Earlies", "Nights"]
    assert await names(owner, f"{base}/shifts", "name", q="22:00") == ["Nights"]

    department_url = f"{group.url}/departments/{garage['id']}"
    got = await owner.get(department_url)
    assert got.json() == garage
    assert got.headers["ETag"] == '"1"'
    assert (await owner.patch(department_url, json={"name": "Workshop"})).status_code == 428
    renamed = await owner.patch(department_url, json={"name": "Workshop", "version": 1})
    assert renamed.json()["name"] == "Workshop"
    assert (await owner.patch(department_url, json={"notes": "x", "version": 1})).status_code == 409
    shift_url = f"{group.url}/shifts/{nights['id']}"
    moved = await owner.patch(
        shift_url, json={"pattern": "23:00-07:00"}, headers={"If-Match": '"1"'}
    )
    assert moved.json()["pattern"] == "23:00-07:00"
    stale = await owner.patch(shift_url, json={"pattern": "x"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.json()["current"]["pattern"] == "23:00-07:00"
    assert (await owner.patch(shift_url, json={"pattern": "x", "version": 1})).status_code == 409
    assert (await owner.patch(shift_url, json={"pattern": "x"})).status_code == 428
    stale_department = await owner.patch(
        department_url, json={"notes": "x"}, headers={"If-Match": '"1"'}
    )
    assert stale_department.status_code == 412
    since = moved.json()["updated_at"]
    assert await names(owner, f"{base}/shifts", "name", updated_since=since) == ["Nights"]
    since = renamed.json()["updated_at"]
    assert await names(owner, f"{base}/departments", "name", updated_since=since) == ["Workshop"]

    # Deleting a department or shift keeps its contacts at the workplace, unplaced there.
    contact = await make_contact(
        group,
        workplace_id=workplace["id"],
        department_id=garage["id"],
        shift_id=nights["id"],
    )
    assert (await owner.delete(department_url)).status_code == 204
    assert (await owner.delete(shift_url)).status_code == 204
    assert (await owner.get(department_url)).json()["error"] == "department_not_found"
    assert (await owner.get(shift_url)).json()["error"] == "shift_not_found"
    assert await names(owner, f"{base}/departments", "name") == ["Drivers"]
    after = await get_ok(owner, f"{group.url}/contacts/{contact['id']}")
    assert after["workplace_id"] == workplace["id"]
    assert after["department_id"] is None
    assert after["shift_id"] is None
    assert after["version"] == 3, "each unlinking is a versioned change sync clients see"
    gone = await tombstones(accounts, group)
    assert gone["department"] == {garage["id"]}
    assert gone["shift"] == {nights["id"]}


async def test_deleting_a_workplace_takes_departments_and_shifts(accounts: Accounts) -> None:
    group = await accounts.group()
    workplace = await make_workplace(group)
    department = await make_department(group, workplace["id"])
    shift = await make_shift(group, workplace["id"])
    contact = await make_contact(
        group, workplace_id=workplace["id"], department_id=department["id"], shift_id=shift["id"]
    )
    response = await group.owner.delete(f"{group.url}/workplaces/{workplace['id']}")
    assert response.status_code == 204
    gone = await tombstones(accounts, group)
    assert gone["workplace"] == {workplace["id"]}
    assert gone["department"] == {department["id"]}
    assert gone["shift"] == {shift["id"]}
    kept = await get_ok(group.owner, f"{group.url}/contacts/{contact['id']}")
    assert (kept["workplace_id"], kept["department_id"], kept["shift_id"]) == (None, None, None)
    missing = await group.owner.get(f"{group.url}/workplaces/{workplace['id']}/departments")
    assert missing.status_code == 404


async def test_only_organisers_change_the_map(accounts: Accounts) -> None:
    group = await accounts.group()
    workplace = await make_workplace(group)
    member = await accounts.member(group, "member")
    observer = await accounts.member(group, "observer")
    organiser = await accounts.member(group, "organiser")
    url = f"{group.url}/workplaces"
    for person in (member, observer):
        refused = await person.post(url, json={"name": "Mine"})
        assert refused.status_code == 403
        assert refused.json()["error"] == "forbidden"
        patch = await person.patch(f"{url}/{workplace['id']}", json={"name": "X", "version": 1})
        assert patch.status_code == 403
        assert (await person.delete(f"{url}/{workplace['id']}")).status_code == 403
        dept = await person.post(f"{url}/{workplace['id']}/departments", json={"name": "D"})
        assert dept.status_code == 403
        assert await names(person, url, "name") == ["Riverside Depot"]
    assert (await organiser.post(url, json={"name": "Second"})).status_code == 201


async def test_validation_names_the_field(accounts: Accounts) -> None:
    group = await accounts.group()
    url = f"{group.url}/workplaces"
    for body, field in [
        ({"name": "   "}, "name"),
        ({"name": "A", "estimated_headcount": -1}, "estimated_headcount"),
        ({"name": "A", "postcode": "X" * 17}, "postcode"),
        ({"name": "A", "surprise": 1}, "surprise"),
    ]:
        response = await group.owner.post(url, json=body)
        assert response.status_code == 422, body
        assert response.json()["fields"][0]["field"] == field


async def test_department_and_shift_names_are_unique_per_workplace(accounts: Accounts) -> None:
    group = await accounts.group()
    owner = group.owner
    depot = await new_workplace(group)
    other_site = await new_workplace(group, "Northgate Hospital")
    base = f"{group.url}/workplaces/{depot}"

    for part, first in (("departments", "Ward 7"), ("shifts", "Nights")):
        created = await post_created(owner, f"{base}/{part}", {"name": first})
        for clash in (first.upper(), f"  {first.lower()}  "):
            response = await owner.post(f"{base}/{part}", json={"name": clash})
            assert response.status_code == 422, response.text
            assert response.json()["error"] == "name_taken"
            field = response.json()["fields"][0]
            assert field["field"] == "name"
            assert first in field["message"]
        # Another workplace may use the same name.
        await post_created(owner, f"{group.url}/workplaces/{other_site}/{part}", {"name": first})

        # Renaming onto another's name is refused; changing one's own spelling is not.
        second = await post_created(owner, f"{base}/{part}", {"name": "Second"})
        item = f"{group.url}/{part}/{second['id']}"
        response = await owner.patch(item, json={"version": 1, "name": first.lower()})
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "name"
        assert (await owner.get(item)).json()["name"] == "Second"
        own = f"{group.url}/{part}/{created['id']}"
        response = await owner.patch(own, json={"version": 1, "name": first.upper()})
        assert response.status_code == 200, response.text
        assert response.json()["name"] == first.upper()
