"""Recording reads of personal data, and what owners see of them.

A read is recorded in the request that made it, with one statement for the read and one
(batched) statement for the contacts it showed, so a list page costs two inserts, not one per
row; the two go to different tables, and SQLite cannot insert into two tables in one
statement. An export's contacts are read back and inserted a batch at a time. The alert that
follows a read is checked after the answer is sent, in a session of its own.
"""

from __future__ import annotations

import logging
import math
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, delete, distinct, func, insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from api.auth.models import User
from api.core.context import GroupContext
from api.core.db import new_id, utcnow, write_from_here
from api.core.errors import TooManyRequests
from api.core.mail import Mailer
from api.core.messages import first_language, translator
from api.core.pagination import SortKey, keyset_page
from api.core.permissions import Role
from api.core.records import table_of
from api.core.tenancy import in_group, scoped_select
from api.core.tenants import Group, Membership
from api.core.upsert import insert_for
from api.exports.service import filters_for_audit
from api.reads.enums import BULK_KINDS, ReadKind
from api.reads.models import ReadAlert, ReadAuditSettings, ReadEvent, ReadEventContact
from api.reads.schemas import ContactReadEntry, ReadAlertSettings, TopReader

logger = logging.getLogger("shopfloor.reads")

HOUR = timedelta(hours=1)
# Contacts of an export inserted per statement.
CONTACT_BATCH = 1000


class ReadLimitReached(TooManyRequests):
    code = "read_limit_reached"


@dataclass(frozen=True)
class Read:
    """What one request read."""

    kind: ReadKind
    row_count: int
    contact_ids: Sequence[uuid.UUID] = ()
    filters: Any = None  # a list's filters dataclass, stored without searched text
    details: dict[str, str] = field(default_factory=dict)  # e.g. an export's kind and format
    # For a list: whether this is its first page (people glancing at a list are not recorded).
    first_page: bool = False
    # For a read too large to hold its contacts in memory (an export): a query selecting the
    # ids of the contacts it showed, labelled `contact_id`, used instead of `contact_ids`.
    contacts_from: Select[Any] | None = None


def is_recorded(ctx: GroupContext, read: Read) -> bool:
    """The one rule for which reads are recorded: every read of one person's records, every
    export and subject access; a list's pages after the first; and a list's first page (or a
    bulk read that has no further pages) only when an API token or an observer reads it (both
    are counted as bulk readers). A member glancing at the first page of a list, a duplicate
    check or a wall chart is not recorded: the app shows those on every visit, and reading
    further than the first page is what copying looks like."""
    if read.kind not in BULK_KINDS or not read.first_page:
        return True
    return ctx.token_id is not None or ctx.role is Role.observer


async def check_observer_limit(
    session: AsyncSession, ctx: GroupContext, rows_per_hour: int, now: datetime
) -> None:
    """Observers may list this many rows an hour; beyond it they wait for the oldest counted
    read to leave the hour."""
    if ctx.role is not Role.observer:
        return
    total, oldest = (
        await session.execute(
            scoped_select(
                ctx,
                ReadEvent,
                func.coalesce(func.sum(col(ReadEvent.row_count)), 0),
                func.min(col(ReadEvent.created_at)),
            ).where(
                col(ReadEvent.actor_user_id) == ctx.user_id,
                col(ReadEvent.kind).in_([kind.value for kind in BULK_KINDS]),
                col(ReadEvent.created_at) > now - HOUR,
            )
        )
    ).one()
    if int(total) < rows_per_hour or oldest is None:
        return
    wait = math.ceil((oldest + HOUR - now).total_seconds())
    raise ReadLimitReached(
        wait,
        f"Observers can list {rows_per_hour} records an hour; try again in {max(1, wait)} seconds",
    )


async def record_read(
    session: AsyncSession,
    ctx: GroupContext,
    read: Read,
    *,
    now: datetime,
    observer_rows_per_hour: int,
) -> int | None:
    """Write `read` to the log if it is one the audit keeps: the number of people whose
    records it showed, or None if it is not recorded."""
    if not is_recorded(ctx, read):
        return None
    await write_from_here(session)
    if read.kind in BULK_KINDS:
        await check_observer_limit(session, ctx, observer_rows_per_hour, now)
    contact_ids = list(dict.fromkeys(read.contact_ids))
    if read.contacts_from is None:
        contact_count = len(contact_ids)
    else:
        shown = read.contacts_from.subquery()
        contact_count = int(
            (await session.execute(select(func.count(distinct(shown.c.contact_id))))).scalar_one()
        )
    read_id = new_id()
    await session.execute(
        insert(ReadEvent).values(
            id=read_id,
            group_id=ctx.group_id,
            actor_user_id=ctx.user_id,
            actor_token_id=ctx.token_id,
            kind=read.kind.value,
            query={
                **read.details,
                **(filters_for_audit(read.filters) if read.filters is not None else {}),
            },
            row_count=read.row_count,
            contact_count=contact_count,
            created_at=now,
            updated_at=now,
        )
    )
    if read.contacts_from is None:
        await _record_contacts(session, ctx, read_id, contact_ids, now)
    elif contact_count:
        async for batch in _batches_of_contacts(session, read.contacts_from):
            await _record_contacts(session, ctx, read_id, batch, now)
    return contact_count


