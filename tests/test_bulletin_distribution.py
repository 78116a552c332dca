"""The distribution log: hand-outs, feedback and what reached each workplace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
