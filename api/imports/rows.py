"""One row's values, read from its cells and validated as a new record would be."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from api.contacts.schemas.contacts import ContactCreate
from api.core.spoken_languages import language_for
from api.imports.files import Row
from api.imports.vocabulary import MEMBERSHIP, normalise_header
from api.workplaces.schemas.workplaces import WorkplaceCreate

_LIST_SPLIT = re.compile(r"[,;|]")


@dataclass(frozen=True)
class CellError:
    column: str | None
    field: str
    message: str
    # The problem's stable code and the values its message names, for a client to put the
    # message in the reader's language: a validation error's type and context, or one of
    # the import's own codes.
    type: str = "value_error"
    ctx: dict[str, str | int | float] = dataclasses.field(default_factory=dict)

    def text(self) -> str:
        return f"{self.column or self.field}: {self.message}"


@dataclass
class RowValues:
    values: dict[str, Any]  # validated fields the row gives (blank cells are left out)
    placement: dict[str, str]  # workplace / department / shift names
    errors: list[CellError]


def columns_by_field(
    header: Sequence[str], mapping: Mapping[str, str | None]
) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for index, column in enumerate(header):
        name = mapping.get(column)
        if name:
            found.setdefault(name, []).append(index)
    return found


def _cells(row: Row, indexes: Iterable[int]) -> list[str]:
    return [row.cells[index] for index in indexes if row.cells[index]]


def _context(error: Mapping[str, Any]) -> dict[str, str | int | float]:
    """A validation error's context as plain values (it may hold the exception raised)."""
    return {
        key: value if isinstance(value, str | int | float) else str(value)
        for key, value in (error.get("ctx") or {}).items()
    }


def _message(error: Mapping[str, Any]) -> str:
    message = str(error.get("msg", "Invalid value")).removeprefix("Value error, ")
    if error.get("type") == "missing":
        return "This is required"
    return message


def _validate(
    schema: type[BaseModel],
    raw: dict[str, Any],
    header: Sequence[str],
    by_field: Mapping[str, list[int]],
    errors: list[CellError],
) -> dict[str, Any]:
    try:
        model = schema.model_validate(raw)
    except ValidationError as invalid:
        bad: set[str] = set()
        for error in invalid.errors():
            name = str(error["loc"][0]) if error["loc"] else "row"
            bad.add(name)
            errors.append(
                CellError(
                    field_columns(header, by_field, name),
                    name,
                    _message(error),
                    type=str(error["type"]),
                    ctx=_context(error),
                )
            )
        return {key: value for key, value in raw.items() if key not in bad}
    return model.model_dump(include=set(raw))


def _validate_named(
    schema: type[BaseModel],
    name_field: str,
    raw: dict[str, Any],
    header: Sequence[str],
    by_field: Mapping[str, list[int]],
    errors: list[CellError],
) -> dict[str, Any]:
    """Validated as a new record would be, except that a row without a name may still
    update a matched record (the planner refuses it only where it would create one)."""
    if name_field in raw:
        return _validate(schema, raw, header, by_field, errors)
    values = _validate(schema, {**raw, name_field: "-"}, header, by_field, errors)
    values.pop(name_field, None)
    return values


def field_columns(
    header: Sequence[str], by_field: Mapping[str, list[int]], name: str
) -> str | None:
    """The names of the columns feeding a field (first and last name for the full name)."""
    indexes = by_field.get(name) or (
        [*by_field.get("first_name", []), *by_field.get("last_name", [])]
        if name == "full_name"
        else []
    )
    return ", ".join(header[index] for index in indexes) or None


def _place_name(value: str, limit: int, label: str, column: str, errors: list[CellError]) -> str:
    name = " ".join(value.split())
    if len(name) > limit:
        errors.append(
            CellError(
                column,
                label,
                f"At most {limit} characters",
                type="string_too_long",
                ctx={"max_length": limit},
            )
        )
    return name


