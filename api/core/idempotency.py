"""`Idempotency-Key` on creates, and on the changes the web app's offline queue resends (a
contact's fields, a follow-up ticked done): a retried request gets the first answer, not a
duplicate nor a version conflict with itself.

A key is claimed before the create runs, in a transaction of its own, so two requests with
one key cannot both create: the second is told the first is still running (409 with
Retry-After) or, once it has finished, gets its answer. Answers expire after a day and are
purged when the record they hold is deleted: a replay never brings deleted data back.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta
from typing import Annotated, Any, TypeVar

import orjson
from fastapi import Depends, Header, Request
from pydantic import BaseModel
from sqlalchemy import (
    JSON,
    Column,
    String,
    Text,
    UniqueConstraint,
    cast,
    delete,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql import ColumnElement
from sqlmodel import Field, col

from api.core.db import TableBase, get_session, utcnow
from api.core.errors import Conflict, Unprocessable, answers

ModelT = TypeVar("ModelT", bound=BaseModel)

# How long an answer is kept for a retry: a phone's offline queue resends well within it.
ANSWER_LIFETIME = timedelta(hours=24)
# A claim with no answer after this long belongs to a request that died: it may be taken over.
ABANDONED_AFTER = timedelta(minutes=2)
RETRY_AFTER_SECONDS = 2


class IdempotencyRecord(TableBase, table=True):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE")
    key: str = Field(sa_type=String(200))
    request_hash: str = Field(max_length=64)
    # None while the first request with the key is still running.
    response: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSON(none_as_null=True), nullable=True)
    )
    # The record the answer shows, so deleting the record deletes the answer too.
    entity_id: uuid.UUID | None = Field(default=None, index=True)


class IdempotencyKeyReused(Unprocessable):
    def __init__(self) -> None:
        super().__init__(
            "Idempotency-Key",
            "This Idempotency-Key was already used for a different request",
            code="idempotency_key_reused",
        )
        self.fields[0].loc = ["header", "Idempotency-Key"]


class IdempotencyKeyInProgress(Conflict):
    code = "idempotency_key_in_progress"
    detail = "A request with this Idempotency-Key is still running; retry shortly for its answer"

    def __init__(self) -> None:
        super().__init__(headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def _this_key(user_id: uuid.UUID, key: str) -> tuple[ColumnElement[bool], ...]:
    """The row of one person's key (keys are per person)."""
    return (col(IdempotencyRecord.user_id) == user_id, col(IdempotencyRecord.key) == key)


class Idempotency:
    """Stored per user, keyed by the client's key and fingerprinted by method, path and body."""

    def __init__(
        self,
        session: AsyncSession,
        sessionmaker: async_sessionmaker[AsyncSession],
        key: str | None,
        fingerprint: str,
    ) -> None:
        self.session = session
        self.sessionmaker = sessionmaker
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
        answer = await self._claim(user_id, self.key)
        if answer is not None:
            return response_model.model_validate(answer)
        try:
            result = await create()
        except BaseException:
            await self._release(user_id, self.key)
            raise
        record_id = getattr(result, "id", None)
        await self.session.execute(
            update(IdempotencyRecord)
            .where(*_this_key(user_id, self.key))
            .values(
                response=result.model_dump(mode="json"),
                entity_id=record_id if isinstance(record_id, uuid.UUID) else None,
            )
        )
        return result

    async def _claim(self, user_id: uuid.UUID, key: str) -> dict[str, Any] | None:
        """Claim the key for this request (None), or the first request's stored answer."""
        now = utcnow()
        try:
            async with self.sessionmaker() as claims, claims.begin():
                claims.add(
                    IdempotencyRecord(user_id=user_id, key=key, request_hash=self.fingerprint)
                )
            return None
        except IntegrityError:
            pass  # the key is taken: by a finished request, a running one, or an old one
        try:
            async with self.sessionmaker() as claims, claims.begin():
                row = (
                    await claims.execute(
                        select(
                            col(IdempotencyRecord.request_hash),
                            col(IdempotencyRecord.response),
                            col(IdempotencyRecord.created_at),
                        ).where(*_this_key(user_id, key))
                    )
                ).first()
                if row is None:  # released since our insert failed: the request runs again
                    claims.add(
                        IdempotencyRecord(user_id=user_id, key=key, request_hash=self.fingerprint)
                    )
                    return None
                request_hash, response, created_at = row
                lifetime = ANSWER_LIFETIME if response is not None else ABANDONED_AFTER
                if created_at < now - lifetime:
                    taken = await claims.execute(
                        update(IdempotencyRecord)
                        .where(
                            *_this_key(user_id, key),
                            col(IdempotencyRecord.created_at) == created_at,
                        )
                        .values(
                            request_hash=self.fingerprint,
                            response=None,
                            entity_id=None,
                            created_at=now,
                            updated_at=now,
                        )
                    )
                    if taken.rowcount == 1:  # type: ignore[attr-defined]
                        return None
                    raise IdempotencyKeyInProgress()  # another retry took it over first
        except IntegrityError:
            raise IdempotencyKeyInProgress() from None
        if request_hash != self.fingerprint:
            raise IdempotencyKeyReused()
        if response is None:
            raise IdempotencyKeyInProgress()
        answer: dict[str, Any] = response
        return answer

    async def _release(self, user_id: uuid.UUID, key: str) -> None:
        """The create failed: free the key so a retry can run it again."""
        async with self.sessionmaker() as claims, claims.begin():
            await claims.execute(
                delete(IdempotencyRecord).where(
                    *_this_key(user_id, key), col(IdempotencyRecord.response).is_(None)
                )
            )


async def forget_answers_about(session: AsyncSession, record_ids: Iterable[uuid.UUID]) -> None:
    """Stored answers that show these (now deleted) records go with them."""
    ids = list(record_ids)
    if ids:
        await session.execute(
            delete(IdempotencyRecord).where(col(IdempotencyRecord.entity_id).in_(ids))
        )


async def forget_answers_mentioning(session: AsyncSession, record_ids: Iterable[uuid.UUID]) -> int:
    """Erasure: every stored answer whose JSON names one of these ids, whichever record it
    holds (a solidarity action's answer lists its participants), is deleted. Returns how many."""
    ids = [str(record_id) for record_id in record_ids]
    if not ids:
        return 0
    as_text = cast(col(IdempotencyRecord.response), Text)
    result = await session.execute(
        delete(IdempotencyRecord)
        .where(or_(*(as_text.contains(record_id, autoescape=True) for record_id in ids)))
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def purge_expired_answers(session: AsyncSession, now: datetime) -> int:
    result = await session.execute(
        delete(IdempotencyRecord).where(col(IdempotencyRecord.created_at) < now - ANSWER_LIFETIME)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


@answers(409, 422)
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
    return Idempotency(session, request.app.state.sessionmaker, idempotency_key, digest.hexdigest())


IdempotencyDep = Annotated[Idempotency, Depends(idempotency)]
