"""The wall chart's numbers on a hand-built workplace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.factories import (
    Accounts,
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


async def test_wall_chart_counts(accounts: Accounts) -> None:
    group = await accounts.group()
    observer = await accounts.member(group, "observer")
    depot = await make_workplace(group, "Depot", estimated_headcount=20)
    elsewhere = await make_workplace(group, "Elsewhere")
    drivers = await make_department(group, depot["id"], "Drivers", estimated_headcount=10)
    garage = await make_department(group, depot["id"], "Garage")
    days = await make_shift(group, depot["id"], "Days")
    nights = await make_shift(group, depot["id"], "Nights")
    now = datetime.now(UTC)

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
