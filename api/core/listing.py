"""Shared pieces of list endpoints: sorting, text search and `updated_since`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Annotated, Any

from fastapi import Query
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError
from sqlalchemy import or_
from sqlalchemy.sql import ColumnElement, Select

from api.core.errors import Unprocessable
from api.core.fields import OUT_OF_RANGE, Day, in_year_range
from api.core.pagination import ColumnLike, SortKey
from api.core.references import invalid

_BARE_NUMBER = re.compile(r"\s*[-+]?\d+(?:\.\d*)?\s*")


def written_time(value: object) -> object:
    """A query time or day is ISO 8601 text, as the document says; pydantic would also read a bare
    number as seconds since 1970, which no client means."""
    if isinstance(value, str) and _BARE_NUMBER.fullmatch(value):
        raise PydanticCustomError(
            "datetime_parsing", "Give a date and time, e.g. 2026-11-24T10:00:00Z"
        )
    return value


QueryTime = Annotated[datetime, BeforeValidator(written_time)]
QueryDay = Annotated[Day, BeforeValidator(written_time)]

SearchQuery = Annotated[
    str | None, Query(max_length=200, description="Free-text search", alias="q")
]
UpdatedSinceQuery = Annotated[
    QueryTime | None,
    Query(description="Only records changed at or after this time (ISO 8601 with zone)"),
]


def sort_query(*names: str, default: str, note: str = "") -> Any:
    """The default of a list's `?sort=` parameter (`sort: str | None = sort_query(...)`):
    one of `names`, ascending or, with a leading `-`, descending. The document lists them, so
    any other value is refused as malformed; `sort_keys` maps the same names to columns."""
    choices = ", ".join(f"`{name}`" for name in names)
    return Query(
        None,
        max_length=50,
        pattern=f"^-?({'|'.join(re.escape(name) for name in names)})$",
        description=f"Sort by {choices}; `-` first for descending (default `{default}`)"
        + (f"; {note}" if note else ""),
    )


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def text_search(
    text: str | None, columns: Sequence[ColumnElement[Any]]
) -> ColumnElement[bool] | None:
    """Case-insensitive substring match over `columns`; None when there is nothing to search."""
    if not text or not text.strip():
        return None
    pattern = like_pattern(text.strip())
    return or_(*(column.ilike(pattern, escape="\\") for column in columns))


def sort_keys(
    sort: str | None,
    allowed: Mapping[str, tuple[ColumnLike, type]],
    default: str,
    tiebreak: SortKey,
) -> list[SortKey]:
    """`?sort=name` / `?sort=-updated_at` turned into keyset sort keys, ending on the id."""
    requested = sort or default
    descending = requested.startswith("-")
    name = requested.lstrip("-")
    if name not in allowed:
        raise Unprocessable(
            "sort", f"Sort by one of: {', '.join(sorted(allowed))} (prefix - for descending)"
        )
    column, python_type = allowed[name]
    return [
        SortKey(column, python_type, descending),
        SortKey(tiebreak.column, tiebreak.python_type, descending),
    ]


def aware_query_time(field: str, moment: datetime) -> datetime:
    """A time filter from the query string must say its time zone; a bare one is refused,
    never guessed."""
    if moment.tzinfo is None:
        problem = f"{field}: give a time zone, e.g. 2026-11-24T10:00:00Z"
    elif not in_year_range(moment):
        problem = f"{field}: {OUT_OF_RANGE.lower()}"
    else:
        return moment
    raise invalid(field, problem, where="query")


def apply_updated_since(
    statement: Select[Any], column: ColumnLike, since: datetime | None
) -> Select[Any]:
    if since is None:
        return statement
    return statement.where(column >= aware_query_time("updated_since", since))
