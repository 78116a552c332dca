"""`shopfloor seed-demo` gives a new user a living, clearly marked example."""

from __future__ import annotations

from api.core.config import Settings
from api.seed.demo import DEMO_EMAIL, DEMO_PASSWORD, seed_demo_data
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
