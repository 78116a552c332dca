"""Column mapping and the plan for each row: what an import will do and why.

Pure functions over the parsed file and a snapshot of the group's existing records, so the
preview and the run decide every row the same way.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ValidationError

from api.contacts.models import MembershipStatus
from api.contacts.schemas import ContactCreate
from api.core.fields import normalise_labels
from api.core.queries import phone_digits
from api.imports.enums import ImportKind, OnMatch
from api.imports.files import Row
from api.workplaces.schemas import WorkplaceCreate

MATCH_KEYS: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.contacts: ("external_id", "email", "phone"),
    ImportKind.workplaces: ("name",),
}
_LIST_SPLIT = re.compile(r"[,;|]")
_HEADER_PUNCTUATION = re.compile(r"[_\-./#:?*()\[\]!'\"]+")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    synonyms: tuple[str, ...] = ()
    multiple: bool = False  # several columns may feed it (their values are combined)


CONTACT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "full_name",
        "Full name",
        (
            "name",
            "full name",
            "fullname",
            "contact name",
            "contact",
            "worker",
            "worker name",
            "member name",
            "employee name",
            "employee",
            "person",
            "display name",
            "names",
        ),
    ),
    FieldSpec(
        "first_name",
        "First name",
        ("first name", "firstname", "first", "given name", "forename", "forenames"),
    ),
    FieldSpec(
        "last_name",
        "Last name",
        ("last name", "lastname", "surname", "family name", "second name", "last"),
    ),
    FieldSpec(
        "email",
        "Email",
        (
            "email",
            "e mail",
            "email address",
            "e mail address",
            "emailaddress",
            "mail",
            "personal email",
            "work email",
        ),
    ),
    FieldSpec(
        "phone",
        "Phone",
        (
            "phone",
            "phone number",
            "phone no",
            "mobile",
            "mobile number",
            "mobile phone",
            "mobile no",
            "mob",
            "cell",
            "cell phone",
            "cellphone",
            "telephone",
            "telephone number",
            "tel",
            "tel no",
            "contact number",
            "whatsapp",
        ),
    ),
    FieldSpec(
        "workplace",
        "Workplace (name)",
        ("workplace", "site", "location", "work location", "depot", "branch", "place of work"),
    ),
    FieldSpec(
        "department",
        "Department (name)",
        ("department", "dept", "area", "section", "team", "ward", "unit", "division"),
    ),
    FieldSpec("shift", "Shift (name)", ("shift", "shift pattern", "shifts", "rota")),
    FieldSpec(
        "job_title", "Job title", ("job title", "title", "role", "job", "position", "occupation")
    ),
    FieldSpec("union", "Union", ("union", "trade union", "which union")),
    FieldSpec(
        "membership_status",
        "Membership status",
        (
            "union member",
            "member",
            "membership",
            "membership status",
            "in union",
            "in the union",
            "is member",
            "union membership",
            "unionised",
            "unionized",
        ),
    ),
    FieldSpec("preferred_language", "Preferred language", ("language", "preferred language")),
    FieldSpec("tags", "Tags", ("tags", "tag", "labels", "label"), multiple=True),
    FieldSpec("notes", "Notes", ("notes", "note", "comments", "comment", "remarks"), multiple=True),
    FieldSpec("source", "Source", ("source", "how we met", "where met")),
    FieldSpec("lawful_basis", "Lawful basis", ("lawful basis", "gdpr basis")),
    FieldSpec("consent_note", "Consent note", ("consent", "consent note")),
    FieldSpec(
        "external_id",
        "External id",
        (
            "external id",
            "id",
            "employee id",
            "employee number",
            "staff number",
            "staff id",
            "payroll number",
            "member number",
            "membership number",
            "record id",
        ),
    ),
)

WORKPLACE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "Name", ("name", "workplace", "workplace name", "site", "site name")),
    FieldSpec("employer", "Employer", ("employer", "company", "employer name")),
    FieldSpec("sector", "Sector", ("sector", "industry")),
    FieldSpec("address", "Address", ("address", "street address")),
    FieldSpec("postcode", "Postcode", ("postcode", "post code", "zip", "zip code", "postal code")),
    FieldSpec("unions", "Unions", ("unions", "union", "recognised unions"), multiple=True),
    FieldSpec(
        "estimated_headcount",
        "Estimated headcount",
        ("estimated headcount", "headcount", "head count", "employees", "staff", "workers"),
    ),
    FieldSpec("notes", "Notes", ("notes", "note", "comments", "comment"), multiple=True),
)

FIELDS: dict[ImportKind, dict[str, FieldSpec]] = {
    ImportKind.contacts: {spec.name: spec for spec in CONTACT_FIELDS},
    ImportKind.workplaces: {spec.name: spec for spec in WORKPLACE_FIELDS},
}

_MEMBERSHIP_WORDS: dict[str, MembershipStatus | None] = {
    **dict.fromkeys(
        ("yes", "y", "true", "1", "x", "member", "union member", "paid up", "✓", "✔"),
        MembershipStatus.member,
    ),
    **dict.fromkeys(
        ("no", "n", "false", "0", "non member", "nonmember", "not a member", "not member"),
        MembershipStatus.non_member,
    ),
    **dict.fromkeys(("lapsed", "former", "ex member", "left"), MembershipStatus.lapsed),
    **dict.fromkeys(("unknown", "", "not sure", "don't know", "dont know", "n/a"), None),
}


_MEMBERSHIP = {
    " ".join(_HEADER_PUNCTUATION.sub(" ", word).split()): status
    for word, status in _MEMBERSHIP_WORDS.items()
}


class MappingError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def normalise_header(name: str) -> str:
    return " ".join(_HEADER_PUNCTUATION.sub(" ", name.casefold()).split())


def guess_mapping(kind: ImportKind, header: Sequence[str]) -> dict[str, str | None]:
    """Each column's likely field from its name (None: ignored). A single-valued field goes
    to the first column that looks like it; a full-name column wins over first/last names."""
    synonyms = {synonym: spec for spec in FIELDS[kind].values() for synonym in spec.synonyms}
    taken: set[str] = set()
    guessed: dict[str, str | None] = {}
    for column in header:
        spec = synonyms.get(normalise_header(column))
        if spec is None or (spec.name in taken and not spec.multiple):
            guessed[column] = None
            continue
        guessed[column] = spec.name
        taken.add(spec.name)
    if "full_name" in taken:
        for column, name in guessed.items():
            if name in {"first_name", "last_name"}:
                guessed[column] = None
    return guessed


def check_mapping(
    kind: ImportKind,
    header: Sequence[str],
    columns: Mapping[str, str | None],
    match_by: Sequence[str] = (),
) -> dict[str, str | None]:
    """Every column of the file with its field (None: ignored), or a MappingError naming the
    offending column. Columns not named are ignored. Without a name column, rows can only
    update the records they match."""
    fields = FIELDS[kind]
    unknown = [column for column in columns if column not in header]
    if unknown:
        raise MappingError(f"columns.{unknown[0]}", f"The file has no column called “{unknown[0]}”")
    used: dict[str, str] = {}
    for column, name in columns.items():
        if name is None:
            continue
        if name not in fields:
            raise MappingError(
                f"columns.{column}",
                f"“{name}” is not a field you can import into; use one of {', '.join(fields)}",
            )
        if name in used and not fields[name].multiple:
            raise MappingError(
                f"columns.{column}",
                f"Both “{used[name]}” and “{column}” are mapped to {name}; choose one",
            )
        used[name] = column
    if kind == ImportKind.contacts:
        if "full_name" in used and ({"first_name", "last_name"} & used.keys()):
            raise MappingError(
                "columns",
                "Map either a full name column or first and last name columns, not both",
            )
        if not ({"full_name", "first_name", "last_name", *match_by} & used.keys()):
            raise MappingError(
                "columns",
                "Map a column to full_name (or first_name and last_name), or, to update "
                f"existing contacts only, one to match them by ({', '.join(match_by)})",
            )
    elif "name" not in used:
        raise MappingError("columns", "Map a column to name")
    return {column: columns.get(column) for column in header}


def check_match_by(kind: ImportKind, match_by: Sequence[str]) -> list[str]:
    allowed = MATCH_KEYS[kind]
    for key in match_by:
        if key not in allowed:
            raise MappingError(
                "match_by", f"Match by {', '.join(allowed)} (in your order of preference)"
            )
    return list(dict.fromkeys(match_by))


# --- one row's values --------------------------------------------------------------------


@dataclass(frozen=True)
class CellError:
    column: str | None
    field: str
    message: str

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
            errors.append(CellError(field_columns(header, by_field, name), name, _message(error)))
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
        errors.append(CellError(column, label, f"At most {limit} characters"))
    return name


def contact_values(row: Row, header: Sequence[str], by_field: Mapping[str, list[int]]) -> RowValues:
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
        "preferred_language",
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
        if word in _MEMBERSHIP:
            if _MEMBERSHIP[word] is not None:
                raw["membership_status"] = _MEMBERSHIP[word]
        else:
            errors.append(
                CellError(
                    column("membership_status"),
                    "membership_status",
                    f"“{status}” is not a membership status: use yes, no or lapsed",
                )
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
        if key in placement and "workplace" not in placement:
            errors.append(CellError(column(key), key, f"A {key} needs the workplace it belongs to"))
    return RowValues(values=values, placement=placement, errors=errors)


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


# --- the plan --------------------------------------------------------------------------------


class Action(StrEnum):
    create = "create"
    update = "update"
    skip = "skip"
    fail = "fail"


@dataclass(frozen=True)
class NewPlace:
    """A workplace, department or shift the import will create (matched by name, ignoring
    case, within the parent workplace for departments and shifts)."""

    kind: str
    key: str
    name: str
    parent: Ref | None = None
    parent_name: str = ""  # the workplace as the file names it

    def describe(self) -> str:
        return f"{self.name} at {self.parent_name}" if self.parent_name else self.name


Ref = uuid.UUID | NewPlace


@dataclass
class Existing:
    """What the group already has, read once before planning."""

    records: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    by_key: dict[str, dict[str, list[uuid.UUID]]] = field(default_factory=dict)
    workplaces: dict[str, list[uuid.UUID]] = field(default_factory=dict)
    departments: dict[tuple[uuid.UUID, str], list[uuid.UUID]] = field(default_factory=dict)
    shifts: dict[tuple[uuid.UUID, str], list[uuid.UUID]] = field(default_factory=dict)

    def add_record(
        self, record_id: uuid.UUID, values: dict[str, Any], keys: dict[str, Any]
    ) -> None:
        self.records[record_id] = values
        for key, value in keys.items():
            if value:
                self.by_key.setdefault(key, {}).setdefault(value, []).append(record_id)


@dataclass
class PlannedRow:
    line: int
    action: Action
    reason: str
    errors: list[CellError] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)  # for a create: every given field
    changes: dict[str, Any] = field(default_factory=dict)  # for an update: what differs
    record_id: uuid.UUID | None = None
    expected_version: int | None = None
    placement: dict[str, Ref] = field(default_factory=dict)


@dataclass
class Plan:
    rows: list[PlannedRow]
    new_places: list[NewPlace]

    def count(self, action: Action) -> int:
        return sum(row.action is action for row in self.rows)


def fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def match_key(key: str, values: Mapping[str, Any]) -> str | None:
    """A row's or record's value for a match key, as compared (emails ignoring case, phones
    without spaces and punctuation)."""
    value = values.get(key)
    if not value:
        return None
    if key == "email":
        return str(value).strip().lower()
    if key == "phone":
        digits = phone_digits(str(value))
        return digits if sum(c.isdigit() for c in digits) >= 5 else None
    if key == "name":
        return fold(str(value))
    return str(value).strip()


_KEY_WORDS = {"external_id": "external id", "email": "email", "phone": "phone", "name": "name"}


class Planner:
    def __init__(
        self,
        kind: ImportKind,
        header: Sequence[str],
        mapping: Mapping[str, str | None],
        match_by: Sequence[str],
        on_match: OnMatch,
        existing: Existing,
        *,
        source: str,
    ) -> None:
        self.kind = ImportKind(kind)
        self.header = list(header)
        self.by_field = columns_by_field(header, mapping)
        self.mapped = sorted({i for indexes in self.by_field.values() for i in indexes})
        self.match_by = list(match_by)
        self.on_match = OnMatch(on_match)
        self.existing = existing
        self.source = source
        self.seen_keys: dict[tuple[str, str], int] = {}
        self.seen_rows: dict[tuple[str, ...], int] = {}
        self.new_places: dict[tuple[str, Any, str], NewPlace] = {}

    def plan(self, rows: Iterable[Row]) -> Plan:
        return Plan(rows=[self.plan_row(row) for row in rows], new_places=self.places())

    def places(self) -> list[NewPlace]:
        return list(self.new_places.values())

    def plan_row(self, row: Row) -> PlannedRow:
        if self.kind is ImportKind.contacts:
            parsed = contact_values(row, self.header, self.by_field)
        else:
            parsed = workplace_values(row, self.header, self.by_field)
        if parsed.errors:
            return self._failed(row, parsed.errors)
        same = tuple(row.cells[index].casefold() for index in self.mapped)
        if same in self.seen_rows:
            return PlannedRow(
                row.line, Action.skip, f"Duplicate: the same as row {self.seen_rows[same]}"
            )
        keys = {
            key: value
            for key in MATCH_KEYS[self.kind]
            if (value := match_key(key, parsed.values)) is not None
        }
        for key, value in keys.items():
            first = self.seen_keys.get((key, value))
            if first is not None:
                return PlannedRow(
                    row.line,
                    Action.skip,
                    f"Duplicate: the same {_KEY_WORDS[key]} as row {first}",
                )
        planned = self._decide(row, parsed, keys)
        if planned.action is not Action.fail:
            self.seen_rows[same] = row.line
            for key, value in keys.items():
                self.seen_keys[(key, value)] = row.line
        return planned

    def _failed(self, row: Row, errors: list[CellError]) -> PlannedRow:
        reason = "; ".join(error.text() for error in errors)
        return PlannedRow(row.line, Action.fail, reason, errors=errors)

    def _match(self, keys: Mapping[str, str]) -> tuple[str, uuid.UUID] | CellError | None:
        for key in self.match_by:
            value = keys.get(key)
            if value is None:
                continue
            found = self.existing.by_key.get(key, {}).get(value, [])
            if len(found) > 1:
                return CellError(
                    None,
                    key,
                    f"{len(found)} existing records have this {_KEY_WORDS[key]}; merge them "
                    "first or match by another column",
                )
            if found:
                return key, found[0]
        return None

    def _decide(self, row: Row, parsed: RowValues, keys: Mapping[str, str]) -> PlannedRow:
        matched = self._match(keys)
        if isinstance(matched, CellError):
            return self._failed(row, [matched])
        name_field = "full_name" if self.kind is ImportKind.contacts else "name"
        if matched is None and name_field not in parsed.values:
            column = field_columns(self.header, self.by_field, name_field)
            return self._failed(row, [CellError(column, name_field, "A name is required")])
        placement, notes = self._placement(row, parsed.placement)
        if isinstance(placement, CellError):
            return self._failed(row, [placement])
        if matched is None:
            values = dict(parsed.values)
            if self.kind is ImportKind.contacts:
                values.setdefault("source", self.source)
            return PlannedRow(
                row.line,
                Action.create,
                " ".join(["New record.", *notes]),
                values=values,
                placement=placement,
            )
        key, record_id = matched
        how = f"Matches an existing record by {_KEY_WORDS[key]}"
        if self.on_match is OnMatch.skip:
            return PlannedRow(row.line, Action.skip, f"{how}; left as it is", record_id=record_id)
        current = self.existing.records[record_id]
        changes = self._changes(current, parsed.values, placement)
        if not changes:
            return PlannedRow(
                row.line, Action.skip, f"{how}; nothing to change", record_id=record_id
            )
        return PlannedRow(
            row.line,
            Action.update,
            " ".join([f"{how}; changes {', '.join(sorted(changes))}.", *notes]),
            changes=changes,
            record_id=record_id,
            expected_version=current["version"],
            placement=placement,
        )

    def _changes(
        self, current: Mapping[str, Any], values: Mapping[str, Any], placement: Mapping[str, Ref]
    ) -> dict[str, Any]:
        """A given (non-blank) cell replaces the stored value; tags are added to the record's."""
        changes: dict[str, Any] = {}
        for key, value in values.items():
            if key == "tags":
                merged = list(current.get("tags") or [])
                merged += [tag for tag in value if tag not in merged]
                if merged != list(current.get("tags") or []):
                    changes["tags"] = merged
            elif key == "unions":
                merged = normalise_labels([*(current.get("unions") or []), *value])
                if merged != list(current.get("unions") or []):
                    changes["unions"] = merged
            elif key in MATCH_KEYS[self.kind] and match_key(key, current) == match_key(key, values):
                continue  # the same email, phone or name, however it is spelt or spaced
            elif current.get(key) != value:
                changes[key] = value
        for part in ("workplace", "department", "shift"):
            if part in placement and placement[part] != current.get(f"{part}_id"):
                changes[f"{part}_id"] = placement[part]
        if "workplace_id" in changes:
            # Departments and shifts belong to a workplace: a move leaves the old ones behind.
            for part in ("department", "shift"):
                if part not in placement and current.get(f"{part}_id") is not None:
                    changes[f"{part}_id"] = None
        return changes

    def _placement(
        self, row: Row, names: Mapping[str, str]
    ) -> tuple[dict[str, Ref] | CellError, list[str]]:
        if not names:
            return {}, []
        notes: list[str] = []
        placement: dict[str, Ref] = {}
        workplace = self._resolve("workplace", names["workplace"], None, "", notes)
        if isinstance(workplace, CellError):
            return workplace, notes
        placement["workplace"] = workplace
        for part in ("department", "shift"):
            if part in names:
                resolved = self._resolve(part, names[part], workplace, names["workplace"], notes)
                if isinstance(resolved, CellError):
                    return resolved, notes
                placement[part] = resolved
        return placement, notes

    def _resolve(
        self, kind: str, name: str, parent: Ref | None, parent_name: str, notes: list[str]
    ) -> Ref | CellError:
        key = fold(name)
        if kind == "workplace":
            found = self.existing.workplaces.get(key, [])
        elif isinstance(parent, uuid.UUID):
            table = self.existing.departments if kind == "department" else self.existing.shifts
            found = table.get((parent, key), [])
        else:
            found = []
        if len(found) > 1:
            return CellError(None, kind, f"{len(found)} {kind}s are called “{name}”; rename one")
        if found:
            return found[0]
        known = self.new_places.get((kind, parent, key))
        if known is not None:
            return known
        place = NewPlace(kind=kind, key=key, name=name, parent=parent, parent_name=parent_name)
        self.new_places[(kind, parent, key)] = place
        where = f" at “{parent_name}”" if parent_name else ""
        notes.append(f"Creates {kind} “{name}”{where}.")
        return place
