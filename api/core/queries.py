"""Query pieces the organising records share: reading rows as schemas, keyset pages, tags in
JSON arrays and phone numbers compared without punctuation."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import any_, bindparam, cast, exists, func, literal_column, select
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement, Select
from sqlmodel import col

from api.core.context import GroupContext
from api.core.db import GroupOwned
from api.core.errors import NotFound
from api.core.pagination import SortKey, keyset_page
from api.core.tenancy import scoped_select

SchemaT = TypeVar("SchemaT", bound=BaseModel)

PHONE_PUNCTUATION = " -().,/"
_PHONE_STRIP = re.compile(r"[\s\-().,/]")


def columns_for(model: Any, schema: type[BaseModel]) -> list[Any]:
    """The model's columns named like the schema's fields, labelled by field name."""
    return [
        getattr(model, name).label(name)
        for name in schema.model_fields
        if hasattr(model, name) and name in model.__table__.columns
    ]


def schema_columns(model: Any, schema: type[BaseModel]) -> list[Any]:
    """`columns_for` a schema whose every field is a column of the model: its rows are the
    schema's JSON as they are (`api.core.rendering`)."""
    columns = columns_for(model, schema)
    if len(columns) != len(schema.model_fields):
        missing = set(schema.model_fields) - {column.name for column in columns}
        raise TypeError(
            f"{schema.__name__} has fields {model.__name__} has no columns for: {missing}"
        )
    return columns


def row_dict(row: Any, names: Sequence[str]) -> dict[str, Any]:
    """A row's leading columns by name (the sort keys a keyset page adds are left out)."""
    return dict(zip(names, row, strict=False))


async def rows_page(
    session: AsyncSession,
    statement: Select[Any],
    keys: Sequence[SortKey],
    *,
    limit: int,
    cursor: str | None,
) -> tuple[list[dict[str, Any]], str | None]:
    """One keyset page of `statement`'s rows as dicts of its selected columns, for
    `api.core.rendering.RenderedJSON`."""
    names = list(statement.selected_columns.keys())
    rows, next_cursor = await keyset_page(session, statement, keys, limit=limit, cursor=cursor)
    return [row_dict(row, names) for row in rows], next_cursor


async def scoped_row(
    session: AsyncSession,
    ctx: GroupContext,
    model: type[GroupOwned],
    schema: type[BaseModel],
    record_id: uuid.UUID,
    not_found: type[NotFound],
) -> dict[str, Any]:
    """One of the group's records as a dict of `schema`'s fields, read column by column."""
    statement = scoped_select(ctx, model, *schema_columns(model, schema)).where(
        col(model.id) == record_id
    )
    row = (await session.execute(statement)).first()
    if row is None:
        raise not_found()
    return row_dict(row, list(statement.selected_columns.keys()))


async def page_of(
    session: AsyncSession,
    statement: Select[Any],
    keys: Sequence[SortKey],
    schema: type[SchemaT],
    *,
    limit: int,
    cursor: str | None,
) -> tuple[list[SchemaT], str | None]:
    """One keyset page of `statement`'s rows, each built into `schema` once."""
    rows, next_cursor = await keyset_page(
        session,
        statement,
        keys,
        limit=limit,
        cursor=cursor,
    )
    return [schema.model_validate(dict(row._mapping)) for row in rows], next_cursor


async def column_rows(
    session: AsyncSession, statement: Select[*tuple[Any, ...]]
) -> Sequence[Row[Any]]:
    """The rows of a select of plain columns, run on the session's connection: the ORM has
    no objects to build for them, and skipping its result handling saves a third of a large
    page's time. Pending writes are flushed first, as the ORM would."""
    await session.flush()
    connection = await session.connection()
    rows: Sequence[Row[Any]] = (await connection.execute(statement)).all()
    return rows


def _plain(schema: type[BaseModel]) -> None:
    """Refuses a schema whose JSON is not its fields' values as they are: one that computes
    fields, validates or serialises in code of its own."""
    made = schema.__pydantic_decorators__
    if (
        made.computed_fields
        or made.validators
        or made.field_validators
        or made.root_validators
        or made.model_validators
        or made.field_serializers
        or made.model_serializers
    ):
        raise TypeError(f"{schema.__name__} computes, validates or serialises in code")


