"""One of every kind of record in a group, made through the API.

The generated tenancy tests (tests/test_tenancy.py) call `populate_group` and use the returned
mapping to fill each route's path parameters with real ids from the target group, so a
route that leaks another group's record is caught. Each domain adds its records in its own
function below and registers it in POPULATORS; the ids are keyed by path-parameter name.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from tests.factories import Accounts, Group

Populator = Callable[[Accounts, Group, dict[str, str]], Awaitable[None]]


async def populate_groups_domain(accounts: Accounts, group: Group, ids: dict[str, str]) -> None:
    member = await accounts.member(group, "member", name="Populated Member")
    ids["membership_id"] = await accounts.membership_id(group, member)
    response = await group.owner.post(f"{group.url}/invites", json={"role": "observer"})
    assert response.status_code == 201, response.text
    ids["invite_id"] = response.json()["id"]


# --- workplaces and contacts --------------------------------------------------------------


# --- disputes and solidarity --------------------------------------------------------------


POPULATORS: list[Populator] = [populate_groups_domain]


async def populate_group(accounts: Accounts, group: Group) -> dict[str, str]:
    ids: dict[str, str] = {}
    for populate in POPULATORS:
        await populate(accounts, group, ids)
    return ids
