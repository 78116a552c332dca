"""Tenancy tests generated from the app's route table.

Every route under /api/v1/groups/{group_id} is called, with every method it answers, by
people who must not reach the target group's data. Path parameters are filled from
tests/populate.py; a route that takes a body is sent the well-formed body listed in BODIES,
so the only thing a route can refuse is the other group's id. A new route with a path
parameter populate.py does not know, or a body BODIES does not list, fails here loudly.

The scene (two groups, their members, records and tokens) is built once for the module.
Tests only make requests that must be refused, so they leave it as it was; after each test
the database is compared with the scene as built and, if anything changed, rebuilt.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant
from pydantic import TypeAdapter
from sqlalchemy import delete, select
from starlette.routing import Mount

from api.core.context import group_context
from api.core.db import metadata
from api.core.errors import GROUP_NOT_FOUND_DETAIL, GroupNotFound, NotFound
from api.core.permissions import ROLE_PERMISSIONS, Permission, Role, Scope
from api.main import create_app
from api.routes import api_routes
from tests.conftest import empty_all_tables, make_settings
from tests.factories import Account, Accounts, Group
from tests.populate import populate_group

GROUP_PREFIX = "/api/v1/groups/{group_id}"
GROUP_NOT_FOUND = {"error": "group_not_found", "detail": GROUP_NOT_FOUND_DETAIL}
_PARAM = re.compile(r"{([^}:]+)(?::[^}]*)?}")
# Any route in the group's space, however its group parameter is spelled ({group_id:uuid}…).
_GROUP_SPACE = re.compile(r"^/api/v1/groups/\{group_id(:[^}]*)?\}(/|$)")
_HTTP_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"}


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    permission: Permission | None
    scope: Scope | None = None

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def key(self) -> str:
        return f"{self.method} {self.path.removeprefix(GROUP_PREFIX) or '/'}"

    @property
    def child_params(self) -> list[str]:
        """The record ids in the path (not the group, not options such as a file format)."""
        return [
            name
            for name in _PARAM.findall(self.path)
            if name != "group_id" and name.endswith("_id")
        ]


def _body_params(dependant: Dependant) -> list[Any]:
    found = list(dependant.body_params)
    for sub in dependant.dependencies:
        found.extend(_body_params(sub))
    return found


def group_endpoints(app: FastAPI) -> list[Endpoint]:
    endpoints = []
    for route in api_routes(app):
        if route.path.startswith(GROUP_PREFIX):
            for method in sorted(route.methods):
                endpoints.append(Endpoint(method, route.path, route.permission, route.scope))
    return endpoints


def _app_for_tables() -> FastAPI:
    return create_app(make_settings("sqlite+aiosqlite://", Path(tempfile.gettempdir())))


ROUTE_APP = _app_for_tables()
ENDPOINTS = group_endpoints(ROUTE_APP)


def _route_bodies(app: FastAPI) -> dict[str, list[Any]]:
    """Each route's body parameters (FastAPI fields), keyed "METHOD /path under the group"."""
    bodies: dict[str, list[Any]] = {}
    for route in api_routes(app):
        for method in route.methods:
            endpoint = Endpoint(method, route.path, None)
            bodies[endpoint.key] = _body_params(route.dependant)
    return bodies


ROUTE_BODIES = _route_bodies(ROUTE_APP)


def _documented_bodies(app: FastAPI) -> set[str]:
    """The routes the API document states a body for, keyed like ROUTE_BODIES: those with body
    parameters, and those that read their body themselves after their checks (the import
    upload), which have none."""
    document = app.openapi()
    return {
        Endpoint(method.upper(), path, None).key
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if "requestBody" in operation
    }


DOCUMENTED_BODIES = _documented_bodies(ROUTE_APP)

