"""Tenancy tests generated from the app's route table.

Every route under /api/v1/groups/{group_id} is called, with every method it answers, by
people who must not reach the target group's data. A new route is covered without anyone
editing this file: its path parameters are filled from tests/populate.py (or a random id).
"""

from __future__ import annotations

import re
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI

from api.core.context import group_context
from api.core.errors import GROUP_NOT_FOUND_DETAIL
from api.core.permissions import ROLE_PERMISSIONS, Permission, Role, Scope
from api.main import create_app
from api.routes import api_routes
from tests.conftest import make_settings
from tests.factories import Account, Accounts, Group
from tests.populate import populate_group

GROUP_PREFIX = "/api/v1/groups/{group_id}"
GROUP_NOT_FOUND = {"error": "group_not_found", "detail": GROUP_NOT_FOUND_DETAIL}
_PARAM = re.compile(r"{([^}:]+)(?::[^}]*)?}")


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    permission: Permission | None
    scope: Scope | None = None

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def child_params(self) -> list[str]:
        """The record ids in the path (not the group, not options such as a file format)."""
        return [
            name
            for name in _PARAM.findall(self.path)
            if name != "group_id" and name.endswith("_id")
        ]


def group_endpoints(app: FastAPI) -> list[Endpoint]:
    endpoints = []
    for route in api_routes(app):
        if route.path.startswith(GROUP_PREFIX):
            for method in sorted(route.methods):
                endpoints.append(Endpoint(method, route.path, route.permission, route.scope))
    return endpoints


def _all_endpoints() -> list[Endpoint]:
    app = create_app(make_settings("sqlite+aiosqlite://", Path(tempfile.gettempdir())))
    return group_endpoints(app)


ENDPOINTS = _all_endpoints()


def fill(path: str, group_id: str, ids: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "group_id":
            return group_id
        return ids.get(name, str(uuid.uuid4()))

    return _PARAM.sub(value, path)


@dataclass
class Scene:
    target: Group
    target_ids: dict[str, str]
    outsider: Account
    outsider_group: Group
    removed: Account


@pytest.fixture
async def scene(accounts: Accounts) -> Scene:
    target = await accounts.group(name="Target Group")
    target_ids = await populate_group(accounts, target)
    outsider = await accounts.person("Outsider")
    outsider_group = await accounts.group(outsider, name="Outsider Group")
    removed = await accounts.member(target, "organiser", name="Removed Organiser")
    membership = await accounts.membership_id(target, removed)
    response = await target.owner.delete(f"{target.url}/members/{membership}")
    assert response.status_code == 204
    return Scene(target, target_ids, outsider, outsider_group, removed)


def test_route_table_has_group_routes() -> None:
    assert len(ENDPOINTS) >= 9
    methods = {endpoint.method for endpoint in ENDPOINTS}
    assert {"GET", "POST", "PATCH", "DELETE"} <= methods


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_every_group_route_resolves_membership(endpoint: Endpoint, app: FastAPI) -> None:
    route = next(
        r for r in api_routes(app) if r.path == endpoint.path and endpoint.method in r.methods
    )
    assert group_context in route.calls, f"{endpoint} does not depend on group_context"
    assert endpoint.permission is not None, f"{endpoint} declares no permission with require()"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
async def test_outsider_and_removed_member_get_404(endpoint: Endpoint, scene: Scene) -> None:
    url = fill(endpoint.path, scene.target.id, scene.target_ids)
    for caller in (scene.outsider, scene.removed):
        response = await caller.request(endpoint.method, url, json={})
        assert response.status_code == 404, f"{endpoint} as {caller.display_name}: {response.text}"
        assert response.json() == GROUP_NOT_FOUND
    nowhere = fill(endpoint.path, str(uuid.uuid4()), scene.target_ids)
    response = await scene.outsider.request(endpoint.method, nowhere, json={})
    assert response.status_code == 404
    assert response.json() == GROUP_NOT_FOUND, "a missing group must look like a foreign one"


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.child_params], ids=str)
async def test_foreign_record_ids_in_own_group_are_not_found(
    endpoint: Endpoint, scene: Scene
) -> None:
    """The outsider names the target's records under their own group: nothing leaks or moves."""
    url = fill(endpoint.path, scene.outsider_group.id, scene.target_ids)
    response = await scene.outsider.request(endpoint.method, url, json={})
    assert response.status_code in {404, 422}, f"{endpoint}: {response.status_code} {response.text}"
    body = response.text
    for record_id in scene.target_ids.values():
        assert record_id not in body
    # The target record the route named is still there for its owner (a route may answer
    # its owner otherwise, e.g. 409 for a report not yet made, but never "not found").
    if "GET" in _methods_for(endpoint.path):
        owner_url = fill(endpoint.path, scene.target.id, scene.target_ids)
        check = await scene.target.owner.get(owner_url)
        assert check.status_code != 404, f"{endpoint}: {check.text}"


def _methods_for(path: str) -> set[str]:
    return {e.method for e in ENDPOINTS if e.path == path}


@pytest.mark.parametrize(
    ("endpoint", "role"),
    [
        (endpoint, role)
        for endpoint in ENDPOINTS
        for role in Role
        if endpoint.permission is not None and endpoint.permission not in ROLE_PERMISSIONS[role]
    ],
    ids=lambda value: str(value),
)
async def test_roles_without_the_permission_get_403(
    endpoint: Endpoint, role: Role, accounts: Accounts
) -> None:
    group = await accounts.group(name="Permission Group")
    person = await accounts.member(group, role.value)
    # The permission is checked before any record is looked up, so made-up ids do: a route
    # that looked first would answer 404 here and fail.
    response = await person.request(endpoint.method, fill(endpoint.path, group.id, {}), json={})
    assert response.status_code == 403, f"{endpoint} as {role}: {response.text}"
    assert response.json()["error"] == "forbidden"


# Routes about the group itself and who is in it are for people, never for API tokens.
PEOPLE_ONLY = re.compile(
    r"^/api/v1/groups/\{group_id\}(/(members|invites|tokens|leave|audit)(/.*)?)?$"
)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_every_data_route_names_the_token_scope_it_needs(endpoint: Endpoint) -> None:
    if PEOPLE_ONLY.match(endpoint.path):
        assert endpoint.scope is None, f"{endpoint} must not be open to API tokens"
    else:
        assert endpoint.scope is not None, f"{endpoint} declares no API token scope"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
async def test_api_token_without_the_routes_scope_gets_403(
    endpoint: Endpoint, accounts: Accounts
) -> None:
    group = await accounts.group(name="Token Group")
    others = sorted(scope.value for scope in Scope if scope != endpoint.scope)
    created = await group.owner.post(
        f"{group.url}/tokens", json={"name": "Everything else", "scopes": others}
    )
    assert created.status_code == 201, created.text
    secret = created.json()["secret"]
    response = await group.owner.http.request(
        endpoint.method,
        fill(endpoint.path, group.id, {}),
        json={},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 403, f"{endpoint}: {response.text}"
    expected = "token_not_allowed" if endpoint.scope is None else "insufficient_scope"
    assert response.json()["error"] == expected
