"""Money and counts are never coerced: every request body field the API document marks as money
(`multipleOf: 0.01`) or a count (an integer with `minimum: 0`) refuses a negative or malformed
value with a 422 naming that field. The fields are found in the document, so a new one is
covered without editing this test."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI

from tests.factories import Accounts

# Every value a person might type or a client might send by mistake, and none of them money.
BAD_MONEY: list[Any] = [-1, "-50", "abc", 0.001, "0.001", "1e309"]
BAD_COUNT: list[Any] = [-1, "-1", 1.5, "abc"]
# A JSON number too large for a float: sent as raw text (Python's json cannot write it).
HUGE = "1e309"
# Fields the document must mark, so a change to the markers cannot quietly empty this test.
KNOWN = {
    ("create_dispute", "strike_fund_target"),
    ("create_fund_entry", "amount"),
    ("create_action", "money_raised"),
    ("create_action", "head_count"),
    ("create_ballot", "yes_votes"),
    ("update_ballot", "entitled_to_vote"),
    ("create_workplace", "estimated_headcount"),
    ("create_department", "estimated_headcount"),
}


@dataclass(frozen=True)
class NumberField:
    operation: str
    method: str
    path: str
    field: tuple[str, ...]
    money: bool


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _branches(document: dict[str, Any], schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    schema = _resolve(document, schema)
    yield schema
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key, []):
            yield from _branches(document, branch)


def _kind(document: dict[str, Any], schema: dict[str, Any]) -> str | None:
    branches = list(_branches(document, schema))
    if any(b.get("multipleOf") == 0.01 for b in branches):
        return "money"
    if any(b.get("type") == "integer" and b.get("minimum") == 0 for b in branches):
        return "count"
    return None


def _fields(
    document: dict[str, Any], schema: dict[str, Any], prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], str]]:
    for branch in _branches(document, schema):
        for name, prop in branch.get("properties", {}).items():
            kind = _kind(document, prop)
            if kind is not None:
                yield (*prefix, name), kind
            elif len(prefix) < 3:
                yield from _fields(document, prop, (*prefix, name))


def number_fields(app: FastAPI) -> list[NumberField]:
    document = app.openapi()
    found: dict[tuple[str, tuple[str, ...]], NumberField] = {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            for field, kind in _fields(document, content["application/json"]["schema"]):
                found[(operation["operationId"], field)] = NumberField(
                    operation["operationId"], method.upper(), path, field, kind == "money"
                )
    return list(found.values())


def _body(field: tuple[str, ...], value: Any) -> bytes:
    """`{"a": {"b": value}}` as JSON text, a huge number left as typed."""
    placeholder = "__value__"
    nested: Any = placeholder
    for name in reversed(field):
        nested = {name: nested}
    text = json.dumps(nested)
    typed = HUGE if value == HUGE else json.dumps(value)
    return text.replace(json.dumps(placeholder), typed).encode()


def _named(answer: dict[str, Any], field: tuple[str, ...]) -> bool:
    """Some field error points at this field (its location ends with the field's path, maybe
    through a union's branch name)."""
    for error in answer.get("fields") or []:
        loc = [part for part in error["loc"] if isinstance(part, str)]
        if loc[:1] == ["body"] and [p for p in loc[1:] if p in field] == list(field):
            return True
    return False


async def test_every_money_and_count_field_refuses_negative_and_malformed_values(
    app: FastAPI, accounts: Accounts
) -> None:
    group = await accounts.group()
    fields = number_fields(app)
    assert {(f.operation, f.field[-1]) for f in fields} >= KNOWN
    unchecked = []
    for number in fields:
        path = number.path.replace("{group_id}", group.id)
        path = re.sub(r"\{[a-z_]+\}", lambda _: str(uuid.uuid4()), path)
        for value in BAD_MONEY if number.money else BAD_COUNT:
            response = await group.owner.request(
                number.method,
                path,
                content=_body(number.field, value),
                headers={"Content-Type": "application/json"},
            )
            if response.status_code in (401, 403):
                # Routes for the instance's administrator or another account: the same body
                # check runs, but only after who is asking.
                unchecked.append(number.operation)
                break
            assert response.status_code == 422, (number, value, response.text)
            assert _named(response.json(), number.field), (number, value, response.text)
    assert not {op for op in unchecked if op in {k[0] for k in KNOWN}}