# A well-formed body for every group route that takes one, keyed "METHOD /path under the
# group". "{name}" strings are filled like path parameters: with the target group's ids in
# the cross-group test (so a body naming another group's record is refused by the service),
# with made-up ids elsewhere. A route that needs a body and is missing here fails the run.
CSV_UPLOAD = ("tenancy.csv", b"Name,Email\nTenancy Import,ti@example.org\n", "text/csv")
BODIES: dict[str, dict[str, Any]] = {
    "PATCH /": {"json": {"name": "Renamed"}},
    "PATCH /members/{membership_id}": {"json": {"role": "observer"}},
    "POST /invites": {"json": {"role": "observer"}},
    "POST /disputes": {"json": {"title": "Tenancy dispute", "workplace_ids": ["{workplace_id}"]}},
    "PATCH /disputes/{dispute_id}": {"json": {"title": "Renamed dispute"}},
    "POST /disputes/{dispute_id}/demands": {"json": {"text": "A demand"}},
    "PATCH /disputes/{dispute_id}/demands/{demand_id}": {"json": {"text": "Changed demand"}},
    "POST /disputes/{dispute_id}/events": {
        "json": {"kind": "meeting", "occurs_on": "2026-03-03", "title": "Meeting"}
    },
    "PATCH /disputes/{dispute_id}/events/{event_id}": {"json": {"title": "Changed meeting"}},
    "POST /disputes/{dispute_id}/contacts": {"json": {"contact_id": "{contact_id}", "part": "rep"}},
    "PATCH /disputes/{dispute_id}/contacts/{contact_id}": {"json": {"part": "striker"}},
    "POST /disputes/{dispute_id}/ballots": {
        "json": {"opens_on": "2026-04-01", "closes_on": "2026-04-15"}
    },
    "PATCH /ballots/{ballot_id}": {"json": {"closes_on": "2026-03-20"}},
    "POST /ballots/{ballot_id}/roll": {"json": {"contact_ids": ["{contact_id}"]}},
    "PATCH /ballots/{ballot_id}/roll/{contact_id}": {"json": {"paper_received": True}},
    "POST /campaigns": {"json": {"name": "Tenancy campaign", "workplace_id": "{workplace_id}"}},
    "PATCH /campaigns/{campaign_id}": {"json": {"name": "Renamed campaign"}},
    "POST /campaigns/{campaign_id}/tests": {
        "json": {"kind": "badge_day", "title": "Badge day", "department_ids": ["{department_id}"]}
    },
    "PATCH /structure-tests/{test_id}": {"json": {"target_percent": 70}},
    "PUT /structure-tests/{test_id}/workers/{contact_id}": {"json": {"status": "refused"}},
    "POST /saved-filters": {
        "json": {"name": "Tenancy filter", "shared": True, "filter": {"shift_id": "{shift_id}"}}
    },
    "PATCH /saved-filters/{saved_filter_id}": {"json": {"name": "Renamed filter"}},
    "PATCH /call-settings": {"json": {"cooldown_days": 3}},
    "POST /call-lists": {
        "json": {"name": "Tenancy list", "saved_filter_id": "{saved_filter_id}", "assignee_ids": []}
    },
    "PATCH /call-lists/{call_list_id}": {"json": {"name": "Renamed list"}},
    "POST /call-lists/{call_list_id}/take-next": {"json": {}},
    "POST /call-lists/{call_list_id}/entries/{call_entry_id}/outcome": {
        "json": {"outcome": "no_answer"}
    },
    "POST /contacts/{contact_id}/contact-again": {"json": {"version": 2}},
    "POST /disputes/{dispute_id}/fund-entries": {
        "json": {
            "entry_on": "2026-03-13",
            "kind": "solidarity_collection",
            "amount": "120.50",
            "action_id": "{action_id}",
        }
    },
    "POST /fund-entries/{entry_id}/reversal": {"json": {"description": "Paid twice"}},
    "POST /actions": {
        "json": {
            "kind": "picket_visit",
            "title": "Tenancy picket visit",
            "occurs_at": "2026-03-11T07:00:00Z",
            "dispute_id": "{dispute_id}",
            "participant_ids": ["{contact_id}"],
        }
    },
    "PATCH /actions/{action_id}": {"json": {"title": "Changed visit"}},
    "POST /votes": {
        "json": {"title": "Tenancy vote", "subject": "question", "method": "for_against_abstain"}
    },
    "POST /votes/{vote_id}/hands": {"json": {"tallies": {"for": 3, "against": 1, "abstain": 0}}},
    "POST /votes/{vote_id}/signature": {"json": {"blinded_message": "AAAA"}},
    "PATCH /votes/{vote_id}": {"json": {"title": "Renamed vote"}},
    "POST /meetings": {"json": {"title": "Tenancy meeting", "starts_at": "2026-03-05T18:00:00Z"}},
    "PATCH /meetings/{meeting_id}": {"json": {"title": "Renamed meeting"}},
    "POST /meetings/{meeting_id}/agenda": {"json": {"title": "Pay"}},
    "PUT /meetings/{meeting_id}/agenda/order": {"json": {"item_ids": ["{item_id}"]}},
    "PATCH /agenda-items/{item_id}": {"json": {"minutes": "Agreed to ballot"}},
    "POST /motions": {
        "json": {
            "meeting_id": "{meeting_id}",
            "agenda_item_id": "{item_id}",
            "amends_id": "{motion_id}",
            "title": "Tenancy amendment",
            "text": "This branch bans overtime from April.",
        }
    },
    "PATCH /motions/{motion_id}": {"json": {"agenda_item_id": "{item_id}"}},
    "POST /motions/{motion_id}/second": {"json": {}},
    "POST /motions/{motion_id}/end": {"json": {"status": "withdrawn"}},
    "POST /motions/{motion_id}/vote": {"json": {"secret": False}},
    "POST /meetings/{meeting_id}/decisions": {
        "json": {
            "text": "Tenancy decision",
            "agenda_item_id": "{item_id}",
            "motion_id": "{motion_id}",
            "vote_id": "{vote_id}",
        }
    },
    "PATCH /decisions/{decision_id}": {
        "json": {"motion_id": "{motion_id}", "vote_id": "{vote_id}"}
    },
    "POST /offices": {
        "json": {
            "name": "Tenancy office",
            "workplace_id": "{workplace_id}",
            "department_id": "{department_id}",
        }
    },
    "PATCH /offices/{office_id}": {"json": {"name": "Renamed office"}},
    "POST /offices/{office_id}/terms": {
        "json": {"holder_id": "0190a1b2-0000-7000-8000-000000000001", "starts_on": "2026-01-05"}
    },
    "POST /offices/{office_id}/nominations": {
        "json": {"candidate_id": "0190a1b2-0000-7000-8000-000000000001"}
    },
    "POST /offices/{office_id}/election": {"json": {}},
    "PUT /recall-settings": {"json": {"threshold_percent": 30, "version": 0}},
    "POST /office-terms/{term_id}/recall-petitions": {"json": {"reason": "Tenancy recall"}},
    "POST /office-terms/{term_id}/stand-down": {
        "json": {"ended_on": "2026-03-01", "end_note": "Tenancy stand-down", "version": 1}
    },
    "POST /workplaces": {"json": {"name": "Tenancy Depot"}},
    "POST /stories": {
        "json": {
            "headline": "Tenancy story",
            "workplace_ids": ["{workplace_id}"],
            "dispute_id": "{dispute_id}",
        }
    },
    "PATCH /stories/{story_id}": {"json": {"headline": "Changed story"}},
    "POST /conversations/{conversation_id}/story": {"json": {"headline": "From a conversation"}},
    "PATCH /workplaces/{workplace_id}": {"json": {"name": "Renamed Depot"}},
    "POST /workplaces/{workplace_id}/departments": {"json": {"name": "Stores"}},
    "PATCH /departments/{department_id}": {"json": {"name": "Renamed department"}},
    "POST /workplaces/{workplace_id}/shifts": {"json": {"name": "Earlies"}},
    "PATCH /shifts/{shift_id}": {"json": {"name": "Lates"}},
    "POST /contacts": {"json": {"full_name": "Tenancy Contact", "workplace_id": "{workplace_id}"}},
    "POST /contacts/bulk": {
        "json": {"contact_ids": ["{contact_id}"], "change": {"action": "add_tag", "tag": "moved"}}
    },
    "PATCH /contacts/{contact_id}": {"json": {"full_name": "Renamed Contact"}},
    "POST /contacts/{contact_id}/assessments": {"json": {"level": 3}},
    "POST /contacts/{contact_id}/merge": {
        "json": {"merged_id": "{duplicate_contact_id}", "version": 1, "merged_version": 1}
    },
    "PATCH /assessments/{assessment_id}": {"json": {"level": 1}},
    "PATCH /assessment-scale": {"json": {"label_1": "Leader"}},
    "POST /contacts/{contact_id}/conversations": {"json": {"notes": "Spoke at the gate"}},
    "PATCH /conversations/{conversation_id}": {"json": {"notes": "Changed notes"}},
    "POST /contacts/{contact_id}/erase": {"json": {"confirm_name": "Populated Contact"}},
    "PUT /retention": {
        "json": {
            "conversation_notes": {"enabled": False, "months": 24},
            "inactive_contacts": {"enabled": False, "months": 36},
        }
    },
    "POST /follow-ups": {"json": {"title": "Ring back", "contact_id": "{contact_id}"}},
    "PATCH /follow-ups/{follow_up_id}": {"json": {"title": "Changed follow-up"}},
    "POST /tokens": {"json": {"name": "Tenancy", "scopes": ["contacts:read"]}},
    "POST /webhooks": {
        "json": {"url": "https://hooks.tenancy.example/hooks", "event_types": ["*"]}
    },
    "PATCH /webhooks/{webhook_id}": {"json": {"description": "Changed"}},
    "POST /imports": {"files": {"file": CSV_UPLOAD}},
    "PUT /imports/{import_id}/mapping": {"json": {"columns": {"Name": "full_name"}}},
    "POST /imports/{import_id}/run": {"json": {"skip_invalid_rows": False}},
    "PUT /audit/reads/settings": {"json": {"alert_contacts_per_hour": 50}},
    "POST /bulletins": {"json": {"title": "Tenancy Bulletin"}},
    "PATCH /bulletins/{bulletin_id}": {"json": {"title": "Renamed Bulletin"}},
    "POST /bulletins/{bulletin_id}/editions": {
        "json": {"edition_date": "2026-04-01", "workplace_ids": ["{workplace_id}"]}
    },
    "PATCH /editions/{edition_id}": {"json": {"shift_ids": ["{shift_id}"]}},
    "POST /editions/{edition_id}/articles": {
        "json": {"section": "back", "texts": {"pl": {"headline": "Krótko", "body": "Tekst"}}}
    },
    "PATCH /editions/{edition_id}/articles/{article_id}": {"json": {"position": 3}},
    "POST /editions/{edition_id}/identification-check/confirmations": {
        "json": {"keys": ["contact:populated contact"]}
    },
    "POST /editions/{edition_id}/identification-check/checklist": {
        "json": {"items": ["facts_checked"]}
    },
    "POST /editions/{edition_id}/handouts": {
        "json": {
            "workplace_id": "{workplace_id}",
            "handed_out_at": "2026-04-02T06:00:00Z",
            "copies_given": 20,
        }
    },
    "PATCH /handouts/{handout_id}": {"json": {"copies_left": 5, "shift_id": "{shift_id}"}},
    "POST /editions/{edition_id}/feedback": {
        "json": {"heard_on": "2026-04-03", "text": "Good", "workplace_id": "{workplace_id}"}
    },
    "PATCH /feedback/{feedback_id}": {"json": {"text": "Changed"}},
}