def contact_values(
    row: Row,
    header: Sequence[str],
    by_field: Mapping[str, list[int]],
    *,
    default_workplace: bool = False,
) -> RowValues:
    """The row's contact fields and the names of its place; a department or shift is read
    within the row's workplace, or within the `default_workplace` when the row names none."""
    errors: list[CellError] = []
    raw: dict[str, Any] = {}

    def column(name: str) -> str:
        return ", ".join(header[index] for index in by_field.get(name, []))

    def single(name: str) -> str | None:
        values = _cells(row, by_field.get(name, []))
        return values[0] if values else None

    name = single("full_name") or " ".join(
        part for part in (single("first_name"), single("last_name")) if part
    )
    if name:
        raw["full_name"] = name
    for key in (
        "email",
        "phone",
        "job_title",
        "union",
        "source",
        "lawful_basis",
        "consent_note",
        "external_id",
    ):
        value = single(key)
        if value is not None:
            raw[key] = value
    status = single("membership_status")
    if status is not None:
        word = normalise_header(status)
        if word in MEMBERSHIP:
            if MEMBERSHIP[word] is not None:
                raw["membership_status"] = MEMBERSHIP[word]
        else:
            errors.append(
                CellError(
                    column("membership_status"),
                    "membership_status",
                    f"“{status}” is not a membership status: use yes, no or lapsed",
                    type="not_membership_status",
                    ctx={"value": status},
                )
            )
    preferred = single("preferred_language")
    if preferred is not None:
        codes = _languages([preferred], column("preferred_language"), "preferred_language", errors)
        if codes:
            raw["preferred_language"] = codes[0]
    others = _cells(row, by_field.get("other_languages", []))
    if others:
        raw["other_languages"] = _languages(
            [name for cell in others for name in _LIST_SPLIT.split(cell)],
            column("other_languages"),
            "other_languages",
            errors,
        )
    tags = [
        tag for cell in _cells(row, by_field.get("tags", [])) for tag in _LIST_SPLIT.split(cell)
    ]
    if tags:
        raw["tags"] = tags
    notes = _combined_notes(row, header, by_field.get("notes", []))
    if notes:
        raw["notes"] = notes
    values = _validate_named(ContactCreate, "full_name", raw, header, by_field, errors)
    placement: dict[str, str] = {}
    for key, limit in (("workplace", 200), ("department", 200), ("shift", 100)):
        value = single(key)
        if value is not None:
            placement[key] = _place_name(value, limit, key, column(key), errors)
    for key in ("department", "shift"):
        if key in placement and "workplace" not in placement and not default_workplace:
            errors.append(
                CellError(
                    column(key),
                    key,
                    f"A {key} needs the workplace it belongs to",
                    type="needs_workplace",
                    ctx={"part": key},
                )
            )
    return RowValues(values=values, placement=placement, errors=errors)


def _languages(names: Iterable[str], column: str, field: str, errors: list[CellError]) -> list[str]:
    """The codes of the languages named (in English, in themselves, in the app's languages or
    by ISO 639 code), each once; a name not recognised is a problem of the row."""
    codes: list[str] = []
    for name in (" ".join(name.split()) for name in names):
        if not name:
            continue
        code = language_for(name)
        if code is None:
            errors.append(
                CellError(
                    column,
                    field,
                    f"“{name}” is not a language we know: write its name in English or in "
                    "itself, or its ISO 639 code (e.g. Polish, polski or pl)",
                    type="not_a_language",
                    ctx={"value": name},
                )
            )
        elif code not in codes:
            codes.append(code)
    return codes


def _combined_notes(row: Row, header: Sequence[str], indexes: list[int]) -> str | None:
    given = [(header[index], row.cells[index]) for index in indexes if row.cells[index]]
    if not given:
        return None
    if len(indexes) == 1:
        return given[0][1]
    return "\n".join(f"{column}: {value}" for column, value in given)


def workplace_values(
    row: Row, header: Sequence[str], by_field: Mapping[str, list[int]]
) -> RowValues:
    errors: list[CellError] = []
    raw: dict[str, Any] = {}
    for key in ("name", "employer", "sector", "address", "postcode"):
        given = _cells(row, by_field.get(key, []))
        if given:
            raw[key] = given[0]
    unions = [
        name for cell in _cells(row, by_field.get("unions", [])) for name in _LIST_SPLIT.split(cell)
    ]
    if unions:
        raw["unions"] = unions
    headcount = _cells(row, by_field.get("estimated_headcount", []))
    if headcount:
        raw["estimated_headcount"] = headcount[0].replace(",", "").replace(" ", "")
    notes = _combined_notes(row, header, by_field.get("notes", []))
    if notes:
        raw["notes"] = notes
    values = _validate_named(WorkplaceCreate, "name", raw, header, by_field, errors)
    return RowValues(values=values, placement={}, errors=errors)
