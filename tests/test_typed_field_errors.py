"""Refusals made by the API's own checks (not pydantic's) name the field and a type of their own,
so the web app can say what is wrong in the person's language instead of "Check this value"."""

from __future__ import annotations

from typing import Any

from api.core.errors import FIELD_ERROR_TYPES
from tests.factories import Accounts, Group, make_contact, upload_csv


def refusal(response: Any) -> tuple[str, str, dict[str, Any] | None]:
    """The one field error of a 422: its field, type and parameters."""
    assert response.status_code == 422, response.text
    [field] = response.json()["fields"]
    assert field["type"] in FIELD_ERROR_TYPES, field
    return field["field"], field["type"], field["ctx"]


async def upload_refusal(group: Group, data: bytes, **form: str) -> tuple[str, str, Any]:
    return refusal(
        await group.owner.post(
            f"{group.url}/imports",
            files={"file": ("people.csv", data, "application/octet-stream")},
            data={"kind": "contacts", **form},
        )
    )


async def test_a_phone_number_that_is_not_one(accounts: Accounts) -> None:
    group = await accounts.group()
    response = await group.owner.post(
        f"{group.url}/contacts", json={"full_name": "Sam", "phone": "call me"}
    )
    assert refusal(response) == ("phone", "phone_number", {"min_digits": 5})


async def test_blank_tags_labels_and_titles(accounts: Accounts) -> None:
    group = await accounts.group()
    contact = await make_contact(group, "Sam")
    bulk = {"contact_ids": [contact["id"]], "change": {"action": "add_tag", "tag": "   "}}
    response = await group.owner.post(f"{group.url}/contacts/bulk", json=bulk)
    assert refusal(response)[1:] == ("not_blank", None)
    assert refusal(response)[0].endswith("tag")

    scale = await group.owner.patch(
        f"{group.url}/assessment-scale", json={"label_1": "  ", "version": 0}
    )
    assert refusal(scale) == ("label_1", "not_blank", None)

    task = await group.owner.post(f"{group.url}/follow-ups", json={"title": " \t "})
    assert refusal(task) == ("title", "not_blank", None)


async def test_an_unknown_webhook_event_type(accounts: Accounts) -> None:
    group = await accounts.group()
    response = await group.owner.post(
        f"{group.url}/webhooks",
        json={"url": "https://example.org/hook", "event_types": ["contact.*", "pay.rise"]},
    )
    field, kind, ctx = refusal(response)
    assert (field, kind) == ("event_types", "unknown_event_type")
    assert ctx is not None
    assert ctx["event_type"] == "pay.rise"


async def test_unknown_and_repeated_languages(accounts: Accounts) -> None:
    group = await accounts.group()
    contacts = f"{group.url}/contacts"
    unknown = await group.owner.post(
        contacts, json={"full_name": "Sam", "preferred_language": "xx"}
    )
    assert refusal(unknown) == ("preferred_language", "unknown_language", None)
    repeated = await group.owner.post(
        contacts, json={"full_name": "Sam", "other_languages": ["pl", "pl"]}
    )
    assert refusal(repeated) == ("other_languages", "repeated_item", None)


async def test_files_that_cannot_be_imported(accounts: Accounts) -> None:
    group = await accounts.group()
    assert await upload_refusal(group, b"") == ("file", "file_empty", None)
    assert await upload_refusal(group, b"Name\n") == ("file", "file_empty", None)
    assert await upload_refusal(group, b"Name\nA\x00B\n") == ("file", "not_csv", None)
    assert await upload_refusal(group, b"PK\x03\x04 not really a workbook") == (
        "file",
        "not_csv_or_workbook",
        None,
    )
    wide = ",".join(f"c{i}" for i in range(201)).encode() + b"\n" + b"x\n"
    assert await upload_refusal(group, wide) == ("file", "too_many_columns", {"max_columns": 200})
    long_cell = b"Name,Notes\nAnn,ok\nBob," + b"x" * 20_001 + b"\n"
    assert await upload_refusal(group, long_cell) == (
        "file",
        "cell_too_long",
        {"row": 3, "max_length": 20_000},
    )
    polish = "Imię\nŁucja\n".encode("windows-1250")
    assert await upload_refusal(group, polish, encoding="utf-8") == (
        "encoding",
        "wrong_encoding",
        {"encoding": "utf-8"},
    )


async def test_too_many_rows(accounts: Accounts) -> None:
    group = await accounts.group()
    original = accounts.app.state.settings
    accounts.app.state.settings = original.model_copy(update={"max_import_rows": 2})
    try:
        refused = await upload_refusal(group, b"Name\nA\nB\nC\n")
    finally:
        accounts.app.state.settings = original
    assert refused == ("file", "too_many_rows", {"max_rows": 2})


async def test_mappings_that_cannot_be_used(accounts: Accounts) -> None:
    group = await accounts.group()
    uploaded = await upload_csv(group, b"Name,Email,First,Other\nA,a@example.org,A,x\n")
    url = f"{group.url}/imports/{uploaded['id']}/mapping"
    cases: list[tuple[dict[str, Any], tuple[str, str, dict[str, Any] | None]]] = [
        (
            {"columns": {"Nope": "email", "Name": "full_name"}},
            ("columns.Nope", "unknown_column", {"column": "Nope"}),
        ),
        (
            {"columns": {"Name": "full_name", "Other": "favourite"}},
            ("columns.Other", "not_importable", {"field_name": "favourite"}),
        ),
        (
            {"columns": {"Name": "email", "Email": "email"}},
            ("columns.Email", "mapped_twice", {"column": "Email", "other_column": "Name"}),
        ),
        (
            {"columns": {"Name": "full_name", "First": "first_name"}},
            ("columns", "name_mapped_twice", None),
        ),
        ({"columns": {"Other": "job_title"}}, ("columns", "name_not_mapped", None)),
        (
            {"columns": {"Name": "full_name"}, "match_by": ["name"]},
            ("match_by", "unknown_match_key", {"allowed": "external_id, email, phone"}),
        ),
    ]
    for body, expected in cases:
        assert refusal(await group.owner.request("PUT", url, json=body)) == expected, body