def body_template(endpoint: Endpoint) -> dict[str, Any]:
    """The httpx keyword arguments (json= or files=) a well-formed request to `endpoint` needs."""
    params = ROUTE_BODIES[endpoint.key]
    template = BODIES.get(endpoint.key)
    if template is None:
        required = [p.name for p in params if p.field_info.is_required()]
        assert not required, (
            f"{endpoint} needs a request body ({', '.join(required)}): add a well-formed one "
            "to BODIES in tests/test_tenancy.py"
        )
        return {}
    assert params or endpoint.key in DOCUMENTED_BODIES, (
        f"{endpoint} takes no body: remove its entry from BODIES"
    )
    return template


def fill(path: str, group_id: str, ids: dict[str, str]) -> str:
    """`path` with {group_id} and every other parameter filled from `ids`; a parameter name
    `ids` does not have is an error (add a record for it to tests/populate.py)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "group_id":
            return group_id
        if name not in ids:
            raise LookupError(
                f"{path}: path parameter {{{name}}} is unknown to the tenancy test; add a "
                "record for it to tests/populate.py"
            )
        return ids[name]

    return _PARAM.sub(value, path)


def _fill_value(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str) and _PARAM.fullmatch(value):
        return fill(value, "", ids)
    if isinstance(value, dict):
        return {key: _fill_value(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill_value(item, ids) for item in value]
    return value


def _placeholders(value: Any) -> set[str]:
    """The "{name}" placeholders in a body template."""
    if isinstance(value, str):
        match = _PARAM.fullmatch(value)
        return {match.group(1)} if match else set()
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return set().union(*(_placeholders(item) for item in value))
    return set()


def request_kwargs(endpoint: Endpoint, ids: dict[str, str]) -> dict[str, Any]:
    """httpx keyword arguments for a well-formed request, body ids filled from `ids`."""
    template = body_template(endpoint)
    if "json" in template:
        return {"json": _fill_value(template["json"], ids)}
    return dict(template)


def body_references(endpoint: Endpoint, name: str | None = None) -> list[str]:
    """The body fields that carry ids (only those carrying the id `name`, if given)."""
    template = body_template(endpoint).get("json")
    if not isinstance(template, dict):
        return []
    return [
        key
        for key, value in template.items()
        if _placeholders(value) and (name is None or name in _placeholders(value))
    ]


def named_ids(endpoint: Endpoint) -> list[str]:
    """Every record id a request to `endpoint` names, in its path or in its body."""
    template = body_template(endpoint).get("json")
    return sorted(set(endpoint.child_params) | _placeholders(template))


def _is_id(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def record_ids(ids: dict[str, str]) -> set[str]:
    """The values of `ids` that are record ids (not options such as a file format)."""
    return {value for value in ids.values() if _is_id(value)}


def made_up_ids(ids: dict[str, str]) -> dict[str, str]:
    """Same names, ids nobody has (other values, such as a file format, kept)."""
    return {name: str(uuid.uuid4()) if _is_id(value) else value for name, value in ids.items()}


def _not_found_bodies() -> list[dict[str, str]]:
    found, todo = [], [NotFound]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if not issubclass(cls, GroupNotFound):
            found.append({"error": cls.code, "detail": cls.detail})
    return found


# The exact bodies a service answers when a record id is not one of the group's.
RECORD_NOT_FOUND = _not_found_bodies()
_REFERENCE_REFUSED = re.compile(r"\b(in|of) this group\b")


def refusal_problem(response: Any, references: list[str]) -> str | None:
    """None if the service refused a foreign id; otherwise what happened instead."""
    if response.status_code == 404:
        if response.json() in RECORD_NOT_FOUND:
            return None
        return f"404 that is not a record-not-found body: {response.text}"
    if response.status_code == 422:
        fields = response.json().get("fields") or []
        refused = [
            f
            for f in fields
            if f["loc"][:1] == ["body"]
            and f["field"].split(".")[0] in references
            and _REFERENCE_REFUSED.search(f["message"])
        ]
        if fields and refused == fields:
            return None
        return f"request validation refused the request before the service ran: {response.text}"
    return f"not refused: {response.status_code} {response.text}"


# --- the scene ----------------------------------------------------------------------------


@dataclass
class Scene:
    target: Group
    target_ids: dict[str, str]
    outsider: Account
    outsider_group: Group
    outsider_ids: dict[str, str]
    removed: Account
    # A member of the target group in each role (the owner included).
    by_role: dict[Role, Account]
    # The secret of a token of the target group that has every scope but this one (None: a
    # token with every scope, for routes that are not open to tokens at all).
    token_without: dict[Scope | None, str]
    accounts: Accounts = field(repr=False)


async def build_scene(app: FastAPI) -> Scene:
    accounts = Accounts(app)
    target = await accounts.group(name="Target Group")
    target_ids = await populate_group(accounts, target)
    outsider = await accounts.person("Outsider")
    outsider_group = await accounts.group(outsider, name="Outsider Group")
    outsider_ids = await populate_group(accounts, outsider_group)
    removed = await accounts.member(target, "organiser", name="Removed Organiser")
    membership = await accounts.membership_id(target, removed)
    response = await target.owner.delete(f"{target.url}/members/{membership}")
    assert response.status_code == 204
    by_role = {Role.owner: target.owner}
    for role in Role:
        if role is not Role.owner:
            by_role[role] = await accounts.member(target, role.value, name=f"A {role} here")
    token_without: dict[Scope | None, str] = {}
    for missing in [None, *Scope]:
        scopes = sorted(scope.value for scope in Scope if scope != missing)
        created = await target.owner.post(
            f"{target.url}/tokens", json={"name": f"All but {missing}", "scopes": scopes}
        )
        assert created.status_code == 201, created.text
        token_without[missing] = created.json()["secret"]
    return Scene(
        target,
        target_ids,
        outsider,
        outsider_group,
        outsider_ids,
        removed,
        by_role,
        token_without,
        accounts,
    )


# When a token or session was last used is bookkeeping that even a refused request updates
# (once a minute): it is not scene data, so it does not make the scene be rebuilt.
BOOKKEEPING_COLUMNS = frozenset({"last_used_at"})


# The record that someone read or exported personal data: the owner's checks in these tests
# add to it. Rows added after the scene was built are deleted again rather than the whole
# scene rebuilt (the rebuild, with its argon2 hashes, costs seconds).
ACCESS_RECORD_TABLES = ("read_event_contacts", "read_events", "audit_events")


async def table_fingerprints(app: FastAPI) -> dict[str, str]:
    """A digest of every row of each table (bookkeeping columns aside): equal digests, same
    data."""
    digests: dict[str, str] = {}
    async with app.state.engine.connect() as connection:
        for table in metadata.sorted_tables:
            columns = [column for column in table.columns if column.name not in BOOKKEEPING_COLUMNS]
            rows = (await connection.execute(select(*columns))).all()
            digest = hashlib.sha256()
            for row in sorted(repr(tuple(row)) for row in rows):
                digest.update(row.encode())
            digests[table.name] = digest.hexdigest()
    return digests


async def primary_keys(app: FastAPI, table_names: Iterable[str]) -> dict[str, set[Any]]:
    keys: dict[str, set[Any]] = {}
    async with app.state.engine.connect() as connection:
        for name in table_names:
            table = metadata.tables[name]
            (key,) = table.primary_key.columns
            keys[name] = set((await connection.execute(select(key))).scalars())
    return keys


@dataclass
class SharedScene:
    app: FastAPI
    scene: Scene | None = None
    fingerprints: dict[str, str] = field(default_factory=dict)
    access_records: dict[str, set[Any]] = field(default_factory=dict)
    rebuilds: int = 0

    async def build(self) -> Scene:
        await empty_all_tables(self.app)
        self.scene = await build_scene(self.app)
        self.fingerprints = await table_fingerprints(self.app)
        self.access_records = await primary_keys(self.app, ACCESS_RECORD_TABLES)
        return self.scene

    async def changed_tables(self) -> set[str]:
        now = await table_fingerprints(self.app)
        return {name for name, digest in now.items() if self.fingerprints.get(name) != digest}

    async def forget_new_access_records(self) -> None:
        async with self.app.state.engine.begin() as connection:
            for name in ACCESS_RECORD_TABLES:
                table = metadata.tables[name]
                (key,) = table.primary_key.columns
                kept = self.access_records[name]
                await connection.execute(
                    delete(table).where(key.not_in(kept)) if kept else delete(table)
                )

    async def restore(self) -> None:
        """The scene as built again, after a test that changed anything."""
        changed = await self.changed_tables()
        if not changed:
            return
        if changed <= set(ACCESS_RECORD_TABLES):
            await self.forget_new_access_records()
            if not await self.changed_tables():
                return
        await self.close()
        self.rebuilds += 1
        await self.build()

    async def close(self) -> None:
        if self.scene is not None:
            await self.scene.accounts.close()
            self.scene = None


@pytest.fixture(scope="module")
async def shared_scene(app: FastAPI) -> AsyncIterator[SharedScene]:
    shared = SharedScene(app)
    await shared.build()
    try:
        yield shared
    finally:
        await shared.close()
        await empty_all_tables(app)  # the next module starts from an empty database


@pytest.fixture
async def scene(shared_scene: SharedScene) -> AsyncIterator[Scene]:
    """The module's scene, as built: a test that changed anything gets it restored after it."""
    assert shared_scene.scene is not None
    yield shared_scene.scene
    await shared_scene.restore()


