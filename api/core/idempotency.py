"""`Idempotency-Key` on creates: a retried request gets the first answer, not a duplicate."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import orjson
from fastapi import Depends, Header, Request
from pydantic import BaseModel
from sqlalchemy import JSON, Column, String, UniqueConstraint, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, col

from api.core.db import TableBase, get_session
from api.core.errors import Unprocessable

ModelT = TypeVar("ModelT", bound=BaseModel)


class IdempotencyRecord(TableBase, table=True):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    key: str = Field(sa_type=String(200))
    request_hash: str = Field(max_length=64)
    response: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class IdempotencyKeyReused(Unprocessable):
    def __init__(self) -> None:
        super().__init__(
            "Idempotency-Key",
            "This Idempotency-Key was already used for a different request",
            code="idempotency_key_reused",
        )
        self.fields[0].loc = ["header", "Idempotency-Key"]


class Idempotency:
    """Stored per user, keyed by the client's key and fingerprinted by method, path and body."""

    def __init__(self, session: AsyncSession, key: str | None, fingerprint: str) -> None:
        self.session = session
        self.key = key
        self.fingerprint = fingerprint

    async def run(
        self,
        user_id: uuid.UUID,
        response_model: type[ModelT],
        create: Callable[[], Awaitable[ModelT]],
    ) -> ModelT:
        if not self.key:
            return await create()
        previous = (
            await self.session.execute(
                select(col(IdempotencyRecord.request_hash), col(IdempotencyRecord.response)).where(
                    col(IdempotencyRecord.user_id) == user_id,
                    col(IdempotencyRecord.key) == self.key,
                )
            )
        ).first()
        if previous is not None:
            if previous[0] != self.fingerprint:
                raise IdempotencyKeyReused()
            return response_model.model_validate(previous[1])
        result = await create()
        self.session.add(
            IdempotencyRecord(
                user_id=user_id,
                key=self.key,
                request_hash=self.fingerprint,
                response=result.model_dump(mode="json"),
            )
        )
        await self.session.flush()
        return result


async def idempotency(
    request: Request,
    session: Annotated[AsyncSession, Depends(get_session, scope="function")],
    idempotency_key: Annotated[
        str | None,
        Header(
            max_length=200,
            description="Any unique string; a retry with the same key returns the first result",
        ),
    ] = None,
) -> Idempotency:
    body = await request.body()
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(request.url.path.encode())
    try:
        # Parsed and re-dumped so whitespace or key order in a retried body do not matter.
        digest.update(orjson.dumps(orjson.loads(body or b"null"), option=orjson.OPT_SORT_KEYS))
    except orjson.JSONDecodeError:
        digest.update(body)
    return Idempotency(session, idempotency_key, digest.hexdigest())


IdempotencyDep = Annotated[Idempotency, Depends(idempotency)]