def keyed_rows(
    rows: Sequence[Row[Any]], schema: type[BaseModel]
) -> dict[uuid.UUID, dict[str, Any]]:
    """Rows of a select of exactly `schema`'s fields, by id, each as the schema's JSON fields
    (`api.core.rendering`): the feed's records, built without a model. A select that misses
    or adds a field, or a schema that computes fields or changes values in code, is refused,
    so the rows cannot drift from the schema."""
    _plain(schema)
    if rows:
        names = set(rows[0]._fields)
        if names != set(schema.model_fields):
            raise TypeError(
                f"rows of {sorted(names)} are not {schema.__name__}'s fields "
                f"{sorted(schema.model_fields)}"
            )
    return {row.id: dict(row._mapping) for row in rows}


async def rows_by_id(
    session: AsyncSession,
    ctx: GroupContext,
    model: type[GroupOwned],
    schema: type[BaseModel],
    ids: Sequence[uuid.UUID],
) -> dict[uuid.UUID, dict[str, Any]]:
    """The group's `model` rows with these ids as `schema`'s JSON fields, where every field
    of the schema is a column of the model (`schema_columns`): `load_by_columns` without
    building the schema, for a response rendered from rows."""
    statement = scoped_select(ctx, model, *schema_columns(model, schema)).where(
        any_of(session, col(model.id), ids)
    )
    return keyed_rows(await column_rows(session, statement), schema)


async def load_by_columns(
    session: AsyncSession,
    ctx: GroupContext,
    model: type[GroupOwned],
    schema: type[SchemaT],
    ids: Sequence[uuid.UUID],
) -> dict[uuid.UUID, SchemaT]:
    """The group's `model` rows with these ids, each as `schema` built from the columns named
    like its fields: the public read of a record whose list item is its own columns."""
    statement = scoped_select(ctx, model, *columns_for(model, schema)).where(
        any_of(session, col(model.id), ids)
    )
    rows = await column_rows(session, statement)
    return {row.id: schema.model_validate(dict(row._mapping)) for row in rows}


def record_fields(record: Any, schema: type[BaseModel]) -> dict[str, Any]:
    """The record's attributes that the schema has fields for."""
    return {name: getattr(record, name) for name in schema.model_fields if hasattr(record, name)}


def searchable(*columns: Any) -> list[ColumnElement[Any]]:
    """Columns for `api.core.listing.text_search`."""
    return list(columns)


def any_of(session: AsyncSession, column: Any, values: Sequence[Any]) -> ColumnElement[bool]:
    """`column IN values` with the values bound as one parameter on PostgreSQL (`= ANY($1)`
    with an array), so the statement's text does not change with their number and its
    prepared statement is reused. SQLite has no arrays and gets a plain IN."""
    if session.get_bind().dialect.name == "postgresql":
        array = bindparam(None, list(values), type_=ARRAY(column.type))
        matches: ColumnElement[bool] = column == any_(array)
        return matches
    return column.in_(values)  # type: ignore[no-any-return]


def json_array_contains(session: AsyncSession, column: Any, value: str) -> ColumnElement[bool]:
    """`value` is one of the strings in a JSON array column."""
    if session.get_bind().dialect.name == "postgresql":
        contains: ColumnElement[bool] = cast(column, JSONB).op("@>")(func.jsonb_build_array(value))
        return contains
    element = func.json_each(column).table_valued("value")
    return exists(select(literal_column("1")).select_from(element).where(element.c.value == value))


def phone_digits(phone: str) -> str:
    """A phone number without spaces or punctuation (a leading + is kept)."""
    return _PHONE_STRIP.sub("", phone)


def phone_digits_sql(column: Any) -> ColumnElement[str]:
    """The same normalisation in SQL, so stored numbers compare however they were typed."""
    expression = column
    for character in PHONE_PUNCTUATION:
        expression = func.replace(expression, character, "")
    return expression  # type: ignore[no-any-return]
