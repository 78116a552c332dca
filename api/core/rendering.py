"""Hot reads answer with JSON made straight from their rows, in one pass.

A route declares its schema for the document (`response_model=`) and answers with
`RenderedJSON`, which FastAPI sends as it is: no ORM objects, no pydantic models built and
dumped again. The rows are the schema's own columns (`api.core.queries.schema_columns`), so
the schema stays the one description of the record; orjson writes UUIDs, enums and UTC times
exactly as pydantic does (a `Z` for UTC).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import orjson
from starlette.responses import JSONResponse


def _subclassed(value: Any) -> Any:
    # asyncpg reads UUIDs as its own subclass of uuid.UUID, which orjson leaves to us.
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


class RenderedJSON(JSONResponse):
    """A JSON response (so the document shows the route's `response_model`) made by orjson."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, default=_subclassed, option=orjson.OPT_UTC_Z)


def rendered_page(items: Sequence[dict[str, Any]], next_cursor: str | None) -> RenderedJSON:
    """A `Page` of rows."""
    return RenderedJSON({"items": items, "next_cursor": next_cursor})
