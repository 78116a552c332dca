"""Error codes and field-error types: the web app has its own translated message for each, so
every one the API can answer must be in the list it reads (frontend/src/api/error-types.json)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from api.core.errors import FIELD_ERROR_TYPES
from tests.factories import Accounts, new_dispute

ROOT = Path(__file__).resolve().parent.parent
WEB_APP_LIST = json.loads((ROOT / "frontend/src/api/error-types.json").read_text("utf-8"))


def error_codes_in_the_code() -> set[str]:
    """Every `error` code the API's code can answer: given as `code=` (literally or through a
    named constant), as a class's `code`, or straight to `error_response`."""
    sources = [path.read_text("utf-8") for path in (ROOT / "api").rglob("*.py")]
    constants = dict(
        pair for text in sources for pair in re.findall(r'^([A-Z_]+) = "([a-z_]+)"$', text, re.M)
    )
    codes: set[str] = set()
    for text in sources:
        codes.update(re.findall(r'\bcode\s*=\s*"([a-z_]+)"', text))
        codes.update(
            constants[name]
            for name in re.findall(r"\bcode\s*=\s*([A-Z_]+)\b", text)
            if name in constants
        )
        codes.update(re.findall(r'error_response\(\s*\d+,\s*"([a-z_]+)"', text))
        # The HTTP errors' table in the handlers, and its fallback.
        codes.update(re.findall(r'\d{3}: "([a-z_]+)"', text))
        codes.update(re.findall(r'codes\.get\([^)]*, "([a-z_]+)"\)', text))
    return codes


def test_the_web_app_knows_every_error_code_the_api_answers() -> None:
    codes = error_codes_in_the_code()
    assert {"last_owner", "validation_error", "not_in_group", "method_not_allowed"} <= codes
    assert sorted(codes) == WEB_APP_LIST["codes"]


def test_the_web_app_knows_every_field_error_type() -> None:
    assert WEB_APP_LIST["fieldTypes"] == list(FIELD_ERROR_TYPES)


def types_of(response: Any) -> list[tuple[str, str, dict[str, Any] | None]]:
    assert response.status_code == 422, response.text
    fields = response.json()["fields"]
    for item in fields:
        assert item["type"] in WEB_APP_LIST["fieldTypes"], item
    return [(item["field"], item["type"], item["ctx"]) for item in fields]


async def test_each_way_a_field_is_refused_names_a_type_and_its_limits(accounts: Accounts) -> None:
    group = await accounts.group()
    owner = group.owner
    contacts = f"{group.url}/contacts"

    assert types_of(await owner.post(contacts, json={"full_name": "x" * 201})) == [
        ("full_name", "string_too_long", {"max_length": 200})
    ]
    assert types_of(await owner.post(contacts, json={})) == [("full_name", "missing", None)]
    assert types_of(await owner.post(contacts, json={"full_name": "   "})) == [
        ("full_name", "not_blank", None)
    ]
    assert types_of(await owner.post(contacts, json={"full_name": "Sam", "colour": "red"})) == [
        ("colour", "extra_forbidden", None)
    ]
    assert types_of(await owner.post(contacts, json={"full_name": "Sam\u0000"})) == [
        ("full_name", "unstorable_text", None)
    ]
    assert types_of(await owner.patch(group.url, json={"name": None})) == [
        ("name", "not_null", None)
    ]
    [(field, kind, ctx)] = types_of(await owner.patch(group.url, json={"default_language": "xx"}))
    assert (field, kind) == ("default_language", "literal_error")
    assert ctx is not None
    assert "'pl'" in str(ctx["expected"])
    assert types_of(await owner.post(f"{group.url}/invites", json={"email": "not an address"})) == [
        ("email", "email", {"reason": "An email address must have an @-sign."})
    ]
    [(field, kind, _)] = types_of(await owner.get(f"{contacts}/not-an-id"))
    assert kind == "uuid_parsing"

    dispute = await new_dispute(group)
    refused = await owner.post(
        f"{group.url}/disputes/{dispute['id']}/ballots",
        json={"opens_on": "2025-05-15", "closes_on": "2025-05-01"},
    )
    assert types_of(refused) == [("closes_on", "date_order", None)]
    follow_up = await owner.post(
        f"{group.url}/follow-ups",
        json={"title": "Call back", "assignee_id": "00000000-0000-4000-8000-000000000000"},
    )
    assert types_of(follow_up) == [("assignee_id", "not_in_group", None)]
