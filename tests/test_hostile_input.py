"""Input a hostile or careless client sends: each is refused with the field named, never a 500."""

from __future__ import annotations

import base64
import json

import pytest

from tests.factories import Accounts, make_contact, new_dispute


def field_error(response: object, *loc: str | int) -> dict[str, object]:
    """The one field error naming `loc`, from a 422 answer."""
    assert response.status_code == 422, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    matching = [error for error in body["fields"] if tuple(error["loc"]) == loc]
    assert matching, body
    return matching[0]  # type: ignore[no-any-return]


async def test_nul_byte_in_login_email_is_a_field_error(accounts: Accounts) -> None:
    await accounts.admin()
    response = await accounts.login("sam\x00@example.org")
    field_error(response, "body", "email")


@pytest.mark.parametrize("text", ["Sam\x00Okafor", "Sam \ud800 Okafor"])
async def test_text_a_database_cannot_hold_is_refused_at_the_field(
    accounts: Accounts, text: str
) -> None:
    group = await accounts.group()
    # Sent as raw JSON: a lone surrogate is valid JSON text but not valid Unicode.
    raw = json.dumps({"full_name": "Sam", "notes": text})
    response = await group.owner.post(
        f"{group.url}/contacts", content=raw, headers={"Content-Type": "application/json"}
    )
    error = field_error(response, "body", "notes")
    assert "character" in str(error["message"]).lower()


async def test_text_in_nested_lists_is_checked_too(accounts: Accounts) -> None:
    group = await accounts.group()
    response = await group.owner.post(
        f"{group.url}/contacts", json={"full_name": "Sam", "tags": ["nights", "a\x00b"]}
    )
    field_error(response, "body", "tags", 1)


async def test_nul_in_a_query_string_is_a_field_error(accounts: Accounts) -> None:
    group = await accounts.group()
    response = await group.owner.get(f"{group.url}/contacts", params={"q": "Sam\x00"})
    field_error(response, "query", "q")


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1200-01-01T00:00:00Z"]
)
async def test_times_out_of_range_are_refused(accounts: Accounts, moment: str) -> None:
    group = await accounts.group()
    response = await group.owner.get(f"{group.url}/contacts", params={"updated_since": moment})
    error = field_error(response, "query", "updated_since")
    assert "1900" in str(error["message"])


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("ballots", {"opens_on": "9999-12-01", "closes_on": "9999-12-31"}, "opens_on"),
        ("ballots", {"opens_on": "2026-03-02", "closes_on": "0001-01-01"}, "closes_on"),
        (
            "events",
            {"kind": "meeting", "occurs_on": "1066-10-14", "title": "Hastings"},
            "occurs_on",
        ),
    ],
)
async def test_dates_out_of_range_are_refused(
    accounts: Accounts, path: str, body: dict[str, object], field: str
) -> None:
    group = await accounts.group()
    dispute = await new_dispute(group)
    response = await group.owner.post(f"{group.url}/disputes/{dispute['id']}/{path}", json=body)
    error = field_error(response, "body", field)
    assert "1900" in str(error["message"])


async def test_times_with_extreme_offsets_are_refused(accounts: Accounts) -> None:
    group = await accounts.group()
    action = {"kind": "picket_visit", "title": "Gate", "occurs_at": "9999-12-31T23:00:00-14:00"}
    response = await group.owner.post(f"{group.url}/actions", json=action)
    field_error(response, "body", "occurs_at")


def _cursor(values: list[object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


ZERO_ID = "00000000-0000-0000-0000-000000000000"


@pytest.mark.parametrize(
    ("sort", "values"),
    [
        ("updated_at", ["0001-01-01T00:00:00+14:00", ZERO_ID]),
        ("updated_at", ["2026-01-01T00:00:00", ZERO_ID]),
        ("updated_at", ["sam", ZERO_ID]),
        ("full_name", ["sam", "not-a-uuid"]),
        ("full_name", ["sam\x00", ZERO_ID]),
        ("assessment_level", [10**30, ZERO_ID]),
        ("assessment_level", [2**63, ZERO_ID]),
        ("assessment_level", [None, None]),
        ("assessment_level", [1]),
    ],
)
async def test_tampered_cursors_are_refused(
    accounts: Accounts, sort: str, values: list[object]
) -> None:
    group = await accounts.group()
    await make_contact(group)
    response = await group.owner.get(
        f"{group.url}/contacts", params={"cursor": _cursor(values), "sort": sort}
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "invalid_cursor"