# --- the route table ----------------------------------------------------------------------


def _every_group_endpoint(app: FastAPI) -> set[str]:
    """Every method of every route in the group's space, found without api_routes: from the
    OpenAPI document and from a walk of the app's routes (mounts included)."""
    found: set[str] = set()
    for path, item in app.openapi()["paths"].items():
        if _GROUP_SPACE.match(path):
            found.update(f"{method.upper()} {path}" for method in item)

    def walk(routes: list[Any], prefix: str) -> None:
        for route in routes:
            if isinstance(route, Mount):
                walk(list(route.routes), prefix + route.path)
                continue
            path = prefix + str(getattr(route, "path", ""))
            methods = getattr(route, "methods", None) or set()
            if _GROUP_SPACE.match(path):
                found.update(f"{method} {path}" for method in methods if method in _HTTP_METHODS)

    contexts = getattr(routing, "iter_route_contexts", None)
    walk(list(contexts(app.routes)) if contexts is not None else list(app.routes), "")
    walk(list(app.routes), "")
    return found


def test_route_table_has_group_routes() -> None:
    """The generator covers every group endpoint: one it skipped fails here."""
    generated = {str(endpoint) for endpoint in ENDPOINTS}
    assert len(generated) == len(ENDPOINTS), "an endpoint is generated twice"
    every = _every_group_endpoint(ROUTE_APP)
    assert every - generated == set(), "group endpoints the tenancy tests skip"
    assert generated - every == set()
    assert len(ENDPOINTS) >= 100
    methods = {endpoint.method for endpoint in ENDPOINTS}
    assert {"GET", "POST", "PATCH", "PUT", "DELETE"} <= methods