async def _record_contacts(
    session: AsyncSession,
    ctx: GroupContext,
    read_id: uuid.UUID,
    contact_ids: Sequence[uuid.UUID],
    now: datetime,
) -> None:
    """One statement (an executemany) for every contact given."""
    if not contact_ids:
        return
    await session.execute(
        insert(table_of(ReadEventContact)),
        [
            {
                "id": new_id(),
                "group_id": ctx.group_id,
                "read_id": read_id,
                "contact_id": contact_id,
                "created_at": now,
                "updated_at": now,
            }
            for contact_id in contact_ids
        ],
    )


async def _batches_of_contacts(
    session: AsyncSession, contacts_from: Select[Any]
) -> AsyncIterator[list[uuid.UUID]]:
    """The distinct contact ids `contacts_from` selects, `CONTACT_BATCH` at a time in id
    order, so a large export is never held in memory at once."""
    shown = contacts_from.subquery()
    contact_id = shown.c.contact_id
    last: uuid.UUID | None = None
    while True:
        statement = select(contact_id).distinct().order_by(contact_id).limit(CONTACT_BATCH)
        if last is not None:
            statement = statement.where(contact_id > last)
        batch = list((await session.execute(statement)).scalars())
        if batch:
            yield batch
        if len(batch) < CONTACT_BATCH:
            return
        last = batch[-1]


# --- what owners see -------------------------------------------------------------------------


async def reads_of_contact(
    session: AsyncSession,
    ctx: GroupContext,
    contact_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
) -> tuple[list[ContactReadEntry], str | None]:
    """Who read this contact's records, newest first (the caller checks the contact is the
    group's)."""
    keys = [
        SortKey(col(ReadEvent.created_at), datetime, True),
        SortKey(col(ReadEvent.id), uuid.UUID, True),
    ]
    statement = (
        scoped_select(ctx, ReadEvent, col(ReadEvent.id).label("read_id"))
        .join(
            ReadEventContact,
            and_(
                col(ReadEventContact.read_id) == col(ReadEvent.id),
                in_group(ctx, ReadEventContact),
            ),
        )
        .outerjoin(User, col(User.id) == col(ReadEvent.actor_user_id))
        .add_columns(
            col(ReadEvent.actor_user_id),
            col(User.display_name),
            col(ReadEvent.actor_token_id),
            col(ReadEvent.kind),
            col(ReadEvent.row_count),
            col(ReadEvent.query),
        )
        .where(col(ReadEventContact.contact_id) == contact_id)
    )
    rows, next_cursor = await keyset_page(session, statement, keys, limit=limit, cursor=cursor)
    return [
        ContactReadEntry(
            id=row[0],
            at=row[7],
            actor_user_id=row[1],
            actor_name=row[2],
            actor_token_id=row[3],
            kind=ReadKind(row[4]),
            row_count=row[5],
            query=row[6],
        )
        for row in rows
    ], next_cursor


async def every_read_of_contact(
    session: AsyncSession, ctx: GroupContext, contact_id: uuid.UUID
) -> list[ContactReadEntry]:
    """Every recorded read of one contact, newest first (for a subject access bundle)."""
    entries: list[ContactReadEntry] = []
    cursor: str | None = None
    while True:
        page, cursor = await reads_of_contact(session, ctx, contact_id, limit=200, cursor=cursor)
        entries.extend(page)
        if cursor is None:
            return entries


async def top_readers(
    session: AsyncSession, ctx: GroupContext, *, since: datetime, limit: int
) -> list[TopReader]:
    """Accounts by how many people's records they read since `since`, most first."""
    contacts_read = func.sum(col(ReadEvent.contact_count))
    exports = func.sum(case((col(ReadEvent.kind) == ReadKind.export.value, 1), else_=0))
    rows = (
        await session.execute(
            scoped_select(
                ctx,
                ReadEvent,
                col(ReadEvent.actor_user_id),
                col(User.display_name),
                contacts_read,
                func.count(),
                exports,
            )
            .join(User, col(User.id) == col(ReadEvent.actor_user_id))
            .where(col(ReadEvent.created_at) >= since)
            .group_by(col(ReadEvent.actor_user_id), col(User.display_name))
            .order_by(contacts_read.desc(), func.count().desc(), col(User.display_name))
            .limit(limit)
        )
    ).all()
    return [
        TopReader(
            user_id=row[0],
            name=row[1],
            contacts_read=int(row[2]),
            reads=int(row[3]),
            exports=int(row[4]),
        )
        for row in rows
    ]


# --- the alert -------------------------------------------------------------------------------


async def get_alert_settings(session: AsyncSession, ctx: GroupContext) -> ReadAlertSettings:
    threshold = (
        await session.execute(
            scoped_select(ctx, ReadAuditSettings, col(ReadAuditSettings.alert_contacts_per_hour))
        )
    ).scalar()
    return ReadAlertSettings(alert_contacts_per_hour=threshold)


