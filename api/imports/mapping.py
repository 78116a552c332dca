"""Which column of a file feeds which field: guessed from the headings, then checked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from api.core.errors import FieldParams
from api.imports.enums import ImportKind
from api.imports.vocabulary import FIELDS, MATCH_KEYS, normalise_header


class MappingError(ValueError):
    """A mapping refused: the field it concerns, and the field error's `type` and `ctx`."""

    def __init__(self, field: str, message: str, type: str, ctx: FieldParams | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.type = type
        self.ctx = ctx


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
        raise MappingError(
            f"columns.{unknown[0]}",
            f"The file has no column called “{unknown[0]}”",
            "unknown_column",
            {"column": unknown[0]},
        )
    used: dict[str, str] = {}
    for column, name in columns.items():
        if name is None:
            continue
        if name not in fields:
            raise MappingError(
                f"columns.{column}",
                f"“{name}” is not a field you can import into; use one of {', '.join(fields)}",
                "not_importable",
                {"field_name": name},
            )
        if name in used and not fields[name].multiple:
            raise MappingError(
                f"columns.{column}",
                f"Both “{used[name]}” and “{column}” are mapped to {name}; choose one",
                "mapped_twice",
                {"column": column, "other_column": used[name]},
            )
        used[name] = column
    if kind == ImportKind.contacts:
        if "full_name" in used and ({"first_name", "last_name"} & used.keys()):
            raise MappingError(
                "columns",
                "Map either a full name column or first and last name columns, not both",
                "name_mapped_twice",
            )
        if not ({"full_name", "first_name", "last_name", *match_by} & used.keys()):
            raise MappingError(
                "columns",
                "Map a column to full_name (or first_name and last_name), or, to update "
                f"existing contacts only, one to match them by ({', '.join(match_by)})",
                "name_not_mapped",
            )
    elif "name" not in used:
        raise MappingError("columns", "Map a column to name", "name_not_mapped")
    return {column: columns.get(column) for column in header}


def check_match_by(kind: ImportKind, match_by: Sequence[str]) -> list[str]:
    allowed = MATCH_KEYS[kind]
    for key in match_by:
        if key not in allowed:
            raise MappingError(
                "match_by",
                f"Match by {', '.join(allowed)} (in your order of preference)",
                "unknown_match_key",
                {"allowed": ", ".join(allowed)},
            )
    return list(dict.fromkeys(match_by))