def test_every_body_listed_is_a_route_that_takes_it() -> None:
    keys = {endpoint.key for endpoint in ENDPOINTS}
    assert set(BODIES) <= keys, f"BODIES for no route: {set(BODIES) - keys}"


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if ROUTE_BODIES[e.key]], ids=str)
def test_every_body_is_well_formed(endpoint: Endpoint) -> None:
    """Each body validates against the route's own body model (with made-up ids)."""
    template = body_template(endpoint)
    if "json" not in template:
        assert "files" in template, f"{endpoint}: no json= or files= in BODIES"
        return
    ids = {name: str(uuid.uuid4()) for name in _placeholders(template["json"])}
    body = _fill_value(template["json"], ids)
    params = ROUTE_BODIES[endpoint.key]
    assert len(params) == 1, f"{endpoint}: one JSON body model expected"
    TypeAdapter(params[0].field_info.annotation).validate_python(body)


def test_fill_refuses_a_parameter_it_does_not_know() -> None:
    with pytest.raises(LookupError, match="unknown_id"):
        fill("/api/v1/groups/{group_id}/things/{unknown_id}", "g", {"thing_id": "t"})


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_every_group_route_resolves_membership(endpoint: Endpoint, app: FastAPI) -> None:
    route = next(
        r for r in api_routes(app) if r.path == endpoint.path and endpoint.method in r.methods
    )
    assert group_context in route.calls, f"{endpoint} does not depend on group_context"
    assert endpoint.permission is not None, f"{endpoint} declares no permission with require()"


