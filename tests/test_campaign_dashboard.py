"""Committee coverage and the group dashboard, with the weekly snapshots it draws trends from."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from sqlalchemy import func, select

from api.campaigns.dashboard_models import WeeklySnapshot
from api.webhooks.worker import WebhookWorker
from tests.factories import (
    Accounts,
    Group,
    get_ok,
    log_conversation,
    make_contact,
    make_department,
    make_workplace,
    new_ballot,
    new_dispute,
    post_created,
)


async def assess(group: Group, contact_id: str, level: int) -> None:
    await post_created(
        group.owner, f"{group.url}/contacts/{contact_id}/assessments", {"level": level}
    )


async def snapshot_count(app: FastAPI) -> int:
    async with app.state.sessionmaker() as session:
        return int(
            (await session.execute(select(func.count()).select_from(WeeklySnapshot))).scalar_one()
        )


def by_name(items: list[dict[str, Any]], key: str = "name") -> dict[str, dict[str, Any]]:
    return {item[key]: item for item in items}


async def test_committee_coverage_counts_holdings_the_unheld_and_each_departments_committee(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    olu = await accounts.member(group, "organiser", name="Olu Organiser")
    mo = await accounts.member(group, "member", name="Mo Member")
    workplace = (await make_workplace(group, "Riverside Depot", estimated_headcount=40))["id"]
    picking = (await make_department(group, workplace, "Picking", estimated_headcount=25))["id"]
    goods_in = (await make_department(group, workplace, "Goods in"))["id"]
    # Olu holds 11 (over the usual 1 to 10), Mo holds 1, and 3 are held by nobody.
    for number in range(11):
        await make_contact(
            group,
            f"Picker {number:02}",
            workplace_id=workplace,
            department_id=picking,
            organiser_id=olu.user_id,
        )
    leader = await make_contact(
        group,
        "Lee Leader",
        workplace_id=workplace,
        department_id=picking,
        membership_status="member",
        organiser_id=mo.user_id,
    )
    await assess(group, leader["id"], 1)
    # A leader who is not a union member is not counted; one marked committee is.
    outsider = await make_contact(
        group,
        "Nia Nonmember",
        workplace_id=workplace,
        department_id=picking,
        membership_status="non_member",
    )
    await assess(group, outsider["id"], 1)
    marked = await make_contact(
        group, "Cass Committee", workplace_id=workplace, department_id=goods_in, committee=True
    )
    assert marked["committee"] is True
    await make_contact(group, "Una Placed", workplace_id=workplace)
    elsewhere = (await make_workplace(group, "Canal Street"))["id"]
    await make_contact(group, "Far Away", workplace_id=elsewhere, organiser_id=olu.user_id)

    as_organiser = await get_ok(olu, f"{group.url}/committee-coverage", workplace_id=workplace)
    assert (as_organiser["contacts"], as_organiser["held"], as_organiser["unheld_count"]) == (
        15,
        12,
        3,
    )
    members = by_name(as_organiser["members"], "display_name")
    assert (members["Olu Organiser"]["holds"], members["Olu Organiser"]["over_target"]) == (
        11,
        True,
    )
    assert (members["Mo Member"]["holds"], members["Mo Member"]["over_target"]) == (1, False)
    assert members["Group Owner"]["holds"] == 0
    assert [worker["full_name"] for worker in as_organiser["unheld"]] == [
        "Cass Committee",
        "Nia Nonmember",
        "Una Placed",
    ]
    departments = by_name(as_organiser["departments"])
    # Picking: estimated 25, so 3 needed; one leader who is a member.
    assert departments["Picking"]["headcount"] == 25
    assert departments["Picking"]["estimated"] is True
    assert departments["Picking"]["needed"] == 3
    assert [m["full_name"] for m in departments["Picking"]["committee"]] == ["Lee Leader"]
    assert departments["Picking"]["met"] is False
    # Goods in has no estimate: its one known contact is its headcount, and Cass covers it.
    assert (departments["Goods in"]["headcount"], departments["Goods in"]["estimated"]) == (
        1,
        False,
    )
    assert departments["Goods in"]["committee"] == [
        {"contact_id": marked["id"], "full_name": "Cass Committee", "marked": True}
    ]
    assert departments["Goods in"]["met"] is True
    # Una has no department: her own row.
    assert departments[None]["contacts"] == 1  # type: ignore[index]

    everywhere = await get_ok(group.owner, f"{group.url}/committee-coverage")
    assert (everywhere["contacts"], everywhere["held"]) == (16, 13)

    # Members without organiser rights do not see it; a foreign workplace is refused.
    refused = await mo.get(f"{group.url}/committee-coverage")
    assert refused.status_code == 403
    other = await accounts.group()
    foreign = (await make_workplace(other, "Elsewhere"))["id"]
    wrong = await group.owner.get(
        f"{group.url}/committee-coverage", params={"workplace_id": foreign}
    )
    assert wrong.status_code == 422, wrong.text
    assert wrong.json()["fields"][0]["field"] == "workplace_id"


async def test_weekly_snapshots_are_taken_once_a_week_and_drawn_by_the_dashboard(
    accounts: Accounts, app: FastAPI
) -> None:
    group = await accounts.group()
    workplace = (await make_workplace(group, "Riverside Depot", estimated_headcount=50))["id"]
    first = await make_contact(group, "Ann Able", workplace_id=workplace)
    await assess(group, first["id"], 2)
    now = datetime.now(UTC)
    await log_conversation(group, first["id"], occurred_at=(now - timedelta(days=1)).isoformat())
    worker = WebhookWorker.for_app(app.state)
    this_week = (now.date() - timedelta(days=now.weekday())).isoformat()

    # The first run backfills this week; a second run in the same week writes nothing more.
    await worker.maintain(now)
    taken = await snapshot_count(app)
    assert taken >= 1
    await make_contact(group, "Ben Baker", workplace_id=workplace)
    await worker.maintain(now + timedelta(seconds=1))
    assert await snapshot_count(app) == taken
    dashboard = await get_ok(group.owner, f"{group.url}/dashboard")
    weeks = dashboard["weeks"]
    assert [week["week_start"] for week in weeks] == [this_week]
    week = weeks[0]
    assert (week["headcount"], week["contacts"], week["conversations"]) == (50, 1, 1)
    assert week["assessment"]["level_2"] == 1
    # The dashboard's figures now count Ben; the week's history does not change.
    current = dashboard["now"]
    assessed = current["assessment"]
    assert (current["contacts"], assessed["unassessed"], assessed["level_2"]) == (
        2,
        1,
        1,
    )

    # Next week's first run adds a row of its own.
    await worker.maintain(now + timedelta(days=7))
    assert await snapshot_count(app) == 2 * taken
    weeks = (await get_ok(group.owner, f"{group.url}/dashboard"))["weeks"]
    assert [week["week_start"] for week in weeks] == [
        this_week,
        (date.fromisoformat(this_week) + timedelta(days=7)).isoformat(),
    ]
    assert weeks[1]["contacts"] == 2
    assert weeks[1]["conversations"] == 0


async def test_the_dashboard_shows_activity_open_tests_and_ballots_and_overdue_follow_ups(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    olu = await accounts.member(group, "organiser", name="Olu Organiser")
    mo = await accounts.member(group, "member", name="Mo Member")
    workplace = (await make_workplace(group, "Riverside Depot"))["id"]
    people = [
        (await make_contact(group, f"Worker {n}", workplace_id=workplace, organiser_id=olu.user_id))
        for n in range(4)
    ]
    for person in people[:3]:
        await log_conversation(group, person["id"], by=olu)
    await log_conversation(group, people[3]["id"], by=mo)
    campaign = await post_created(
        group.owner, f"{group.url}/campaigns", {"name": "Night pay", "workplace_id": workplace}
    )
    test = await post_created(
        group.owner,
        f"{group.url}/campaigns/{campaign['id']}/tests",
        {"kind": "badge_day", "title": "Badge day", "target_percent": 50},
    )
    for person in people[:2]:
        recorded = await olu.request(
            "PUT",
            f"{group.url}/structure-tests/{test['id']}/workers/{person['id']}",
            json={"status": "took_part"},
        )
        assert recorded.status_code == 200, recorded.text
    # A test whose deadline has passed is not open.
    await post_created(
        group.owner,
        f"{group.url}/campaigns/{campaign['id']}/tests",
        {"kind": "strike", "title": "Old strike", "deadline": "2020-01-01"},
    )
    dispute = await new_dispute(group, "Depot pay")
    opens = date.today() - timedelta(days=1)
    ballot = await new_ballot(
        group,
        dispute["id"],
        opens_on=opens.isoformat(),
        closes_on=(opens + timedelta(days=14)).isoformat(),
    )
    roll = await group.owner.post(
        f"{group.url}/ballots/{ballot['id']}/roll",
        json={"contact_ids": [person["id"] for person in people]},
    )
    assert roll.status_code in (200, 201), roll.text
    late = await post_created(
        group.owner,
        f"{group.url}/follow-ups",
        {
            "title": "Call Worker 1 back",
            "due_on": "2024-05-01",
            "allow_past_due": True,
            "assignee_id": olu.user_id,
        },
    )

    dashboard = await get_ok(olu, f"{group.url}/dashboard")
    activity = by_name(dashboard["organisers"], "display_name")
    assert activity["Olu Organiser"]["holds"] == 4
    assert activity["Olu Organiser"]["conversations_7_days"] == 3
    assert activity["Olu Organiser"]["overdue_follow_ups"] >= 1
    assert activity["Mo Member"]["conversations_28_days"] == 1
    assert [item["title"] for item in dashboard["open_tests"]] == ["Badge day"]
    badge = dashboard["open_tests"][0]
    assert (badge["in_scope"], badge["took_part"], badge["took_part_percent"]) == (4, 2, 50.0)
    assert badge["target_met"] is True
    [open_ballot] = dashboard["open_ballots"]
    assert (open_ballot["on_roll"], open_ballot["voted"], open_ballot["turnout_needed"]) == (
        4,
        0,
        2,
    )
    assert open_ballot["turnout_met"] is False
    assert late["id"] in {item["follow_up_id"] for item in dashboard["overdue"]}
    assert dashboard["overdue_count"] == len(dashboard["overdue"])

    refused = await mo.get(f"{group.url}/dashboard")
    assert refused.status_code == 403


async def test_structure_test_progress_counts_each_rung_without_naming_anyone(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    member = await accounts.member(group, "member", name="Mo Member")
    workplace = (await make_workplace(group, "Riverside Depot"))["id"]
    picking = (await make_department(group, workplace, "Picking"))["id"]
    people = [
        await make_contact(
            group,
            f"Worker {n}",
            workplace_id=workplace,
            department_id=picking if n < 2 else None,
        )
        for n in range(3)
    ]
    campaign = await post_created(
        group.owner, f"{group.url}/campaigns", {"name": "Night pay", "workplace_id": workplace}
    )
    tests = f"{group.url}/campaigns/{campaign['id']}/tests"
    second = await post_created(
        group.owner, tests, {"kind": "badge_day", "title": "Badge day", "position": 2}
    )
    first = await post_created(
        group.owner,
        tests,
        {
            "kind": "majority_petition",
            "title": "Petition",
            "position": 1,
            "department_ids": [picking],
            "target_percent": 50,
        },
    )
    recorded = await member.request(
        "PUT",
        f"{group.url}/structure-tests/{first['id']}/workers/{people[0]['id']}",
        json={"status": "took_part"},
    )
    assert recorded.status_code == 200, recorded.text

    progress = await get_ok(
        member, f"{group.url}/structure-test-progress", campaign_id=campaign["id"]
    )
    assert [item["test_id"] for item in progress] == [first["id"], second["id"]]
    assert (progress[0]["in_scope"], progress[0]["took_part"], progress[0]["target_met"]) == (
        2,
        1,
        True,
    )
    assert (progress[1]["in_scope"], progress[1]["took_part"]) == (3, 0)
    assert progress[1]["took_part_percent"] == 0.0

    other = await accounts.group()
    foreign = await post_created(
        other.owner,
        f"{other.url}/campaigns",
        {"name": "Theirs", "workplace_id": (await make_workplace(other, "Elsewhere"))["id"]},
    )
    missing = await member.get(
        f"{group.url}/structure-test-progress", params={"campaign_id": foreign["id"]}
    )
    assert missing.status_code == 404
