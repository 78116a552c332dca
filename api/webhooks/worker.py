"""The delivery worker: sends due webhook deliveries, retries failures with backoff, disables
endpoints that are gone or keep failing, and once a day compacts the change log.

It runs inside the app (a task started by the lifespan, `webhook_worker_enabled`) or as its own
process (`shopfloor webhook-worker`). On Postgres any number of workers can run: each claims
due deliveries with `FOR UPDATE SKIP LOCKED` and holds them by a lease while it sends. On SQLite
run a single worker. Delivery is at least once: a worker that dies mid-send leaves the delivery
to be retried when its lease runs out, so receivers should de-duplicate by `webhook-id`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import signal
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from api.auth.email_change import purge_spent_email_changes
from api.auth.signup import purge_expired_signups
from api.campaigns.services.dashboard import take_weekly_snapshots
from api.changes.schemas import CompactionResult
from api.changes.service import compact_changes
from api.core.config import Settings
from api.core.db import create_engine, create_sessionmaker, utcnow
from api.core.idempotency import purge_expired_answers
from api.core.mail import Mailer
from api.core.messages import translator
from api.core.sealing import SecretUnreadable
from api.imports.services.common import purge_old_files
from api.privacy.retention import run_everywhere
from api.reads.service import purge_old_reads
from api.webhooks import service
from api.webhooks.enums import DeliveryStatus
from api.webhooks.models import WebhookDelivery, WebhookEndpoint
from api.webhooks.network import Resolver, SystemResolver
from api.webhooks.sender import Outcome, http_client, post_event
from api.webhooks.signing import webhook_secret_box

logger = logging.getLogger("shopfloor.webhooks")

# After the first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, 14 h, 20 h (about three
# days in all), each stretched or shrunk by up to 10% so retries of many events spread out.
RETRY_DELAYS = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
    timedelta(hours=14),
    timedelta(hours=20),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
JITTER = 0.1
CLAIM_LEASE = timedelta(minutes=5)
BATCH_SIZE = 50
CONCURRENT_SENDS = 10
MAINTENANCE_EVERY = timedelta(days=1)


def retry_delay(attempts_made: int) -> timedelta:
    """How long to wait after `attempts_made` failed attempts."""
    base = RETRY_DELAYS[min(attempts_made, len(RETRY_DELAYS)) - 1]
    return base * (1 + JITTER * (2 * random.random() - 1))  # noqa: S311  (not for security)


def resolver_of(state: Any) -> Resolver:
    """The app's resolver (tests may set `app.state.webhook_resolver`), else the system's."""
    resolver: Resolver | None = getattr(state, "webhook_resolver", None)
    return resolver or SystemResolver()


@dataclass(frozen=True)
class Claimed:
    id: uuid.UUID
    group_id: uuid.UUID
    endpoint_id: uuid.UUID
    url: str
    secret_encrypted: str
    body: str
    attempts: int


@dataclass
class Round:
    """What one `deliver_due` did."""

    attempted: int = 0
    succeeded: int = 0
    retrying: int = 0
    failed: int = 0
    disabled: list[uuid.UUID] = field(default_factory=list)


class WebhookWorker:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: Settings,
        mailer: Mailer,
        resolver: Resolver | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.mailer = mailer
        self.resolver = resolver or SystemResolver()

    @classmethod
    def for_app(cls, state: Any, settings: Settings | None = None) -> WebhookWorker:
        return cls(state.sessionmaker, settings or state.settings, state.mailer, resolver_of(state))

    async def deliver_due(self, now: datetime | None = None) -> Round:
        """Send every delivery due at `now` (one batch), and record what came of each."""
        now = now or utcnow()
        claimed = await self._claim(now)
        done = Round(attempted=len(claimed))
        if not claimed:
            return done
        box = webhook_secret_box(self.settings.secret_key)
        limit = asyncio.Semaphore(CONCURRENT_SENDS)
        async with http_client(self.settings, self.resolver) as client:

            async def send(item: Claimed) -> Outcome:
                async with limit:
                    try:
                        secret = box.open(item.secret_encrypted, item.endpoint_id)
                    except SecretUnreadable:
                        return Outcome(None, service.UNREADABLE_KEY_NOTE, 0)
                    return await post_event(client, item.url, secret, str(item.id), item.body)

            outcomes = await asyncio.gather(*(send(item) for item in claimed))
        for item, outcome in zip(claimed, outcomes, strict=True):
            await self._record(item, outcome, now, done)
        return done

    async def _claim(self, now: datetime) -> list[Claimed]:
        async with self.sessionmaker() as session, session.begin():
            rows = (
                await session.execute(
                    select(
                        col(WebhookDelivery.id),
                        col(WebhookDelivery.group_id),
                        col(WebhookDelivery.endpoint_id),
                        col(WebhookEndpoint.url),
                        col(WebhookEndpoint.secret_encrypted),
                        col(WebhookDelivery.body),
                        col(WebhookDelivery.attempts),
                    )
                    .join(
                        WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id)
                    )
                    .where(
                        col(WebhookDelivery.status) == DeliveryStatus.pending,
                        col(WebhookDelivery.next_attempt_at) <= now,
                        col(WebhookEndpoint.enabled).is_(True),
                    )
                    .order_by(col(WebhookDelivery.next_attempt_at), col(WebhookDelivery.id))
                    .limit(BATCH_SIZE)
                    .with_for_update(skip_locked=True, of=WebhookDelivery)
                )
            ).all()
            if rows:
                await session.execute(
                    update(WebhookDelivery)
                    .where(col(WebhookDelivery.id).in_([row.id for row in rows]))
                    .values(next_attempt_at=now + CLAIM_LEASE)
                )
        return [Claimed(*row) for row in rows]

    async def _record(self, item: Claimed, outcome: Outcome, now: datetime, done: Round) -> None:
        disabled = None
        async with self.sessionmaker() as session, session.begin():
            delivery = (
                (
                    await session.execute(
                        select(WebhookDelivery)
                        .where(
                            col(WebhookDelivery.id) == item.id,
                            col(WebhookDelivery.status) == DeliveryStatus.pending,
                            col(WebhookDelivery.attempts) == item.attempts,
                        )
                        .with_for_update()
                    )
                )
                .scalars()
                .first()
            )
            if delivery is None:  # recorded by another worker, or cancelled meanwhile
                return
            service.record_attempt(delivery, outcome, now)
            if outcome.ok:
                delivery.status = DeliveryStatus.succeeded
                delivery.next_attempt_at = None
                delivery.finished_at = now
                done.succeeded += 1
            elif outcome.gone or delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.failed
                delivery.next_attempt_at = None
                delivery.finished_at = now
                done.failed += 1
                reason = await self._reason_to_disable(session, item.endpoint_id, outcome)
                if reason is not None:
                    disabled = await service.disable_endpoint(
                        session, item.endpoint_id, reason, now
                    )
            else:
                delivery.next_attempt_at = now + retry_delay(delivery.attempts)
                done.retrying += 1
        if disabled is not None:
            done.disabled.append(disabled.id)
            await self._tell_owners(disabled.group_id, disabled.url, gone=outcome.gone)

    async def _reason_to_disable(
        self, session: AsyncSession, endpoint_id: uuid.UUID, outcome: Outcome
    ) -> str | None:
        if outcome.gone:
            return "it answered 410 Gone"
        needed = self.settings.webhook_disable_after_failures
        recent = (
            (
                await session.execute(
                    select(col(WebhookDelivery.status))
                    .where(
                        col(WebhookDelivery.endpoint_id) == endpoint_id,
                        col(WebhookDelivery.is_test).is_(False),
                        col(WebhookDelivery.status).in_(
                            [DeliveryStatus.succeeded, DeliveryStatus.failed]
                        ),
                    )
                    .order_by(
                        col(WebhookDelivery.finished_at).desc(), col(WebhookDelivery.id).desc()
                    )
                    .limit(needed)
                )
            )
            .scalars()
            .all()
        )
        if len(recent) == needed and all(status == DeliveryStatus.failed for status in recent):
            return f"{needed} deliveries in a row failed every retry (about three days each)"
        return None

    async def _tell_owners(self, group_id: uuid.UUID, url: str, *, gone: bool) -> None:
        async with self.sessionmaker() as session:
            group_name, owners = await service.owners_to_tell(session, group_id)
        link = f"{self.settings.public_url.rstrip('/')}/groups/{group_id}/settings"
        failures = self.settings.webhook_disable_after_failures
        for owner in owners:
            t = translator(owner.language)
            stopped = (
                t.gettext(
                    "Shopfloor stopped sending events to the webhook endpoint\n\n    {url}\n\n"
                    "of your group {group}, because it answered 410 Gone.",
                    url=url,
                    group=group_name,
                )
                if gone
                else t.ngettext(
                    "Shopfloor stopped sending events to the webhook endpoint\n\n    {url}\n\n"
                    "of your group {group}, because {n} delivery in a row failed every retry "
                    "(about three days each).",
                    "Shopfloor stopped sending events to the webhook endpoint\n\n    {url}\n\n"
                    "of your group {group}, because {n} deliveries in a row failed every retry "
                    "(about three days each).",
                    failures,
                    url=url,
                    group=group_name,
                )
            )
            body = (
                stopped
                + "\n\n"
                + t.gettext(
                    "Events from now on are not queued for it. When the receiver works again, "
                    "enable the endpoint in the group's settings:\n\n    {link}",
                    link=link,
                )
                + "\n"
            )
            try:
                await self.mailer.send(
                    owner.email, t.gettext("Webhook disabled for {group}", group=group_name), body
                )
            except Exception:
                logger.exception("could not email %s about a disabled webhook", owner.email)

    async def maintain(self, now: datetime | None = None) -> tuple[CompactionResult, int]:
        """Compact the change log, drop old entries of the delivery logs, expired idempotent
        answers, unused sign-up links, old import files and reads older than the read audit's
        retention, run the groups' enabled retention rules, and take each group's snapshot for
        the dashboard once a week."""
        now = now or utcnow()
        async with self.sessionmaker() as session, session.begin():
            compacted = await compact_changes(
                session, now=now, retention_days=self.settings.change_retention_days
            )
            cutoff = now - timedelta(days=self.settings.webhook_log_retention_days)
            pruned = await session.execute(
                delete(WebhookDelivery).where(
                    col(WebhookDelivery.status) != DeliveryStatus.pending,
                    col(WebhookDelivery.finished_at) < cutoff,
                )
            )
            await purge_expired_answers(session, now)
            await purge_expired_signups(session, now)
            await purge_spent_email_changes(session, now)
            await purge_old_files(session, now, self.settings.import_file_retention_days)
            await purge_old_reads(session, now, self.settings.read_audit_retention_days)
        # Each group's retention rules in a transaction of their own.
        await run_everywhere(self.sessionmaker, now=now)
        await take_weekly_snapshots(self.sessionmaker, now)
        return compacted, int(pruned.rowcount)  # type: ignore[attr-defined]

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; maintenance at start and then once a day."""
        next_maintenance = utcnow()
        while not stop.is_set():
            busy = False
            try:
                now = utcnow()
                if now >= next_maintenance:
                    next_maintenance = now + MAINTENANCE_EVERY
                    compacted, pruned = await self.maintain(now)
                    logger.info("maintenance: %s, %d old deliveries removed", compacted, pruned)
                busy = (await self.deliver_due(now)).attempted >= BATCH_SIZE
            except Exception:
                logger.exception("webhook worker round failed; trying again shortly")
            if not busy:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.settings.webhook_poll_seconds)


