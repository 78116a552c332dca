"""The wall chart's numbers on a hand-built workplace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.factories import (
    Accounts,
    Group,
    create_ok,
    get_ok,
    log_conversation,
    make_contact,
    make_department,
    make_shift,
    make_workplace,
)

LEVELS = ("level_1", "level_2", "level_3", "level_4", "level_5", "unassessed")


def counts(contacts: int, members: int = 0, **levels: int) -> dict[str, int]:
    return {"contacts": contacts, **{k: levels.get(k, 0) for k in LEVELS}, "members": members}


def strip(cell: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in cell.items() if k != "shift_id"}


@dataclass
class Depot:
    group: Group
    depot: dict[str, Any]
    elsewhere: dict[str, Any]
    drivers: dict[str, Any]
    garage: dict[str, Any]
    days: dict[str, Any]
    nights: dict[str, Any]
    people: dict[str, str]  # name -> contact id


async def build_depot(group: Group) -> Depot:
    """A depot of two departments and two shifts with nine people, each placed, assessed
    and talked to differently (two of them elsewhere or nowhere)."""
    depot = await make_workplace(group, "Depot", estimated_headcount=20)
    elsewhere = await make_workplace(group, "Elsewhere")
    drivers = await make_department(group, depot["id"], "Drivers", estimated_headcount=10)
    garage = await make_department(group, depot["id"], "Garage")
    days = await make_shift(group, depot["id"], "Days")
    nights = await make_shift(group, depot["id"], "Nights")
    now = datetime.now(UTC)
    people: dict[str, str] = {}

    async def worker(
        name: str,
        department: dict[str, Any] | None,
        shift: dict[str, Any] | None,
        level: int | None,
        status: str,
        talked_days_ago: int | None,
        workplace: dict[str, Any] | None = depot,
    ) -> None:
        contact = await make_contact(
            group,
            name,
            workplace_id=workplace["id"] if workplace else None,
            department_id=department["id"] if department else None,
            shift_id=shift["id"] if shift else None,
            membership_status=status,
        )
        people[name] = contact["id"]
        if level is not None:
            url = f"{group.url}/contacts/{contact['id']}/assessments"
            await create_ok(group.owner, url, {"level": level})
        if talked_days_ago is not None:
            when = (now - timedelta(days=talked_days_ago)).isoformat()
            await log_conversation(group, contact["id"], occurred_at=when)

    await worker("A", drivers, days, 1, "member", 5)
    await worker("B", drivers, days, 2, "non_member", 45)
    await worker("C", drivers, nights, 3, "member", 70)
    await worker("D", garage, nights, 5, "unknown", None)
    await worker("E", garage, None, None, "member", 100)
    await worker("F", None, days, 1, "lapsed", 1)
    await worker("G", None, None, 4, "unknown", None)
    await worker("H", None, None, 1, "member", 1, workplace=elsewhere)
    await worker("I", None, None, 1, "member", None, workplace=None)
    return Depot(group, depot, elsewhere, drivers, garage, days, nights, people)


async def test_wall_chart_counts(accounts: Accounts) -> None:
    group = await accounts.group()
    observer = await accounts.member(group, "observer")
    scene = await build_depot(group)
    depot, drivers, garage = scene.depot, scene.drivers, scene.garage
    days, nights = scene.days, scene.nights

    chart = await get_ok(observer, f"{group.url}/workplaces/{depot['id']}/chart")
    assert chart["workplace_id"] == depot["id"]
    assert chart["workplace_name"] == "Depot"
    assert chart["shifts"] == [
        {"id": days["id"], "name": "Days"},
        {"id": nights["id"], "name": "Nights"},
        {"id": None, "name": None},
    ]
    rows = chart["rows"]
    assert [(r["department_id"], r["department_name"]) for r in rows] == [
        (drivers["id"], "Drivers"),
        (garage["id"], "Garage"),
        (None, None),
    ]
    for row in rows:
        assert [c["shift_id"] for c in row["cells"]] == [days["id"], nights["id"], None]

    drivers_row, garage_row, nowhere_row = rows
    assert [strip(c) for c in drivers_row["cells"]] == [
        counts(2, members=1, level_1=1, level_2=1),
        counts(1, members=1, level_3=1),
        counts(0),
    ]
    assert drivers_row["totals"] == counts(3, members=2, level_1=1, level_2=1, level_3=1)
    assert drivers_row["estimated_headcount"] == 10
    assert drivers_row["coverage"] == 0.3

    assert [strip(c) for c in garage_row["cells"]] == [
        counts(0),
        counts(1, level_5=1),
        counts(1, members=1, unassessed=1),
    ]
    assert garage_row["coverage"] is None

    assert [strip(c) for c in nowhere_row["cells"]] == [
        counts(1, level_1=1),
        counts(0),
        counts(1, level_4=1),
    ]
    assert nowhere_row["totals"] == counts(2, level_1=1, level_4=1)
    assert nowhere_row["estimated_headcount"] is None

    assert chart["totals"] == {
        **counts(7, members=3, level_1=2, level_2=1, level_3=1, level_4=1, level_5=1, unassessed=1),
        "headcount": 20,
        "coverage": 0.35,
        "leader_share": 0.2857,
        "supporter_share": 0.4286,
        "not_talked_to_30_days": 5,
        "not_talked_to_60_days": 4,
        "not_talked_to_90_days": 3,
    }
    assert chart["shift"] is None
    # Never talked to first (by name), then those talked to longest ago.
    assert names(chart) == ["D", "G", "E", "C", "B", "A", "F"]
    first = chart["talk_to_next"][0]
    assert first == {
        "id": scene.people["D"],
        "full_name": "D",
        "assessment_level": 5,
        "last_conversation_at": None,
        "department_id": garage["id"],
        "shift_id": nights["id"],
        "preferred_language": None,
    }


def names(chart: dict[str, Any]) -> list[str]:
    return [person["full_name"] for person in chart["talk_to_next"]]


async def test_a_shift_limits_every_figure_of_the_chart(accounts: Accounts) -> None:
    group = await accounts.group()
    scene = await build_depot(group)
    url = f"{group.url}/workplaces/{scene.depot['id']}/chart"
    days, nights = scene.days, scene.nights

    chart = await get_ok(group.owner, url, shift=days["id"])
    assert chart["shift"] == days["id"]
    assert chart["shifts"] == [{"id": days["id"], "name": "Days"}]
    drivers_row, garage_row, nowhere_row = chart["rows"]
    assert [strip(c) for c in drivers_row["cells"]] == [counts(2, members=1, level_1=1, level_2=1)]
    assert drivers_row["totals"] == counts(2, members=1, level_1=1, level_2=1)
    # Headcounts are per department, so no coverage is claimed for one shift.
    assert drivers_row["coverage"] is None
    assert garage_row["totals"] == counts(0)
    assert nowhere_row["totals"] == counts(1, level_1=1)
    assert chart["totals"] == {
        **counts(3, members=1, level_1=2, level_2=1),
        "headcount": 20,
        "coverage": None,
        "leader_share": 0.6667,
        "supporter_share": 1.0,
        "not_talked_to_30_days": 1,
        "not_talked_to_60_days": 0,
        "not_talked_to_90_days": 0,
    }
    assert names(chart) == ["B", "A", "F"]

    chart = await get_ok(group.owner, url, shift=nights["id"])
    assert [row["totals"]["contacts"] for row in chart["rows"]] == [1, 1, 0]
    assert chart["totals"]["not_talked_to_30_days"] == 2
    assert chart["totals"]["leader_share"] == 0.0
    assert names(chart) == ["D", "C"]


async def test_the_no_shift_chart_counts_those_with_no_shift(accounts: Accounts) -> None:
    group = await accounts.group()
    scene = await build_depot(group)
    url = f"{group.url}/workplaces/{scene.depot['id']}/chart"

    chart = await get_ok(group.owner, url, shift="none")
    assert chart["shift"] == "none"
    assert chart["shifts"] == [{"id": None, "name": None}]
    assert [row["totals"]["contacts"] for row in chart["rows"]] == [0, 1, 1]
    assert [strip(c) for c in chart["rows"][1]["cells"]] == [counts(1, members=1, unassessed=1)]
    assert [strip(c) for c in chart["rows"][2]["cells"]] == [counts(1, level_4=1)]
    totals = chart["totals"]
    assert (totals["contacts"], totals["unassessed"], totals["level_4"]) == (2, 1, 1)
    assert (totals["not_talked_to_30_days"], totals["not_talked_to_90_days"]) == (2, 2)
    assert names(chart) == ["G", "E"]
    assert [person["shift_id"] for person in chart["talk_to_next"]] == [None, None]


async def test_a_chart_refuses_a_shift_of_another_workplace(accounts: Accounts) -> None:
    group = await accounts.group()
    scene = await build_depot(group)
    other_shift = await make_shift(group, scene.elsewhere["id"], "Elsewhere days")
    url = f"{group.url}/workplaces/{scene.depot['id']}/chart"
    for shift in (other_shift["id"], "00000000-0000-0000-0000-000000000000"):
        refused = await group.owner.get(url, params={"shift": shift})
        assert refused.status_code == 422
        body = refused.json()
        assert body["error"] == "not_in_group"
        assert [f["loc"] for f in body["fields"]] == [["query", "shift"]]
    malformed = await group.owner.get(url, params={"shift": "nights"})
    assert malformed.status_code == 422


async def test_talk_to_next_names_at_most_ten(accounts: Accounts) -> None:
    group = await accounts.group()
    workplace = await make_workplace(group, "Big Site")
    for number in range(12):
        await make_contact(group, f"Worker {number:02}", workplace_id=workplace["id"])
    chart = await get_ok(group.owner, f"{group.url}/workplaces/{workplace['id']}/chart")
    assert chart["totals"]["contacts"] == 12
    assert names(chart) == [f"Worker {number:02}" for number in range(10)]


async def test_workplaces_coverage(accounts: Accounts) -> None:
    group = await accounts.group()
    observer = await accounts.member(group, "observer")
    scene = await build_depot(group)
    empty = await make_workplace(group, "Empty Site", estimated_headcount=40)
    outsider = await accounts.group()
    theirs = await make_workplace(outsider, "Their Site", estimated_headcount=5)
    await make_contact(outsider, "Their worker", workplace_id=theirs["id"])

    response = await observer.get(
        f"{group.url}/workplaces/coverage",
        params=[
            ("workplace_id", empty["id"]),
            ("workplace_id", scene.depot["id"]),
            ("workplace_id", theirs["id"]),
            ("workplace_id", scene.elsewhere["id"]),
        ],
    )
    assert response.status_code == 200, response.text
    assert response.json()["items"] == [
        {
            "workplace_id": empty["id"],
            "headcount": 40,
            "contacts": 0,
            "coverage": 0.0,
            "assessed": 0,
            "talked_to_30_days": 0,
        },
        {
            "workplace_id": scene.depot["id"],
            "headcount": 20,
            "contacts": 7,
            "coverage": 0.35,
            "assessed": 6,
            "talked_to_30_days": 2,
        },
        {
            "workplace_id": scene.elsewhere["id"],
            "headcount": None,
            "contacts": 1,
            "coverage": None,
            "assessed": 1,
            "talked_to_30_days": 1,
        },
    ]
    none_asked = await group.owner.get(f"{group.url}/workplaces/coverage")
    assert none_asked.status_code == 422


async def test_chart_of_an_empty_workplace(accounts: Accounts) -> None:
    group = await accounts.group()
    workplace = await make_workplace(group, "New Site")
    chart = await get_ok(group.owner, f"{group.url}/workplaces/{workplace['id']}/chart")
    assert chart["shifts"] == [{"id": None, "name": None}]
    assert len(chart["rows"]) == 1
    assert chart["rows"][0]["cells"] == [{"shift_id": None, **counts(0)}]
    totals = chart["totals"]
    assert totals["contacts"] == 0
    assert (totals["headcount"], totals["coverage"]) == (None, None)
    assert (totals["leader_share"], totals["supporter_share"]) == (None, None)
    assert totals["not_talked_to_90_days"] == 0
    missing = await group.owner.get(f"{group.url}/workplaces/{group.id}/chart")
    assert missing.status_code == 404
    assert missing.json()["error"] == "workplace_not_found"
