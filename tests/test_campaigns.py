"""Campaigns: structure tests recorded by members and their results, and the turnout chase of
a statutory ballot with its deadlines as follow-ups."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

from tests.factories import (
    Account,
    Accounts,
    Group,
    get_ok,
    list_all,
    make_contact,
    make_department,
    make_shift,
    make_workplace,
    new_ballot,
    new_dispute,
    post_created,
)


async def assess(group: Group, contact_id: str, level: int) -> None:
    await post_created(
        group.owner, f"{group.url}/contacts/{contact_id}/assessments", {"level": level}
    )


class Floor:
    """A workplace with two departments and a shift, and workers placed and assessed."""

    def __init__(self, group: Group) -> None:
        self.group = group
        self.people: dict[str, str] = {}

    async def build(self, workers: list[tuple[str, str, int | None, Account | None]]) -> Floor:
        group = self.group
        self.workplace = (await make_workplace(group, "Riverside Depot"))["id"]
        self.departments = {
            name: (await make_department(group, self.workplace, name))["id"]
            for name in ("Goods in", "Picking")
        }
        self.nights = (await make_shift(group, self.workplace, "Nights"))["id"]
        for name, department, level, organiser in workers:
            contact = await make_contact(
                group,
                name,
                workplace_id=self.workplace,
                department_id=self.departments[department],
                shift_id=self.nights,
                membership_status="member",
                organiser_id=organiser.user_id if organiser else None,
            )
            self.people[name] = contact["id"]
            if level is not None:
                await assess(group, contact["id"], level)
        return self


async def new_test(group: Group, campaign_id: str, **fields: Any) -> dict[str, Any]:
    body = {"kind": "majority_petition", "title": "Night allowance petition", **fields}
    return await post_created(group.owner, f"{group.url}/campaigns/{campaign_id}/tests", body)


async def record(account: Account, group: Group, test_id: str, contact_id: str, **body: Any) -> Any:
    return await account.request(
        "PUT", f"{group.url}/structure-tests/{test_id}/workers/{contact_id}", json=body
    )


async def test_a_structure_test_recorded_by_two_members_shows_results_and_where_the_chart_was_wrong(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    ana = await accounts.member(group, "member", name="Ana")
    ben = await accounts.member(group, "member", name="Ben")
    floor = await Floor(group).build(
        [
            ("Aga Leader", "Goods in", 1, ana),
            ("Bo Supporter", "Goods in", 2, ana),
            ("Cy Hostile", "Goods in", 5, ben),
            ("Di Undecided", "Picking", 3, ben),
            ("Ed Opposed", "Picking", 4, ben),
            ("Fi Unassessed", "Picking", None, None),
        ]
    )
    people = floor.people
    campaign = await post_created(
        group.owner,
        f"{group.url}/campaigns",
        {"name": "Night pay", "workplace_id": floor.workplace},
    )
    test = await new_test(
        group,
        campaign["id"],
        target_percent=50,
        petition_text="We, the night shift, ask for the allowance back.",
        demands=["Restore the night allowance"],
    )
    assert test["demands"] == ["Restore the night allowance"]

    # Ana works Goods in while Ben works Picking, at the same moment.
    answers = await asyncio.gather(
        record(ana, group, test["id"], people["Aga Leader"], status="refused"),
        record(
            ana,
            group,
            test["id"],
            people["Bo Supporter"],
            status="took_part",
            signed_on="2026-03-02",
            signature_method="paper",
        ),
        record(ben, group, test["id"], people["Cy Hostile"], status="took_part"),
        record(ben, group, test["id"], people["Di Undecided"], status="took_part"),
        record(ben, group, test["id"], people["Ed Opposed"], status="unreachable"),
    )
    assert [answer.status_code for answer in answers] == [200] * 5, [a.text for a in answers]
    assert answers[1].json()["signature_method"] == "paper"
    assert answers[2].json()["recorded_by"] == ben.user_id

    results = await get_ok(group.owner, f"{group.url}/structure-tests/{test['id']}/results")
    assert results["total"] | {} == {
        "in_scope": 6,
        "took_part": 3,
        "refused": 1,
        "unreachable": 1,
        "not_asked": 1,
        "took_part_percent": 50.0,
        "target_percent": 50,
        "target_met": True,
        "more_needed": 0,
    }
    departments = {row["name"]: row["tally"] for row in results["by_department"]}
    assert departments["Goods in"]["took_part"] == 2
    assert departments["Goods in"]["took_part_percent"] == 66.67
    assert departments["Picking"]["took_part"] == 1
    assert departments["Picking"]["target_met"] is False
    assert departments["Picking"]["more_needed"] == 1
    assert [row["name"] for row in results["by_shift"]] == ["Nights"]
    assert [w["full_name"] for w in results["supportive_not_taking_part"]] == ["Aga Leader"]
    assert [w["full_name"] for w in results["unsupportive_taking_part"]] == ["Cy Hostile"]

    # The tick-list narrowed to one member's people, and to those still to ask.
    url = f"{group.url}/structure-tests/{test['id']}/workers"
    mine = await list_all(ana, url, mine="true")
    assert [w["full_name"] for w in mine] == ["Aga Leader", "Bo Supporter"]
    waiting = await list_all(ana, url, status="not_asked")
    assert [w["full_name"] for w in waiting] == ["Fi Unassessed"]
    picking = await list_all(ana, url, department_id=floor.departments["Picking"])
    assert [w["status"] for w in picking] == ["took_part", "unreachable", "not_asked"]


async def test_two_members_recording_the_same_worker_at_once_both_land(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    ana = await accounts.member(group, "member", name="Ana")
    ben = await accounts.member(group, "member", name="Ben")
    floor = await Floor(group).build([("Aga Leader", "Goods in", 1, None)])
    campaign = await post_created(
        group.owner, f"{group.url}/campaigns", {"name": "Badges", "workplace_id": floor.workplace}
    )
    test = await new_test(group, campaign["id"], kind="badge_day", title="Badge day")
    worker = floor.people["Aga Leader"]

    first, second = await asyncio.gather(
        record(ana, group, test["id"], worker, status="took_part"),
        record(ben, group, test["id"], worker, status="unreachable"),
    )
    assert (first.status_code, second.status_code) == (200, 200), (first.text, second.text)
    final = (await list_all(ana, f"{group.url}/structure-tests/{test['id']}/workers"))[0]
    # Neither recording was lost: the row moved on twice, and stands as the later one left it.
    assert final["version"] == 2
    later = first if final["recorded_by"] == ana.user_id else second
    assert final["status"] == later.json()["status"]
    feed = await get_ok(group.owner, f"{group.url}/changes", types="test_response")
    operations = [item["operation"] for item in feed["items"]]
    assert operations == ["create", "update"]

    # A member who says which version they saw is refused a recording made since.
    stale = await record(ana, group, test["id"], worker, status="refused", version=1)
    assert stale.status_code == 409, stale.text
    assert stale.json()["error"] == "version_conflict"
    assert stale.json()["current"]["version"] == 2


async def test_only_a_petition_keeps_signatures_and_workers_outside_the_scope_are_refused(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    floor = await Floor(group).build(
        [("Aga Leader", "Goods in", 1, None), ("Di Undecided", "Picking", 3, None)]
    )
    campaign = await post_created(
        group.owner, f"{group.url}/campaigns", {"name": "March", "workplace_id": floor.workplace}
    )
    march = await new_test(
        group,
        campaign["id"],
        kind="march_on_the_boss",
        title="March on the boss",
        department_ids=[floor.departments["Goods in"]],
    )
    answer = await record(
        group.owner,
        group,
        march["id"],
        floor.people["Aga Leader"],
        status="took_part",
        signature_method="online",
    )
    assert answer.status_code == 422
    assert answer.json()["fields"][0]["loc"] == ["body", "signature_method"]

    outside = await record(
        group.owner, group, march["id"], floor.people["Di Undecided"], status="refused"
    )
    assert outside.status_code == 404
    assert outside.json()["error"] == "worker_not_in_scope"

    unnamed = await group.owner.post(
        f"{group.url}/campaigns/{campaign['id']}/tests", json={"kind": "own", "title": "Sick-out"}
    )
    assert unnamed.status_code == 422
    assert unnamed.json()["fields"][0]["loc"] == ["body", "own_kind"]
    texted = await group.owner.post(
        f"{group.url}/campaigns/{campaign['id']}/tests",
        json={"kind": "strike", "title": "Strike", "demands": ["More pay"]},
    )
    assert texted.status_code == 422
    assert texted.json()["fields"][0]["loc"] == ["body", "kind"]


async def test_a_test_narrowed_by_a_saved_filter_keeps_the_scope_it_was_given(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    floor = await Floor(group).build(
        [("Aga Leader", "Goods in", 1, None), ("Bo Supporter", "Picking", 2, None)]
    )
    lapsed = await make_contact(
        group, "Cy Lapsed", workplace_id=floor.workplace, membership_status="lapsed"
    )
    campaign = await post_created(
        group.owner, f"{group.url}/campaigns", {"name": "Vote", "workplace_id": floor.workplace}
    )
    members = await post_created(
        group.owner,
        f"{group.url}/saved-filters",
        {"name": "Members", "shared": True, "filter": {"membership_status": "member"}},
    )
    vote = await new_test(
        group,
        campaign["id"],
        kind="indicative_vote",
        title="Members' indicative vote",
        contact_filter=members["filter"],
    )
    assert vote["contact_filter"]["membership_status"] == "member"
    assert set(vote["contact_filter"].values()) == {"member", None}
    url = f"{group.url}/structure-tests/{vote['id']}"
    workers = await list_all(group.owner, f"{url}/workers")
    assert [worker["full_name"] for worker in workers] == ["Aga Leader", "Bo Supporter"]
    outside = await record(group.owner, group, vote["id"], lapsed["id"], status="took_part")
    assert outside.status_code == 404
    assert outside.json()["error"] == "worker_not_in_scope"

    # Changing the saved filter afterwards leaves the test's scope as it was given.
    edited = await group.owner.patch(
        f"{group.url}/saved-filters/{members['id']}",
        json={"filter": {"membership_status": "lapsed"}, "version": members["version"]},
    )
    assert edited.status_code == 200, edited.text
    results = await get_ok(group.owner, f"{url}/results")
    assert results["total"]["in_scope"] == 2
    progress = await get_ok(
        group.owner, f"{group.url}/structure-test-progress", campaign_id=campaign["id"]
    )
    assert [row["in_scope"] for row in progress] == [2]

    # Narrowed further by an edit; cleared with null; a filter naming another group's
    # workplace is refused at its field.
    narrowed = await group.owner.patch(
        url, json={"contact_filter": {"assessment_level": "1"}, "version": vote["version"]}
    )
    assert narrowed.status_code == 200, narrowed.text
    assert (await get_ok(group.owner, f"{url}/results"))["total"]["in_scope"] == 1
    cleared = await group.owner.patch(
        url, json={"contact_filter": None, "version": narrowed.json()["version"]}
    )
    assert cleared.json()["contact_filter"] is None
    assert (await get_ok(group.owner, f"{url}/results"))["total"]["in_scope"] == 3
    # A worker who answered stays counted when they no longer match the filter.
    members_only = await group.owner.patch(
        url,
        json={
            "contact_filter": {"membership_status": "member"},
            "version": cleared.json()["version"],
        },
    )
    assert members_only.status_code == 200, members_only.text
    answer = await record(
        group.owner, group, vote["id"], floor.people["Bo Supporter"], status="took_part"
    )
    assert answer.status_code == 200, answer.text
    bo_url = f"{group.url}/contacts/{floor.people['Bo Supporter']}"
    bo = await get_ok(group.owner, bo_url)
    lapsing = await group.owner.patch(
        bo_url, json={"membership_status": "lapsed", "version": bo["version"]}
    )
    assert lapsing.status_code == 200, lapsing.text
    workers = await list_all(group.owner, f"{url}/workers")
    assert [(w["full_name"], w["status"]) for w in workers] == [
        ("Aga Leader", "not_asked"),
        ("Bo Supporter", "took_part"),
    ]

    # The filter sent back unchanged with an edit is not checked again, though a department
    # it names has been deleted since.
    temporary = await make_department(group, floor.workplace, "Temporary")
    narrowed_to_gone = await group.owner.patch(
        url,
        json={
            "contact_filter": {"department_id": temporary["id"]},
            "version": members_only.json()["version"],
        },
    )
    assert narrowed_to_gone.status_code == 200, narrowed_to_gone.text
    gone = await group.owner.delete(
        f"{group.url}/departments/{temporary['id']}", params={"version": temporary["version"]}
    )
    assert gone.status_code == 204, gone.text
    retitled = await group.owner.patch(
        url,
        json={
            "title": "Members' vote",
            "contact_filter": narrowed_to_gone.json()["contact_filter"],
            "version": narrowed_to_gone.json()["version"],
        },
    )
    assert retitled.status_code == 200, retitled.text
    # Nobody is in the deleted department; Bo, who answered, is still counted.
    total = (await get_ok(group.owner, f"{url}/results"))["total"]
    assert (total["in_scope"], total["took_part"]) == (1, 1)

    other = await accounts.group()
    elsewhere = await make_workplace(other, "Elsewhere")
    refused = await group.owner.patch(
        url,
        json={
            "contact_filter": {"workplace_id": elsewhere["id"]},
            "version": retitled.json()["version"],
        },
    )
    assert refused.status_code == 422
    assert refused.json()["fields"][0]["loc"] == ["body", "contact_filter", "workplace_id"]


# --- the ballot chase -----------------------------------------------------------------------


async def chase_floor(accounts: Accounts, levels: list[int | None]) -> tuple[Group, Floor, Account]:
    group = await accounts.group()
    ana = await accounts.member(group, "member", name="Ana")
    workers = [
        (f"Worker {index:02}", "Goods in" if index % 2 else "Picking", level, ana)
        for index, level in enumerate(levels, start=1)
    ]
    return group, await Floor(group).build(workers), ana


async def tick(
    account: Account, group: Group, ballot_id: str, contact_id: str, **ticks: Any
) -> Any:
    response = await account.request(
        "PATCH", f"{group.url}/ballots/{ballot_id}/roll/{contact_id}", json=ticks
    )
    assert response.status_code == 200, response.text
    return response.json()


def threshold(chase: dict[str, Any], key: str) -> dict[str, Any]:
    return next(check for check in chase["thresholds"] if check["key"] == key)


async def test_tu_act_2016_chase_with_important_public_services_support(
    accounts: Accounts,
) -> None:
    """Worked example: 10 on the roll, opening 1 May 2025 (Trade Union Act 2016), in an
    important public service. 5 say they voted, 4 of them assessed 1 or 2: turnout 50% meets
    the 50% threshold exactly, and 4 of 10 entitled (40%) meets the 40% support threshold."""
    group, floor, ana = await chase_floor(accounts, [1, 2, 2, 1, 4, 3, 3, 5, None, 2])
    dispute = await new_dispute(group, workplace_ids=[floor.workplace])
    ballot = await new_ballot(
        group,
        dispute["id"],
        opens_on="2025-05-01",
        closes_on="2025-05-15",
        important_public_service=True,
    )
    url = f"{group.url}/ballots/{ballot['id']}"
    added = await post_created(group.owner, f"{url}/roll", {"members_at_dispute_workplaces": True})
    assert added == {"added": 10, "on_roll": 10}
    for name in ("Worker 01", "Worker 02", "Worker 03", "Worker 04"):
        await tick(ana, group, ballot["id"], floor.people[name], voted=True)
    chase = await get_ok(group.owner, f"{url}/chase")
    assert chase["rule_set"]["id"] == "trade_union_act_2016"
    assert threshold(chase, "turnout")["met"] is False
    assert threshold(chase, "turnout")["required_votes"] == 5
    assert threshold(chase, "turnout")["margin_votes"] == -1

    voter = await tick(ana, group, ballot["id"], floor.people["Worker 05"], voted=True)
    assert voter["voted_by"] == ana.user_id
    chase = await get_ok(group.owner, f"{url}/chase")
    assert chase["voted"] == 5
    assert chase["turnout_percent"] == 50.0
    assert threshold(chase, "turnout")["met"] is True
    support = threshold(chase, "important_public_service_support")
    assert (support["actual_votes"], support["required_votes"], support["met"]) == (4, 4, True)
    assert chase["projected_yes"] == 4
    departments = {row["name"]: row for row in chase["by_department"]}
    assert departments["Goods in"] | {} == {
        "id": floor.departments["Goods in"],
        "name": "Goods in",
        "on_roll": 5,
        "voted": 3,
        "turnout_percent": 60.0,
    }
    assert departments["Picking"]["voted"] == 2
    # Ticks recorded now, after the close, count on the closing day of the series.
    assert chase["daily"][0] == {"day": "2025-05-01", "voted": 0, "turnout_percent": 0.0}
    assert chase["daily"][-1] == {"day": "2025-05-15", "voted": 5, "turnout_percent": 50.0}
    assert chase["organisers"] == [
        {"organiser_id": ana.user_id, "display_name": "Ana", "not_voted": 5}
    ]
    chase_list = await list_all(ana, f"{url}/roll", mine="true", not_voted="true")
    assert [voter["full_name"] for voter in chase_list] == [
        "Worker 06",
        "Worker 07",
        "Worker 08",
        "Worker 09",
        "Worker 10",
    ]


async def test_er_act_2025_chase_has_no_support_threshold(accounts: Accounts) -> None:
    """Worked example: the same important public service balloting from 2 March 2026
    (Employment Rights Act 2025): only the 50% turnout threshold is projected. 4 of 8 voted:
    met with no vote to spare; un-ticking one falls a vote short."""
    group, floor, ana = await chase_floor(accounts, [4, 4, 4, 4, 1, 1, 1, 1])
    dispute = await new_dispute(group, workplace_ids=[floor.workplace])
    ballot = await new_ballot(
        group,
        dispute["id"],
        opens_on="2026-03-02",
        closes_on="2026-03-16",
        important_public_service=True,
    )
    url = f"{group.url}/ballots/{ballot['id']}"
    await post_created(group.owner, f"{url}/roll", {"contact_ids": list(floor.people.values())})
    for name in ("Worker 01", "Worker 02", "Worker 03", "Worker 04"):
        await tick(ana, group, ballot["id"], floor.people[name], voted=True, paper_received=True)
    chase = await get_ok(group.owner, f"{url}/chase")
    assert chase["rule_set"]["id"] == "employment_rights_act_2025"
    assert [check["key"] for check in chase["thresholds"]] == ["turnout"]
    assert threshold(chase, "turnout")["met"] is True
    assert threshold(chase, "turnout")["margin_votes"] == 0
    assert chase["paper_received"] == 4
    assert chase["projected_yes"] == 0

    await tick(ana, group, ballot["id"], floor.people["Worker 04"], voted=False)
    chase = await get_ok(group.owner, f"{url}/chase")
    assert threshold(chase, "turnout")["met"] is False
    assert threshold(chase, "turnout")["margin_votes"] == -1


async def duty_follow_ups(group: Group, dispute_title: str) -> dict[str, dict[str, Any]]:
    items = await list_all(group.owner, f"{group.url}/follow-ups")
    return {item["title"]: item for item in items if dispute_title in item["title"]}


async def test_statutory_deadlines_become_follow_ups_that_move_with_the_ballot(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    organiser = await accounts.member(group, "organiser", name="Olu Organiser")
    rep = await make_contact(group, "Rita Rep", organiser_id=organiser.user_id)
    dispute = await new_dispute(group, "Depot pay")
    await post_created(
        group.owner,
        f"{group.url}/disputes/{dispute['id']}/contacts",
        {"contact_id": rep["id"], "part": "rep"},
    )
    opens = date.today() + timedelta(days=30)
    ballot = await new_ballot(
        group,
        dispute["id"],
        opens_on=opens.isoformat(),
        closes_on=(opens + timedelta(days=14)).isoformat(),
    )
    duties = await duty_follow_ups(group, "Depot pay")
    notice = duties["Give the employer notice of the ballot (Depot pay)"]
    assert notice["due_on"] == (opens - timedelta(days=7)).isoformat()
    assert notice["assignee_id"] == organiser.user_id
    assert notice["contact_id"] == rep["id"]
    sample = duties["Send the employer a sample voting paper (Depot pay)"]
    assert sample["due_on"] == (opens - timedelta(days=3)).isoformat()
    assert "Appoint the ballot's independent scrutineer (Depot pay)" not in duties
    mandate = duties["The mandate for industrial action ends (Depot pay)"]
    # Opening after 18 February 2026: the ER Act 2025's 12-month mandate.
    closes = opens + timedelta(days=14)
    assert (
        mandate["due_on"] == (closes.replace(year=closes.year + 1) - timedelta(days=1)).isoformat()
    )
    assert len(duties) == 5

    # Closing the sample-paper duty, then moving the ballot a week later.
    done = await group.owner.patch(
        f"{group.url}/follow-ups/{sample['id']}", json={"done": True, "version": sample["version"]}
    )
    assert done.status_code == 200, done.text
    later = opens + timedelta(days=7)
    moved = await group.owner.patch(
        f"{group.url}/ballots/{ballot['id']}",
        json={
            "opens_on": later.isoformat(),
            "closes_on": (later + timedelta(days=14)).isoformat(),
            "entitled_to_vote": 60,
            "version": ballot["version"],
        },
    )
    assert moved.status_code == 200, moved.text
    duties = await duty_follow_ups(group, "Depot pay")
    assert duties["Give the employer notice of the ballot (Depot pay)"]["id"] == notice["id"]
    assert (
        duties["Give the employer notice of the ballot (Depot pay)"]["due_on"]
        == (later - timedelta(days=7)).isoformat()
    )
    assert (
        duties["The ballot closes (Depot pay)"]["due_on"]
        == (later + timedelta(days=14)).isoformat()
    )
    # The done follow-up keeps its day and stays done.
    kept = duties["Send the employer a sample voting paper (Depot pay)"]
    assert (kept["done"], kept["due_on"]) == (True, sample["due_on"])
    # More than 50 entitled: a scrutineer is needed by the notice of ballot.
    scrutineer = duties["Appoint the ballot's independent scrutineer (Depot pay)"]
    assert scrutineer["due_on"] == (later - timedelta(days=7)).isoformat()
    assert len(duties) == 6

    # Saving the ballot again changes nothing and duplicates nothing.
    again = await group.owner.patch(
        f"{group.url}/ballots/{ballot['id']}",
        json={"notes": "Papers go out by post", "version": moved.json()["version"]},
    )
    assert again.status_code == 200, again.text
    assert await duty_follow_ups(group, "Depot pay") == duties


async def test_deadline_follow_ups_pass_to_the_new_rep_and_go_with_a_deleted_ballot(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    olu = await accounts.member(group, "organiser", name="Olu Organiser")
    pat = await accounts.member(group, "organiser", name="Pat Organiser")
    rita = await make_contact(group, "Rita Rep", organiser_id=olu.user_id)
    sam = await make_contact(group, "Sam Steward", organiser_id=pat.user_id)
    dispute = await new_dispute(group, "Depot pay")
    people = f"{group.url}/disputes/{dispute['id']}/contacts"
    await post_created(group.owner, people, {"contact_id": rita["id"], "part": "rep"})
    await post_created(group.owner, people, {"contact_id": sam["id"], "part": "supporter"})
    opens = date.today() + timedelta(days=30)
    ballot = await new_ballot(
        group,
        dispute["id"],
        opens_on=opens.isoformat(),
        closes_on=(opens + timedelta(days=14)).isoformat(),
    )
    before = await duty_follow_ups(group, "Depot pay")
    assert len(before) == 5
    sample = before["Send the employer a sample voting paper (Depot pay)"]
    done = await group.owner.patch(
        f"{group.url}/follow-ups/{sample['id']}", json={"done": True, "version": sample["version"]}
    )
    assert done.status_code == 200, done.text

    # Rita stops being a rep: with no reps, her open follow-ups pass to whoever recorded the
    # ballot; then Sam becomes a rep and they pass to him. Each stays one follow-up.
    unlinked = await group.owner.delete(f"{people}/{rita['id']}")
    assert unlinked.status_code == 204, unlinked.text
    between = await duty_follow_ups(group, "Depot pay")
    assert {title: item["id"] for title, item in between.items()} == {
        title: item["id"] for title, item in before.items()
    }
    open_ones = [item for title, item in between.items() if title != sample["title"]]
    assert {(item["assignee_id"], item["contact_id"]) for item in open_ones} == {
        (group.owner.user_id, None)
    }
    sam_link = await get_ok(group.owner, f"{people}/{sam['id']}")
    promoted = await group.owner.patch(
        f"{people}/{sam['id']}", json={"part": "rep", "version": sam_link["version"]}
    )
    assert promoted.status_code == 200, promoted.text
    after = await duty_follow_ups(group, "Depot pay")
    assert len(after) == 5
    for title, item in after.items():
        assert item["id"] == before[title]["id"], title
        if title == sample["title"]:
            # Done before the change: it stays done and Rita's, and is not asked of Sam again.
            assert (item["done"], item["contact_id"]) == (True, rita["id"])
            assert item["assignee_id"] == olu.user_id
        else:
            assert (item["done"], item["contact_id"]) == (False, sam["id"]), title
            assert item["assignee_id"] == pat.user_id, title
            assert item["due_on"] == before[title]["due_on"], title

    # A second rep gets their own follow-ups for each deadline.
    await post_created(group.owner, people, {"contact_id": rita["id"], "part": "rep"})
    assert len(await list_all(group.owner, f"{group.url}/follow-ups")) == 10

    # The ballot is deleted: its open follow-ups go with it, the done one stays.
    deleted = await group.owner.delete(f"{group.url}/ballots/{ballot['id']}")
    assert deleted.status_code == 204, deleted.text
    left = await duty_follow_ups(group, "Depot pay")
    assert list(left) == [sample["title"]]
    assert left[sample["title"]]["done"] is True