@dataclass
class RunningWorker:
    task: asyncio.Task[None]
    stop: asyncio.Event


def start_in_app(state: Any) -> RunningWorker | None:
    """Start the worker inside the app process, if `webhook_worker_enabled`."""
    settings: Settings = state.settings
    if not settings.webhook_worker_enabled:
        return None
    stop = asyncio.Event()
    task = asyncio.create_task(WebhookWorker.for_app(state).run(stop), name="webhook-worker")
    return RunningWorker(task, stop)


async def stop_in_app(running: RunningWorker | None) -> None:
    if running is None:
        return
    running.stop.set()
    try:
        await asyncio.wait_for(running.task, timeout=15)
    except TimeoutError:
        running.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running.task


async def run_standalone(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """`shopfloor webhook-worker`: the worker as its own process, until SIGINT or SIGTERM
    (or until `stop` is set)."""
    engine = create_engine(
        settings.database_url, statement_timeout_seconds=settings.db_statement_timeout_seconds
    )
    worker = WebhookWorker(create_sessionmaker(engine), settings, Mailer(settings))
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    handled = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
            handled.append(signum)
    try:
        await worker.run(stop)
    finally:
        for signum in handled:
            loop.remove_signal_handler(signum)
        await engine.dispose()


async def compact_once(settings: Settings) -> tuple[CompactionResult, int]:
    """`shopfloor compact-changes`."""
    engine = create_engine(
        settings.database_url, statement_timeout_seconds=settings.db_statement_timeout_seconds
    )
    try:
        worker = WebhookWorker(create_sessionmaker(engine), settings, Mailer(settings))
        return await worker.maintain()
    finally:
        await engine.dispose()
