"""Anonymous tips: a group's public "got a story?" page, its link, and what it receives.

The link's token (256 random bits) is found by its hash and kept sealed so organisers can show
the link again; rotating it or switching the page off makes the old link answer 404. The
public write stores the tip and nothing about its sender: the rate limit counts a keyed hash
of the client's address in this process's memory only, and the server's access log never
records the page's path (`QuietTipPaths`)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import time
from dataclasses import dataclass

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from api.bulletins.stories.models import TipLink
from api.bulletins.stories.schemas.tips import TipLinkRead, TipSubmission
from api.bulletins.stories.services.stories import create_tip
from api.core.context import GroupContext
from api.core.errors import NotFound
from api.core.ratelimit import RateLimited
from api.core.records import Actor, RecordWriter
from api.core.sealing import SecretBox
from api.core.security import hash_secret, new_secret
from api.core.tenancy import scoped_select

TIPS_PER_ADDRESS = parse("10/hour")
# The public write's path: its own body limit, and kept out of the access log.
TIP_PATH_PATTERN = r"/api/v1/tips/[^/]*"
# ...and the web app's tip page (`/tip#token=…`: the token never reaches the server at all).
_QUIET_PATHS = re.compile(rf"({TIP_PATH_PATTERN}|/tip/?)(\?.*)?")
HEADLINE_FROM_STORY = 80
_SEAL_PURPOSE = "bulletin-tip-link"


class TipLinkNotFound(NotFound):
    code = "tip_link_not_found"
    detail = "This tip page does not exist or has been switched off"


class TipsLimited(RateLimited):
    detail = "Too many tips from this connection: try again later"


class TipLimiter:
    """Tips per client address in a moving window, held in this process's memory. The address
    is kept only as an HMAC under a key made at start-up, so even memory holds no address."""

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)
        self._storage = MemoryStorage()
        self._limiter = MovingWindowRateLimiter(self._storage)

    def _bucket(self, address: str) -> str:
        return hmac.new(self._key, address.encode(), hashlib.sha256).hexdigest()

    def count(self, address: str) -> None:
        bucket = self._bucket(address)
        if not self._limiter.hit(TIPS_PER_ADDRESS, bucket):
            reset_at = self._limiter.get_window_stats(TIPS_PER_ADDRESS, bucket).reset_time
            raise TipsLimited(int(reset_at - time.time()) + 1)

    def reset(self) -> None:
        self._storage.reset()


TIP_LIMITER = TipLimiter()


class QuietTipPaths(logging.Filter):
    """Drops access-log lines for the tip page and its API path: they would hold the sender's
    address (and, for the API, the link's token)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        return not any(isinstance(arg, str) and _QUIET_PATHS.fullmatch(arg) for arg in args)


QUIET_TIP_PATHS = QuietTipPaths()


def _box(secret_key: str) -> SecretBox:
    return SecretBox(secret_key, _SEAL_PURPOSE)


async def _link(session: AsyncSession, ctx: GroupContext) -> TipLink | None:
    link: TipLink | None = (await session.execute(scoped_select(ctx, TipLink))).scalars().first()
    return link


def _present(link: TipLink | None, secret_key: str) -> TipLinkRead:
    if link is None:
        return TipLinkRead(enabled=False, token=None)
    return TipLinkRead(enabled=True, token=_box(secret_key).open(link.token_sealed, link.group_id))


async def read_tip_link(session: AsyncSession, ctx: GroupContext, secret_key: str) -> TipLinkRead:
    return _present(await _link(session, ctx), secret_key)


async def open_tip_link(
    session: AsyncSession, ctx: GroupContext, secret_key: str, *, rotate: bool
) -> TipLinkRead:
    """Switch the page on (keeping a link it already has unless `rotate`), or give it a new
    link so the old one stops working."""
    link = await _link(session, ctx)
    if link is not None and not rotate:
        return _present(link, secret_key)
    token = new_secret()
    token_hash = hash_secret(token)
    token_sealed = _box(secret_key).seal(token, ctx.group_id)
    writer = RecordWriter.for_context(session, ctx)
    if link is None:
        link = await writer.create(TipLink(token_hash=token_hash, token_sealed=token_sealed))
    else:
        link = await writer.update(link, {"token_hash": token_hash, "token_sealed": token_sealed})
    return _present(link, secret_key)


async def close_tip_link(session: AsyncSession, ctx: GroupContext) -> None:
    """Switch the page off: its link answers 404 from now on. Tips already sent stay."""
    link = await _link(session, ctx)
    if link is not None:
        await RecordWriter.for_context(session, ctx).delete(link)


@dataclass(frozen=True)
class Tip:
    headline: str
    body: str


def tip_story(data: TipSubmission) -> Tip:
    """The story a tip becomes: its headline, or the start of its first line."""
    headline = (data.headline or "").strip()
    if not headline:
        first_line = data.story.splitlines()[0].strip()
        headline = first_line[:HEADLINE_FROM_STORY]
        if len(first_line) > HEADLINE_FROM_STORY:
            headline = headline.rstrip() + "…"
    return Tip(headline=headline, body=data.story)


async def receive_tip(
    session: AsyncSession, token: str, data: TipSubmission, client_address: str | None
) -> None:
    """Count the sender's address, find the group by the link, and add the tip to its pool.
    A filled-in honeypot is answered the same but nothing is stored."""
    TIP_LIMITER.count(client_address or "unknown")
    statement = select(TipLink).where(col(TipLink.token_hash) == hash_secret(token))
    link = (await session.execute(statement)).scalars().first()
    if link is None:
        raise TipLinkNotFound()
    if data.website:
        return
    tip = tip_story(data)
    writer = RecordWriter(session, link.group_id, Actor(user_id=None))
    await create_tip(writer, tip.headline, tip.body)