# --- requests -----------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
async def test_outsider_and_removed_member_get_404(endpoint: Endpoint, scene: Scene) -> None:
    url = fill(endpoint.path, scene.target.id, scene.target_ids)
    send = request_kwargs(endpoint, scene.target_ids)
    for caller in (scene.outsider, scene.removed):
        response = await caller.request(endpoint.method, url, **send)
        assert response.status_code == 404, f"{endpoint} as {caller.display_name}: {response.text}"
        assert response.json() == GROUP_NOT_FOUND
    nowhere = fill(endpoint.path, str(uuid.uuid4()), scene.target_ids)
    response = await scene.outsider.request(endpoint.method, nowhere, **send)
    assert response.status_code == 404
    assert response.json() == GROUP_NOT_FOUND, "a missing group must look like a foreign one"


@pytest.mark.parametrize(
    "endpoint", [e for e in ENDPOINTS if e.child_params or body_references(e)], ids=str
)
async def test_foreign_record_ids_in_own_group_are_not_found(
    endpoint: Endpoint, scene: Scene
) -> None:
    """The outsider names the target's records under their own group, in the path or in a
    well-formed body: the service refuses each id, and nothing leaks or moves."""
    url = fill(endpoint.path, scene.outsider_group.id, scene.target_ids)
    send = request_kwargs(endpoint, scene.target_ids)
    response = await scene.outsider.request(endpoint.method, url, **send)
    problem = refusal_problem(response, body_references(endpoint))
    assert problem is None, f"{endpoint}: {problem}"
    # Ids the caller sent may be named back in the refusal; no other target id may appear.
    sent = url + repr(send)
    for record_id in record_ids(scene.target_ids):
        if record_id not in sent:
            assert record_id not in response.text, f"{endpoint} leaks {record_id}"
    # The target record the route named is still there for its owner (a route may answer
    # its owner otherwise, e.g. 409 for a report not yet made, but never "not found").
    if endpoint.child_params and "GET" in _methods_for(endpoint.path):
        owner_url = fill(endpoint.path, scene.target.id, scene.target_ids)
        check = await scene.target.owner.get(owner_url)
        assert check.status_code != 404, f"{endpoint}: {check.text}"