async def set_alert_settings(
    session: AsyncSession, ctx: GroupContext, data: ReadAlertSettings
) -> ReadAlertSettings:
    """One row per group, written with insert-or-update so two owners saving the first
    setting at once both succeed (the later one wins)."""
    now = utcnow()
    await session.execute(
        insert_for(session, ReadAuditSettings)
        .values(
            id=new_id(),
            group_id=ctx.group_id,
            alert_contacts_per_hour=data.alert_contacts_per_hour,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_update(
            index_elements=["group_id"],
            set_={"alert_contacts_per_hour": data.alert_contacts_per_hour, "updated_at": now},
        )
    )
    return await get_alert_settings(session, ctx)


@dataclass(frozen=True)
class AlertCheck:
    """Whose read may have crossed the group's alert, and when."""

    group_id: uuid.UUID
    user_id: uuid.UUID
    at: datetime


async def alert_if_crossed(
    sessionmaker: async_sessionmaker[AsyncSession], mailer: Mailer, check: AlertCheck
) -> bool:
    """Email the group's owners when the account read more contacts in the last hour than the
    group's alert allows: once per account per hour, naming who and how many, never whose
    records. Runs after the answer was sent; True if owners were told."""
    # No request, so no GroupContext: every statement below names the one group it checks.
    async with sessionmaker() as session, session.begin():
        threshold = (
            await session.execute(
                select(col(ReadAuditSettings.alert_contacts_per_hour)).where(
                    col(ReadAuditSettings.group_id) == check.group_id
                )
            )
        ).scalar()
        if threshold is None:
            return False
        contacts_read = int(
            (
                await session.execute(
                    select(func.coalesce(func.sum(col(ReadEvent.contact_count)), 0)).where(
                        col(ReadEvent.group_id) == check.group_id,
                        col(ReadEvent.actor_user_id) == check.user_id,
                        col(ReadEvent.created_at) > check.at - HOUR,
                    )
                )
            ).scalar_one()
        )
        if contacts_read <= threshold:
            return False
        recent = (
            await session.execute(
                select(col(ReadAlert.id)).where(
                    col(ReadAlert.group_id) == check.group_id,
                    col(ReadAlert.user_id) == check.user_id,
                    col(ReadAlert.created_at) > check.at - HOUR,
                )
            )
        ).first()
        if recent is not None:
            return False
        # The unique (group, account, hour) key lets only one of two concurrent checks send.
        claimed = await session.execute(
            insert_for(session, ReadAlert)
            .values(
                id=new_id(),
                group_id=check.group_id,
                user_id=check.user_id,
                hour=check.at.replace(minute=0, second=0, microsecond=0),
                contacts_read=contacts_read,
                created_at=check.at,
                updated_at=check.at,
            )
            .on_conflict_do_nothing()
        )
        if not claimed.rowcount:  # type: ignore[attr-defined]
            return False
        reader = await session.get(User, check.user_id)
        group = await session.get(Group, check.group_id)
        owners = (
            await session.execute(
                select(col(User.email), col(User.language))
                .join(Membership, col(Membership.user_id) == col(User.id))
                .where(
                    col(Membership.group_id) == check.group_id,
                    col(Membership.role) == Role.owner.value,
                )
            )
        ).all()
    default_language = group.default_language if group else None
    for email, language in owners:
        t = translator(first_language(language, default_language))
        who = reader.display_name if reader else t.gettext("A former member")
        group_name = group.name if group else t.gettext("your group")
        body = (
            t.ngettext(
                "{who} read the records of {n} contact of {group} in the hour up to {time} UTC, "
                "more than the {threshold} your group's alert allows.",
                "{who} read the records of {n} contacts of {group} in the hour up to {time} UTC, "
                "more than the {threshold} your group's alert allows.",
                contacts_read,
                who=who,
                group=group_name,
                time=t.time(check.at, UTC),
                threshold=threshold,
            )
            + "\n\n"
            + t.gettext(
                "See who read what on the group's read audit page. You will not be told about "
                "this account again within the hour."
            )
            + "\n"
        )
        subject = t.gettext("Read alert for {group}: {who}", group=group_name, who=who)
        try:
            await mailer.send(email, subject, body)
        except Exception:
            logger.exception("could not email an owner about a read alert")
    return True


# --- retention -------------------------------------------------------------------------------


async def purge_old_reads(session: AsyncSession, now: datetime, retention_days: int) -> int:
    """Delete reads (and alerts) older than the retention period, across every group; the
    number of reads deleted."""
    cutoff = now - timedelta(days=retention_days)
    old = select(col(ReadEvent.id)).where(col(ReadEvent.created_at) < cutoff)
    await session.execute(delete(ReadEventContact).where(col(ReadEventContact.read_id).in_(old)))
    purged = await session.execute(delete(ReadEvent).where(col(ReadEvent.created_at) < cutoff))
    await session.execute(delete(ReadAlert).where(col(ReadAlert.created_at) < cutoff))
    return int(purged.rowcount)  # type: ignore[attr-defined]
