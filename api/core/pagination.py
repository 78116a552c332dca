"""Keyset pagination: `?limit=&cursor=` answering `{"items": [...], "next_cursor": ...}`."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeAlias, TypeVar

import orjson
from fastapi import Query
from pydantic import BaseModel
from sqlalchemy import and_, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped
from sqlalchemy.sql import ColumnElement, Select

from api.core.errors import Unprocessable
from api.core.fields import UNSTORABLE_TEXT, check_year_range

ItemT = TypeVar("ItemT")
ColumnLike: TypeAlias = ColumnElement[Any] | Mapped[Any]
DEFAULT_LIMIT = 50
MAX_LIMIT = 200

LimitQuery = Annotated[
    int, Query(ge=1, le=MAX_LIMIT, description=f"Page size (default {DEFAULT_LIMIT})")
]
CursorQuery = Annotated[
    str | None,
    Query(max_length=1000, description="`next_cursor` from the previous page"),
]


class Page(BaseModel, Generic[ItemT]):
    items: list[ItemT]
    next_cursor: str | None


@dataclass(frozen=True)
class SortKey:
    """One column of a keyset ordering. Columns must be non-null (coalesce nullable ones)."""

    column: ColumnLike
    python_type: type
    descending: bool = False


class InvalidCursor(Unprocessable):
    def __init__(self) -> None:
        super().__init__("cursor", "This cursor is not valid for this list", code="invalid_cursor")


def _encode_value(value: Any) -> Any:
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


# The widest integer a database column here holds; a larger one in a cursor is tampering.
_BIGINT = 2**63 - 1


def _decode_value(raw: Any, python_type: type) -> Any:
    """A cursor value back to its key's type, refusing anything the query could not use."""
    if python_type is uuid.UUID and isinstance(raw, str):
        return uuid.UUID(raw)
    if python_type is datetime and isinstance(raw, str):
        moment = datetime.fromisoformat(raw)
        if moment.tzinfo is None:
            raise ValueError("cursor time without a zone")
        return check_year_range(moment)
    if python_type is date and isinstance(raw, str):
        return check_year_range(date.fromisoformat(raw))
    if python_type is Decimal and isinstance(raw, str):
        amount = Decimal(raw)
        if not amount.is_finite() or abs(amount) > _BIGINT:
            raise ValueError("cursor amount out of range")
        return amount
    if python_type is int and isinstance(raw, int) and not isinstance(raw, bool):
        if abs(raw) > _BIGINT:
            raise ValueError("cursor number out of range")
        return raw
    if python_type is str and isinstance(raw, str) and not UNSTORABLE_TEXT.search(raw):
        return raw
    if python_type is float and isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    if python_type is bool and isinstance(raw, bool):
        return raw
    raise ValueError("cursor value of the wrong type")


def encode_cursor(values: Sequence[Any]) -> str:
    payload = orjson.dumps([_encode_value(v) for v in values])
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def decode_cursor(cursor: str, keys: Sequence[SortKey]) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = orjson.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(raw, list) or len(raw) != len(keys):
            raise ValueError("wrong cursor length")
        return [_decode_value(value, key.python_type) for value, key in zip(raw, keys, strict=True)]
    except (ValueError, TypeError, ArithmeticError, orjson.JSONDecodeError):
        raise InvalidCursor() from None


def _after(keys: Sequence[SortKey], values: Sequence[Any]) -> ColumnElement[bool]:
    """Rows strictly after `values` in the ordering: (a > x) or (a = x and b > y) or ..."""
    clauses = []
    for index, key in enumerate(keys):
        equal_prefix = [keys[i].column == values[i] for i in range(index)]
        beyond = key.column < values[index] if key.descending else key.column > values[index]
        clauses.append(and_(*equal_prefix, beyond))
    return or_(*clauses)


async def keyset_page(
    session: AsyncSession,
    statement: Select[*tuple[Any, ...]],
    keys: Sequence[SortKey],
    *,
    limit: int,
    cursor: str | None,
) -> tuple[Sequence[Any], str | None]:
    """Run `statement` one page at a time in the order of `keys`. The key columns are added
    to what it selects, last (so a row's leading columns are the statement's own); returns the
    rows and the cursor for the next page (None on the last page)."""
    statement = statement.add_columns(*(key.column for key in keys))
    if cursor:
        statement = statement.where(_after(keys, decode_cursor(cursor, keys)))
    ordering = [key.column.desc() if key.descending else key.column.asc() for key in keys]
    rows = (await session.execute(statement.order_by(*ordering).limit(limit + 1))).all()
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    tail = list(last[-len(keys) :])
    return rows, encode_cursor(tail)