@pytest.mark.parametrize(
    ("endpoint", "name"),
    [(e, name) for e in ENDPOINTS if len(named_ids(e)) > 1 for name in named_ids(e)],
    ids=lambda value: str(value),
)
async def test_each_foreign_id_among_own_ids_is_refused(
    endpoint: Endpoint, name: str, scene: Scene
) -> None:
    """Where a request names several records, each is checked on its own: the outsider's own
    records everywhere but one, which is the target's. A route that checks only the first
    id (the dispute, not the demand under it) fails here."""
    ids = {**scene.outsider_ids, name: scene.target_ids[name]}
    url = fill(endpoint.path, scene.outsider_group.id, ids)
    send = request_kwargs(endpoint, ids)
    response = await scene.outsider.request(endpoint.method, url, **send)
    references = [] if name in endpoint.child_params else body_references(endpoint, name)
    problem = refusal_problem(response, references)
    assert problem is None, f"{endpoint} with the target's {name}: {problem}"
    foreign = scene.target_ids[name]
    others = record_ids(scene.target_ids) - {foreign}
    assert not [i for i in others if i in response.text], f"{endpoint} leaks target ids"


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
    endpoint: Endpoint, role: Role, scene: Scene
) -> None:
    person = scene.by_role[role]
    # The permission is checked before any record is looked up, so made-up ids do: a route
    # that looked first would answer 404 here and fail.
    ids = made_up_ids(scene.target_ids)
    url = fill(endpoint.path, scene.target.id, ids)
    response = await person.request(endpoint.method, url, **request_kwargs(endpoint, ids))
    assert response.status_code == 403, f"{endpoint} as {role}: {response.text}"
    assert response.json()["error"] == "forbidden"


# Routes about the group itself and who is in it are for people, never for API tokens.
PEOPLE_ONLY = re.compile(
    r"^/api/v1/groups/\{group_id\}(/(members|invites|tokens|leave|audit|retention)(/.*)?)?$"
)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_every_data_route_names_the_token_scope_it_needs(endpoint: Endpoint) -> None:
    if PEOPLE_ONLY.match(endpoint.path):
        assert endpoint.scope is None, f"{endpoint} must not be open to API tokens"
    else:
        assert endpoint.scope is not None, f"{endpoint} declares no API token scope"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
async def test_api_token_without_the_routes_scope_gets_403(
    endpoint: Endpoint, scene: Scene
) -> None:
    secret = scene.token_without[endpoint.scope]
    ids = made_up_ids(scene.target_ids)
    response = await scene.target.owner.http.request(
        endpoint.method,
        fill(endpoint.path, scene.target.id, ids),
        headers={"Authorization": f"Bearer {secret}"},
        **request_kwargs(endpoint, ids),
    )
    assert response.status_code == 403, f"{endpoint}: {response.text}"
    expected = "token_not_allowed" if endpoint.scope is None else "insufficient_scope"
    assert response.json()["error"] == expected
