"""The distribution log: hand-outs, feedback and what reached each workplace."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from httpx import Response

from tests.factories import (
    Accounts,
    get_ok,
    list_all,
    make_shift,
    make_workplace,
    new_bulletin,
    new_edition,
    post_created,
)


def _ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat()


async def test_members_log_handouts_and_the_workplace_shows_its_reach(accounts: Accounts) -> None:
    group = await accounts.group()
    depot = await make_workplace(group, "Riverside Depot", estimated_headcount=200)
    nights = await make_shift(group, depot["id"])
    bulletin = await new_bulletin(group)
    old = await new_edition(group, bulletin["id"], "2025-06-01")
    latest = await new_edition(group, bulletin["id"], workplace_ids=[depot["id"]])
    member = await accounts.member(group, "member", name="Dee Member")
    reach_url = f"{group.url}/workplaces/{depot['id']}/bulletin-reach"

    empty = await get_ok(member, reach_url)
    assert empty == {
        "last_handout": None,
        "copies_last_3_months": 0,
        "estimated_headcount": 200,
        "copies_per_head": 0.0,
    }

    await post_created(
        member,
        f"{group.url}/editions/{old['id']}/handouts",
        {"workplace_id": depot["id"], "handed_out_at": _ago(200), "copies_given": 500},
    )
    handout = await post_created(
        member,
        f"{group.url}/editions/{latest['id']}/handouts",
        {
            "workplace_id": depot["id"],
            "shift_id": nights["id"],
            "place": "Main gate",
            "handed_out_at": _ago(2),
            "copies_given": 120,
            "copies_left": 30,
            "distributor": "Dee",
        },
    )
    assert handout["created_by"] == member.user_id
    await post_created(
        member,
        f"{group.url}/editions/{latest['id']}/handouts",
        {"workplace_id": depot["id"], "handed_out_at": _ago(1), "copies_given": 30},
    )

    reach = await get_ok(member, reach_url)
    assert reach["copies_last_3_months"] == 150
    assert reach["copies_per_head"] == 0.75
    assert reach["last_handout"]["edition_id"] == latest["id"]
    assert reach["last_handout"]["number"] == 2
    assert reach["last_handout"]["bulletin_title"] == "The Depot Worker"

    listed = await list_all(member, f"{group.url}/editions/{latest['id']}/handouts")
    assert [item["copies_given"] for item in listed] == [30, 120]


async def test_handouts_are_checked(accounts: Accounts) -> None:
    group = await accounts.group()
    other = await accounts.group(name="Elsewhere")
    theirs = await make_workplace(other, "Their Depot")
    edition = await new_edition(group, (await new_bulletin(group))["id"])
    url = f"{group.url}/editions/{edition['id']}/handouts"
    response = await group.owner.post(
        url, json={"workplace_id": theirs["id"], "handed_out_at": _ago(1), "copies_given": 5}
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "workplace_id"
    ours = await make_workplace(group)
    response = await group.owner.post(
        url, json={"workplace_id": ours["id"], "handed_out_at": _ago(1), "copies_given": -1}
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "copies_given"
    observer = await accounts.member(group, "observer")
    response = await observer.post(
        url, json={"workplace_id": ours["id"], "handed_out_at": _ago(1), "copies_given": 5}
    )
    assert response.status_code == 403


async def test_feedback_is_logged_against_an_edition(accounts: Accounts) -> None:
    group = await accounts.group()
    edition = await new_edition(group, (await new_bulletin(group))["id"])
    member = await accounts.member(group, "member")
    url = f"{group.url}/editions/{edition['id']}/feedback"
    feedback = await post_created(
        member, url, {"heard_on": "2026-03-04", "text": "  The drivers want more on rotas  "}
    )
    assert feedback["text"] == "The drivers want more on rotas"
    response = await member.patch(
        f"{group.url}/feedback/{feedback['id']}", json={"text": "Rotas!", "version": 1}
    )
    assert response.status_code == 200
    assert [item["text"] for item in await list_all(member, url)] == ["Rotas!"]


async def test_the_print_run_is_recorded_on_the_edition(accounts: Accounts) -> None:
    group = await accounts.group()
    edition = await new_edition(group, (await new_bulletin(group))["id"])
    response = await group.owner.patch(
        f"{group.url}/editions/{edition['id']}",
        json={"copies_printed": 600, "printed_on": "2026-03-01", "version": edition["version"]},
    )
    assert response.status_code == 200, response.text
    assert response.json()["copies_printed"] == 600
    assert response.json()["printed_on"] == "2026-03-01"


def _csv(response: Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["X-Contains-Personal-Data"] == "true"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


async def test_the_distribution_log_exports_per_edition_and_over_a_time_range(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    depot = await make_workplace(group, "Riverside Depot")
    nights = await make_shift(group, depot["id"])
    bulletin = await new_bulletin(group)
    march = await new_edition(group, bulletin["id"])
    april = await new_edition(group, bulletin["id"], "2026-04-06")
    member = await accounts.member(group, "member", name="Dee Member")
    gate = await post_created(
        member,
        f"{group.url}/editions/{march['id']}/handouts",
        {
            "workplace_id": depot["id"],
            "shift_id": nights["id"],
            "place": "Main gate",
            "handed_out_at": _ago(40),
            "copies_given": 120,
            "copies_left": 30,
            "distributor": "Dee",
        },
    )
    await post_created(
        member,
        f"{group.url}/editions/{april['id']}/handouts",
        {"workplace_id": depot["id"], "handed_out_at": _ago(3), "copies_given": 80},
    )
    url = f"{group.url}/exports/handouts.csv"

    [row] = _csv(await group.owner.get(url, params={"edition_id": march["id"]}))
    assert row == {
        "Shopfloor id": gate["id"],
        "Bulletin": "The Depot Worker",
        "Edition": "1",
        "Edition date": "2026-03-02",
        "Workplace": "Riverside Depot",
        "Shift": nights["name"],
        "Gate or place": "Main gate",
        "Handed out at (UTC)": row["Handed out at (UTC)"],
        "Copies given": "120",
        "Copies left": "30",
        "Handed out by": "Dee",
        "Created at (UTC)": row["Created at (UTC)"],
        "Updated at (UTC)": row["Updated at (UTC)"],
    }
    recent = _csv(await group.owner.get(url, params={"from": _ago(10), "to": _ago(0)}))
    assert [(r["Edition"], r["Copies given"]) for r in recent] == [("2", "80")]
    everything = _csv(await group.owner.get(url))
    assert sorted(r["Copies given"] for r in everything) == ["120", "80"]

    events = await list_all(group.owner, f"{group.url}/audit")
    assert [(e["record_type"], e["row_count"]) for e in events] == [
        ("handouts", 2),
        ("handouts", 1),
        ("handouts", 1),
    ]
    assert events[-1]["filters"] == {"edition_id": march["id"]}

    bare = await group.owner.get(url, params={"from": "2026-03-01T00:00:00"})
    assert bare.status_code == 422
    assert bare.json()["fields"][0]["field"] == "from"


async def test_exporting_the_distribution_log_is_for_organisers_and_the_groups_editions(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    other = await accounts.group(name="Elsewhere")
    theirs = await new_edition(other, (await new_bulletin(other))["id"])
    url = f"{group.url}/exports/handouts.csv"
    for role in ("member", "observer"):
        person = await accounts.member(group, role)
        assert (await person.get(url)).status_code == 403, role

    foreign = await group.owner.get(url, params={"edition_id": theirs["id"]})
    assert foreign.status_code == 422
    assert foreign.json()["fields"][0]["field"] == "edition_id"
    assert await list_all(group.owner, f"{group.url}/audit") == [], "a refusal is not audited"

    created = await group.owner.post(
        f"{group.url}/tokens", json={"name": "Sync", "scopes": ["bulletins:read"]}
    )
    assert created.status_code == 201, created.text
    headers = {"Authorization": f"Bearer {created.json()['secret']}"}
    refused = await group.owner.http.get(url, headers=headers)
    assert refused.status_code == 403
    assert refused.json()["error"] == "insufficient_scope"

    xlsx = await group.owner.get(f"{group.url}/exports/handouts.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
