"""`shopfloor seed-demo` gives a new user a living, clearly marked example."""

from __future__ import annotations

import random

from api.core.config import Settings
from api.seed.demo import DEMO_EMAIL, DEMO_PASSWORD, seed_demo_data
from api.seed.roster import NEXT_STEPS, NOTES, OUTCOMES, PLANS, SEED, conversation_note, rosters
from tests.factories import Accounts


async def test_seed_demo_creates_a_marked_group_and_a_working_login(
    accounts: Accounts, settings: Settings
) -> None:
    login = await seed_demo_data(settings)
    assert (login.email, login.password) == (DEMO_EMAIL, DEMO_PASSWORD)
    again = await seed_demo_data(settings)  # a second run changes nothing
    assert again == login

    response = await accounts.login(DEMO_EMAIL, DEMO_PASSWORD)
    assert response.status_code == 200
    token = response.json()["access_token"]
    http = accounts.new_client()
    groups = (
        await http.get("/api/v1/groups", headers={"Authorization": f"Bearer {token}"})
    ).json()["items"]
    assert len(groups) == 1
    assert groups[0]["is_demo"] is True
    assert groups[0]["name"].startswith("DEMO")
    members = (
        await http.get(
            f"/api/v1/groups/{groups[0]['id']}/members",
            headers={"Authorization": f"Bearer {token}"},
        )
    ).json()["items"]
    assert len(members) == 5
    # Demo accounts do not count as the instance's first real account.
    instance = (await http.get("/api/v1/instance")).json()
    assert instance["needs_setup"] is True


def test_the_demo_roster_is_the_same_every_time_and_looks_like_a_real_workforce() -> None:
    first, again = rosters(), rosters()
    assert first == again, "the same seed gives the same people"
    assert rosters(SEED + 1) != first

    everyone = [person for people in first for person in people]
    names = [person.full_name for person in everyone]
    assert len(names) == len(set(names)), "nobody appears twice"
    # British-born and migrant workers, as in the workplaces organised.
    origins = {person.origin for person in everyone}
    assert {"british", "polish", "romanian", "portuguese", "spanish", "arabic", "south_asian"} <= (
        origins
    )
    british = sum(person.origin == "british" for person in everyone)
    assert 0.3 < british / len(everyone) < 0.6
    languages = {person.preferred_language for person in everyone}
    assert {"pl", "ro", "pt", "es", "ar", "ur", None} <= languages
    # Each worker is placed in one of their own workplace's departments and shifts.
    for plan, people in zip(PLANS, first, strict=True):
        assert len(people) == plan.headcount // 3
        for person in people:
            department = plan.departments[person.department]
            assert person.job_title in department.job_titles
            assert 0 <= person.shift < len(plan.shifts)
            assert set(person.issues) <= set(plan.issues)


def test_the_demo_workplaces_and_notes_read_like_an_organisers() -> None:
    sectors = {plan.sector for plan in PLANS}
    assert {"logistics", "social care", "health", "transport"} == sectors
    for plan in PLANS:
        assert plan.departments
        assert plan.shifts
        assert all(pattern for _, pattern in plan.shifts), "every shift says when it works"
        assert sum(d.headcount for d in plan.departments) == plan.headcount
        for issue in plan.issues:
            assert NOTES[issue], f"{plan.name} raises {issue}, which has notes"
    rng = random.Random(1)
    for issue, notes in NOTES.items():
        for _ in notes:
            text = conversation_note(issue, "Agnieszka", rng)
            assert "{" not in text
            assert "lorem" not in text.lower()
    assert set(OUTCOMES) == set(NEXT_STEPS) == {1, 2, 3, 4, 5, None}


async def test_the_demo_group_holds_the_roster(accounts: Accounts, settings: Settings) -> None:
    await seed_demo_data(settings)
    response = await accounts.login(DEMO_EMAIL, DEMO_PASSWORD)
    http = accounts.new_client()
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    [group] = (await http.get("/api/v1/groups", headers=headers)).json()["items"]
    base = f"/api/v1/groups/{group['id']}"
    workplaces = (await http.get(f"{base}/workplaces", headers=headers)).json()["items"]
    assert sorted(w["name"] for w in workplaces) == sorted(plan.name for plan in PLANS)
    depot = next(w for w in workplaces if w["name"] == PLANS[0].name)
    assert depot["address"] == PLANS[0].address
    chart = (await http.get(f"{base}/workplaces/{depot['id']}/chart", headers=headers)).json()
    assert [row["department_name"] for row in chart["rows"][:-1]] == sorted(
        d.name for d in PLANS[0].departments
    )
    assert chart["totals"]["contacts"] == PLANS[0].headcount // 3
    assert chart["totals"]["level_1"] > 0
    assert chart["totals"]["unassessed"] > 0
    contacts = (await http.get(f"{base}/contacts", params={"limit": 200}, headers=headers)).json()[
        "items"
    ]
    expected = {person.full_name for people in rosters() for person in people}
    assert {contact["full_name"] for contact in contacts} <= expected
    conversations = (
        await http.get(f"{base}/conversations", params={"limit": 50}, headers=headers)
    ).json()["items"]
    assert conversations
    for conversation in conversations:
        assert conversation["notes"]
        assert "lorem" not in conversation["notes"].lower()
        assert conversation["outcome"]
