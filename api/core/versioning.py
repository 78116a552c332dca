"""Optimistic concurrency: updates name the version they read (body `version` or `If-Match`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar, cast

from fastapi import Header, Query, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.context import GroupContext
from api.core.db import GroupRecord
from api.core.errors import AppError, PreconditionFailed
from api.core.fields import MAX_VERSION
from api.core.records import RecordWriter, VersionConflict

RecordT = TypeVar("RecordT", bound=GroupRecord)
# Ten digits hold any version (MAX_VERSION). Anything else cannot match a record's ETag, so,
# as HTTP says of an If-Match that matches nothing, it is refused with 412.
_ETAG = re.compile(r'^(?:W/)?"([0-9]{1,10})"$')

IfMatchHeader = Annotated[
    str | None,
    Header(
        alias="If-Match",
        examples=['"1"'],
        description='The ETag you read (e.g. `"3"`); alternative to `version` in the body',
    ),
]


DeleteVersion = Annotated[
    int | None,
    Query(ge=0, le=MAX_VERSION, description="The version you read; alternative to If-Match"),
]


class VersionRequired(AppError):
    status_code = 428
    code = "version_required"
    detail = "Send the version you read (`version` in the body or an If-Match header)"

    def __init__(self) -> None:
        super().__init__()
        from api.core.errors import FieldError

        self.fields = [
            FieldError(
                field="version", loc=["body", "version"], message=self.detail, type="missing"
            )
        ]


@dataclass(frozen=True)
class ExpectedVersion:
    number: int
    from_header: bool


def etag(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)


def expected_version(body_version: int | None, if_match: str | None) -> ExpectedVersion:
    if if_match is not None:
        match = _ETAG.match(if_match.strip())
        if match is None:
            raise PreconditionFailed('If-Match must be an ETag this API gave you, like "3"')
        return ExpectedVersion(int(match.group(1)), from_header=True)
    if body_version is None:
        raise VersionRequired()
    return ExpectedVersion(body_version, from_header=False)


async def update_checked(
    writer: RecordWriter,
    record: RecordT,
    changes: Mapping[str, Any],
    expected: ExpectedVersion,
    present: Callable[[RecordT], BaseModel],
    *,
    also_changed: Sequence[str] = (),
) -> RecordT:
    """Update, or refuse a stale version with the record as it now stands (`stale`)."""
    try:
        return await writer.update(
            record, changes, expected_version=expected.number, also_changed=also_changed
        )
    except VersionConflict as conflict:
        raise stale(expected, present(cast(RecordT, conflict.record or record)), conflict) from None


def stale(
    expected: ExpectedVersion | None,
    current: BaseModel,
    conflict: VersionConflict | None = None,
) -> AppError:
    """The refusal of a version the record has moved on from: 412 for If-Match (as HTTP
    defines it), 409 for a body version, both carrying `current`, the record as it now stands,
    so the client can show both sides."""
    body = current.model_dump(mode="json")
    if expected is not None and expected.from_header:
        return PreconditionFailed(
            VersionConflict.detail, code="version_conflict", extra={"current": body}
        )
    return (conflict or VersionConflict()).with_current(body)


async def update_from_request(
    session: AsyncSession,
    ctx: GroupContext,
    record: RecordT,
    data: BaseModel,
    if_match: str | None,
    present: Callable[[RecordT], BaseModel],
) -> RecordT:
    """A plain partial update: the fields the client sent, checked against the version it
    read (`version` in `data` or If-Match)."""
    expected = expected_version(getattr(data, "version", None), if_match)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    writer = RecordWriter.for_context(session, ctx)
    return await update_checked(writer, record, changes, expected, present)


async def delete_checked(
    writer: RecordWriter,
    record: RecordT,
    expected: ExpectedVersion | None,
    present: Callable[[RecordT], BaseModel],
) -> None:
    try:
        await writer.delete(record, expected_version=expected.number if expected else None)
    except VersionConflict as conflict:
        raise stale(expected, present(cast(RecordT, conflict.record or record)), conflict) from None
