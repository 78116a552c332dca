"""The plan for each row: what an import will do and why.

Pure functions over the parsed file and a snapshot of the group's existing records, so the
preview and the run decide every row the same way. The fields and their column headings are
in `api.imports.vocabulary`, the column mapping in `api.imports.mapping` and the reading of
a row's cells in `api.imports.rows`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from api.core.fields import normalise_labels
from api.core.queries import phone_digits
from api.core.search_text import search_key
from api.imports.enums import ImportKind, OnMatch
from api.imports.files import Row
from api.imports.rows import (
    CellError,
    RowValues,
    columns_by_field,
    contact_values,
    field_columns,
    workplace_values,
)
from api.imports.vocabulary import KEY_WORDS, MATCH_KEYS

NAME_AT_WORKPLACE = "name_at_workplace"


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


@dataclass(frozen=True)
class PlacementDefaults:
    """The workplace (and its department and shift) given to rows that name none."""

    workplace: uuid.UUID | None = None
    workplace_name: str = ""
    department: uuid.UUID | None = None
    shift: uuid.UUID | None = None


@dataclass
class Existing:
    """What the group already has, read once before planning."""

    records: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    by_key: dict[str, dict[str, list[uuid.UUID]]] = field(default_factory=dict)
    workplaces: dict[str, list[uuid.UUID]] = field(default_factory=dict)
    workplace_names: dict[uuid.UUID, str] = field(default_factory=dict)
    departments: dict[tuple[uuid.UUID, str], list[uuid.UUID]] = field(default_factory=dict)
    shifts: dict[tuple[uuid.UUID, str], list[uuid.UUID]] = field(default_factory=dict)
    _by_name_at_workplace: dict[tuple[uuid.UUID, str], list[uuid.UUID]] | None = field(
        default=None, init=False, repr=False
    )

    def add_record(
        self, record_id: uuid.UUID, values: dict[str, Any], keys: dict[str, Any]
    ) -> None:
        self.records[record_id] = values
        for key, value in keys.items():
            if value:
                self.by_key.setdefault(key, {}).setdefault(value, []).append(record_id)

    def contacts_named(self, name: str, workplace_id: uuid.UUID) -> list[uuid.UUID]:
        """Contacts at this workplace with this name, ignoring accents, case, punctuation and
        word order (as search compares names); indexed on first use."""
        if self._by_name_at_workplace is None:
            self._by_name_at_workplace = {}
            for record_id, values in self.records.items():
                if values.get("workplace_id") is not None and values.get("full_name"):
                    key = (values["workplace_id"], name_at_workplace_key(values["full_name"]))
                    self._by_name_at_workplace.setdefault(key, []).append(record_id)
        return self._by_name_at_workplace.get((workplace_id, name_at_workplace_key(name)), [])


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


def _digest(*parts: str) -> int:
    # Each part prefixed by its length, so no two different lists of parts read the same.
    # Kept as a 128-bit int: 48 bytes of memory where the same digest as bytes takes 64.
    text = "".join(f"{len(part)}:{part}" for part in parts)
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=16).digest())


def name_at_workplace_key(name: str) -> str:
    return " ".join(sorted(search_key(name).split()))


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
        defaults: PlacementDefaults | None = None,
    ) -> None:
        self.kind = ImportKind(kind)
        self.header = list(header)
        self.by_field = columns_by_field(header, mapping)
        self.mapped = sorted({i for indexes in self.by_field.values() for i in indexes})
        self.match_by = list(match_by)
        self.on_match = OnMatch(on_match)
        self.existing = existing
        self.source = source
        self.defaults = defaults or PlacementDefaults()
        # What earlier rows held, to skip repeats, with the row each was first seen in: kept
        # as digests (of the mapped cells, and of each match key, told apart by what they
        # digest), in one table, so planning a whole file keeps about a hundred bytes for
        # each digest however long the cells are.
        self.seen: dict[int, int] = {}
        self.new_places: dict[tuple[str, Any, str], NewPlace] = {}

    def places(self) -> list[NewPlace]:
        return list(self.new_places.values())

    def plan_row(self, row: Row) -> PlannedRow:
        if self.kind is ImportKind.contacts:
            parsed = contact_values(
                row,
                self.header,
                self.by_field,
                default_workplace=self.defaults.workplace is not None,
            )
        else:
            parsed = workplace_values(row, self.header, self.by_field)
        if parsed.errors:
            return self._failed(row, parsed.errors)
        same = _digest("row", *(row.cells[index].casefold() for index in self.mapped))
        if same in self.seen:
            return PlannedRow(
                row.line, Action.skip, f"Duplicate: the same as row {self.seen[same]}"
            )
        keys = {
            key: value
            for key in MATCH_KEYS[self.kind]
            if (value := match_key(key, parsed.values)) is not None
        }
        key_digests = {key: _digest(key, value) for key, value in keys.items()}
        for key, digest in key_digests.items():
            first = self.seen.get(digest)
            if first is not None:
                return PlannedRow(
                    row.line,
                    Action.skip,
                    f"Duplicate: the same {KEY_WORDS[key]} as row {first}",
                )
        planned = self._decide(row, parsed, keys)
        if planned.action is not Action.fail:
            self.seen[same] = row.line
            for digest in key_digests.values():
                self.seen[digest] = row.line
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
                    f"{len(found)} existing records have this {KEY_WORDS[key]}; merge them "
                    "first or match by another column",
                    type="ambiguous_match",
                    ctx={"records": len(found), "key": key},
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
            return self._failed(
                row, [CellError(column, name_field, "A name is required", type="name_required")]
            )
        # A row naming no workplace gets the default one, unless it matches a contact
        # who already has a workplace (a default never moves anyone).
        current_workplace = (
            self.existing.records[matched[1]].get("workplace_id") if matched else None
        )
        placement, notes = self._placement(row, parsed.placement, current_workplace)
        if isinstance(placement, CellError):
            return self._failed(row, [placement])
        if matched is None:
            matched = self._match_by_name(parsed, keys, placement)
            if isinstance(matched, CellError):
                return self._failed(row, [matched])
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
        how = (
            "Matches an existing contact by name at this workplace"
            if key == NAME_AT_WORKPLACE
            else f"Matches an existing record by {KEY_WORDS[key]}"
        )
        if self.on_match is OnMatch.skip:
            return PlannedRow(row.line, Action.skip, f"{how}; left as it is", record_id=record_id)
        current = self.existing.records[record_id]
        changes = self._changes(current, parsed.values, placement)
        if key == NAME_AT_WORKPLACE:
            # The same person however the file spells them: the stored spelling stays.
            changes.pop("full_name", None)
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

    def _match_by_name(
        self, parsed: RowValues, keys: Mapping[str, str], placement: Mapping[str, Ref]
    ) -> tuple[str, uuid.UUID] | CellError | None:
        """With no email or phone to go by, a contact at an existing workplace is the one
        there with the same name (ignoring accents, case, punctuation and word order)."""
        workplace = placement.get("workplace")
        name = parsed.values.get("full_name")
        if (
            self.kind is not ImportKind.contacts
            or "email" in keys
            or "phone" in keys
            or not isinstance(workplace, uuid.UUID)
            or not name
        ):
            return None
        found = self.existing.contacts_named(str(name), workplace)
        if len(found) > 1:
            return CellError(
                None,
                "full_name",
                f"{len(found)} existing contacts at this workplace have this name; merge "
                "them first or give an email or phone",
            )
        return (NAME_AT_WORKPLACE, found[0]) if found else None

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
        self, row: Row, names: Mapping[str, str], current_workplace: uuid.UUID | None
    ) -> tuple[dict[str, Ref] | CellError, list[str]]:
        """Where the row puts its contact. Without a workplace of its own, a row is placed in
        the matched contact's workplace (a department or shift it names is read there), else
        in the default one."""
        defaults = self.defaults if current_workplace is None else PlacementDefaults()
        notes: list[str] = []
        placement: dict[str, Ref] = {}
        workplace: Ref
        if "workplace" in names:
            parent_name = names["workplace"]
            resolved = self._resolve("workplace", parent_name, None, "", notes)
            if isinstance(resolved, CellError):
                return resolved, notes
            workplace = resolved
        elif current_workplace is not None and names:
            workplace, parent_name = current_workplace, ""
        elif defaults.workplace is not None:
            workplace, parent_name = defaults.workplace, defaults.workplace_name
        else:
            return {}, []
        placement["workplace"] = workplace
        for part in ("department", "shift"):
            if part in names:
                resolved = self._resolve(part, names[part], workplace, parent_name, notes)
                if isinstance(resolved, CellError):
                    return resolved, notes
                placement[part] = resolved
            elif workplace == defaults.workplace and getattr(defaults, part) is not None:
                placement[part] = getattr(defaults, part)
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
            return CellError(
                None,
                kind,
                f"{len(found)} {kind}s are called “{name}”; rename one",
                type="ambiguous_place",
                ctx={"places": len(found), "kind": kind, "name": name},
            )
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
