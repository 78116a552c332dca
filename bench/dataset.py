"""The benchmark's dataset: groups of organisers with their workplaces, contacts, conversations,
assessment history, follow-ups, disputes with ballots, solidarity actions and the change log,
loaded in bulk (COPY on PostgreSQL) but shaped exactly like the app's own writes.

Rows are built from the SQLModel models themselves: every column of every table comes from
the model's fields and their defaults, derived columns (the search keys) are made by the
model's own functions, and every group record gets the change-log entry `RecordWriter.create`
would write. A column the models gain without a default stops the loader with its name
(the smoke test runs it), so the dataset cannot silently drift from the schema.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

import orjson
from sqlalchemy import JSON, insert
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel

import api.models_registry  # noqa: F401  (every table, for the foreign keys)
from api.auth.models import AuthSession, User
from api.contacts.enums import MembershipStatus
from api.contacts.models import Assessment, AssessmentScale, Contact
from api.conversations.enums import Channel
from api.conversations.models import Conversation
from api.core.changelog import Change, Operation
from api.core.db import GroupRecord, metadata
from api.core.permissions import Role
from api.core.records import column_defaults, derived_columns, entity_type_of
from api.core.security import API_TOKEN_PREFIX, hash_secret
from api.core.tenants import Group, Membership
from api.disputes.enums import DisputePart, DisputeStatus, EventKind
from api.disputes.models import (
    Ballot,
    Demand,
    Dispute,
    DisputeContact,
    DisputeEvent,
    DisputeWorkplace,
)
from api.followups.models import FollowUp
from api.solidarity.enums import ActionKind
from api.solidarity.models import SolidarityAction, SolidarityParticipant
from api.tokens.models import ApiToken
from api.workplaces.models import Department, Shift, Workplace, name_key

# Columns the write path sets itself on every record (RecordWriter leaves them out of a
# change's field list).
RECORD_COLUMNS = frozenset(
    {"id", "group_id", "version", "created_at", "updated_at", "created_by", "updated_by"}
)
BENCH_EMAIL = "bench@example.org"
BENCH_PASSWORD = "a long bench passphrase"  # noqa: S105  (made-up account of a throwaway database)
FIRST = [
    "Sam", "Priya", "Tom", "Ann", "José", "Aisha", "Chris", "Mei", "Olu", "Kasia", "Ioana",
    "João", "Lucía", "Piotr", "Fatima", "Niamh", "Andrei", "Marta", "Kwame", "Zoe", "Jill",
    "Bogdan", "Inês", "Carmen", "Tariq", "Agnieszka", "Rui", "Elena", "Dev", "Siobhan",
]  # fmt: skip
LAST = [
    "Okafor", "Shah", "Byrne", "Lee", "Müller", "Khan", "Evans", "Wong", "Ade", "Nowak",
    "Popescu", "Silva", "García", "Kowalski", "Wright", "Ní Bhriain", "Ionescu", "Santos",
    "Fernández", "Mensah", "Łukasiewicz", "Patel", "O'Brien", "Costa", "Moreno", "Dumitru",
    "Wiśniewski", "Murphy", "Ferreira", "Ahmed",
]  # fmt: skip
SECTORS = ["logistics", "retail", "care", "hospitality", "manufacturing", "transport"]
ISSUES = ["pay", "breaks", "rota", "safety", "bullying", "sick pay", "heat", "targets"]
LANGUAGES = ["en", "pl", "ro", "pt", "es", "ar", "ur", "so"]


class DatasetDrift(RuntimeError):
    """A table has a column the loader cannot fill: the models changed, follow them here."""


@dataclass(frozen=True)
class Scale:
    groups: int = 20
    contacts: int = 100_000
    workplaces: int = 400
    conversations_per_contact: int = 3
    members_per_group: int = 5
    sessions_per_member: int = 3
    tokens_per_group: int = 2
    disputes_per_group: int = 4
    actions_per_group: int = 8

    @classmethod
    def tiny(cls) -> Scale:
        return cls(groups=2, contacts=300, workplaces=6, disputes_per_group=1, actions_per_group=2)


@dataclass
class Credentials:
    """What the benchmark needs to reach the data: the bench account and its first group."""

    user_id: uuid.UUID
    session_id: uuid.UUID
    group_id: uuid.UUID
    api_token: str
    workplace_ids: list[uuid.UUID]
    contact_ids: list[uuid.UUID]
    # The change feed's position before the oldest change the app keeps (set after compaction).
    feed_after: int = 0


@dataclass
class Rows:
    """Rows by table, in column order, plus each group's change log in time order."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    events: dict[uuid.UUID, list[tuple[datetime, str, uuid.UUID, list[str], uuid.UUID | None]]] = (
        field(default_factory=lambda: defaultdict(list))
    )

    def add(self, model: type[SQLModel], **values: Any) -> dict[str, Any]:
        """One row of `model` as the app would write it: defaults filled in from the model,
        derived columns computed, and (for a group record) a change-log entry."""
        row = complete(model, values)
        self.tables[str(model.__tablename__)].append(row)
        if issubclass(model, GroupRecord):
            fields = sorted(
                key
                for key, value in row.items()
                if key not in RECORD_COLUMNS
                and key not in derived_columns(model)
                and value is not None
            )
            self.events[row["group_id"]].append(
                (row["created_at"], entity_type_of(model), row["id"], fields, row["created_by"])
            )
        return row

    def log_changes(self) -> None:
        """Each group's change log numbered in time order, and the group's sequence at its end."""
        groups = {row["id"]: row for row in self.tables[Group.__tablename__]}
        for group_id, events in self.events.items():
            events.sort(key=lambda event: event[0])
            for seq, (at, entity_type, entity_id, fields, actor) in enumerate(events, start=1):
                self.add(
                    Change,
                    group_id=group_id,
                    seq=seq,
                    entity_type=entity_type,
                    entity_id=entity_id,
                    operation=Operation.create,
                    actor_user_id=actor,
                    changed_fields=fields,
                    at=at,
                    created_at=at,
                    updated_at=at,
                )
            groups[group_id]["change_seq"] = len(events)


@dataclass(frozen=True)
class GroupWriter:
    """Adds a group's records, made at a given time by a given member (the owner by default)."""

    rows: Rows
    group_id: uuid.UUID
    owner: uuid.UUID

    def __call__(
        self, model: type[SQLModel], at: datetime, by: uuid.UUID | None = None, **values: Any
    ) -> dict[str, Any]:
        return self.rows.add(
            model, group_id=self.group_id, created_at=at, created_by=by or self.owner, **values
        )


def complete(model: type[SQLModel], values: dict[str, Any]) -> dict[str, Any]:
    """A row of every column the model has, with its defaults, as the write path fills them
    (`column_defaults`); a column without a default the loader leaves out, or a value for one
    the model lacks, stops the loader."""
    defaults = column_defaults(model)
    missing = defaults.required - values.keys()
    unknown = values.keys() - set(defaults.columns)
    if missing or unknown:
        raise DatasetDrift(
            f"{model.__name__}: the loader gives no value for {sorted(missing)}"
            f" and values for columns it does not have, {sorted(unknown)}"
        )
    row = defaults.complete(values)
    if issubclass(model, GroupRecord):
        row["version"] = 1
        row["updated_at"] = row["created_at"]
        row["updated_by"] = row["created_by"]
    for target, (source, make) in derived_columns(model).items():  # type: ignore[arg-type]
        row[target] = make(row[source])
    return row


def build(scale: Scale, *, password_hash: str, seed: int = 11) -> tuple[Rows, Credentials]:
    """Every row of the dataset, made up but realistic: names in the shipped languages, a
    contact's latest assessment and conversation copied onto it as the app does."""
    rng = random.Random(seed)  # noqa: S311 - made-up data
    now = datetime.now(UTC).replace(microsecond=0)
    start = now - timedelta(days=730)
    rows = Rows()

    def moment(after: datetime) -> datetime:
        span = (now - after).total_seconds()
        return after + timedelta(seconds=rng.uniform(0, span))

    users = []
    for n in range(scale.groups * scale.members_per_group):
        email = BENCH_EMAIL if n == 0 else f"member{n}@example.org"
        users.append(
            rows.add(
                User,
                email=email,
                display_name="Bench" if n == 0 else f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                password_hash=password_hash,
                spoken_languages=rng.sample(LANGUAGES, 2),
                created_at=start,
                updated_at=start,
            )
        )
        for _ in range(scale.sessions_per_member):
            rows.add(
                AuthSession,
                user_id=users[-1]["id"],
                last_used_at=moment(start),
                user_agent="Mozilla/5.0 (Linux; Android 14) Bench",
                address="127.0.0.1",
                created_at=start,
                updated_at=start,
            )
    bench_session = rows.tables[AuthSession.__tablename__][0]["id"]

    contacts_per_group = scale.contacts // scale.groups
    workplaces_per_group = max(1, scale.workplaces // scale.groups)
    credentials: Credentials | None = None
    for g in range(scale.groups):
        group = rows.add(Group, name=f"Network branch {g + 1}", created_at=start, updated_at=start)
        group_id = group["id"]
        members = users[g * scale.members_per_group : (g + 1) * scale.members_per_group]
        for index, member in enumerate(members):
            role = Role.owner if index == 0 else (Role.organiser if index < 3 else Role.member)
            rows.add(
                Membership,
                group_id=group_id,
                user_id=member["id"],
                role=role,
                created_at=start,
                created_by=members[0]["id"],
            )
        owner = members[0]["id"]
        actors = [member["id"] for member in members]

        record = GroupWriter(rows, group_id, owner)
        record(AssessmentScale, start)
        token_secrets = []
        for t in range(scale.tokens_per_group):
            secret = f"{API_TOKEN_PREFIX}bench{g}x{t}" + "k" * 32
            token_secrets.append(secret)
            record(
                ApiToken,
                start,
                name=f"Integration {t + 1}",
                prefix=secret[:12],
                token_hash=hash_secret(secret),
                scopes=["contacts:read", "changes:read"],
            )

        places = []
        for w in range(workplaces_per_group):
            at = moment(start) if w else start
            workplace = record(
                Workplace,
                at,
                name=f"{rng.choice(['North', 'South', 'East', 'West', 'Central'])} depot {w + 1}",
                employer=f"Employer {w % 7 + 1} Ltd",
                sector=rng.choice(SECTORS),
                postcode=f"M{w % 40} {w % 9}AB",
                unions=["GMB"] if w % 2 else ["Unite", "GMB"],
                estimated_headcount=contacts_per_group // workplaces_per_group * 2,
            )
            departments = [
                record(
                    Department, at, workplace_id=workplace["id"], name=name, name_key=name_key(name)
                )
                for name in ("Goods in", "Picking", "Dispatch")
            ]
            shifts = [
                record(
                    Shift, at, workplace_id=workplace["id"], name=name, name_key=name_key(name),
                    pattern=pattern,
                )
                for name, pattern in (("Days", "06:00-14:00"), ("Lates", "14:00-22:00"),
                                      ("Nights", "22:00-06:00"))
            ]  # fmt: skip
            places.append((workplace, departments, shifts))

        contact_ids = []
        for c in range(contacts_per_group):
            workplace, departments, shifts = places[c % len(places)]
            created = moment(workplace["created_at"])
            first, last = rng.choice(FIRST), rng.choice(LAST)
            phone = f"07700 9{rng.randrange(100000):05d}" if rng.random() < 0.8 else None
            contact = record(
                Contact,
                created,
                rng.choice(actors),
                full_name=f"{first} {last}",
                workplace_id=workplace["id"],
                department_id=rng.choice(departments)["id"],
                shift_id=rng.choice(shifts)["id"],
                job_title=rng.choice(["Picker", "Driver", "Carer", "Loader", None]),
                union=rng.choice(["GMB", "Unite", None]),
                membership_status=rng.choice(list(MembershipStatus)),
                phone=phone,
                email=f"{first.lower()}.{c}.{g}@example.org" if rng.random() < 0.6 else None,
                preferred_language=rng.choice(LANGUAGES),
                other_languages=rng.sample(LANGUAGES, rng.randrange(3)),
                organiser_id=rng.choice(actors),
                tags=rng.sample(["rep", "nights", "agency", "new starter"], rng.randrange(3)),
                notes=rng.choice([None, "Met at the gate", "Worried about the rota changes"]),
                source="Bench",
            )
            contact_ids.append(contact["id"])
            talks = rng.randrange(2 * scale.conversations_per_contact + 1)
            for occurred in sorted(moment(created) for _ in range(talks)):
                speaker = rng.choice(actors)
                conversation = record(
                    Conversation,
                    occurred,
                    speaker,
                    contact_id=contact["id"],
                    occurred_at=occurred,
                    spoken_by=speaker,
                    channel=rng.choice(list(Channel)),
                    issues=rng.sample(ISSUES, rng.randrange(1, 3)),
                    notes="Talked about the new targets at break",
                    outcome=rng.choice([None, "Will come to the meeting"]),
                )
                contact["last_conversation_at"] = occurred
                if rng.random() < 0.5:
                    level = rng.randrange(1, 6)
                    record(
                        Assessment,
                        occurred,
                        speaker,
                        contact_id=contact["id"],
                        level=level,
                        assessed_at=occurred,
                        assessed_by=speaker,
                        conversation_id=conversation["id"],
                        reason="Said so at the gate",
                    )
                    contact["assessment_level"], contact["assessed_at"] = level, occurred
                if rng.random() < 0.1:
                    record(
                        FollowUp,
                        occurred,
                        speaker,
                        title="Bring a membership form",
                        assignee_id=speaker,
                        due_on=(occurred + timedelta(days=7)).date(),
                        contact_id=contact["id"],
                        conversation_id=conversation["id"],
                    )

        for d in range(scale.disputes_per_group):
            opened = moment(start)
            dispute = record(
                Dispute,
                opened,
                title=f"Pay claim {d + 1}",
                summary="A claim for the real living wage",
                status=rng.choice(list(DisputeStatus)),
                unions=["GMB"],
                started_on=opened.date(),
                strike_fund_target=Decimal("5000.00"),
            )
            for workplace, _, _ in places[d :: max(1, scale.disputes_per_group)][:3]:
                record(
                    DisputeWorkplace, opened, dispute_id=dispute["id"], workplace_id=workplace["id"]
                )
            for position, text in enumerate(["A 10% rise", "Sick pay from day one"]):
                record(Demand, opened, dispute_id=dispute["id"], text=text, position=position)
            record(
                DisputeEvent,
                opened,
                dispute_id=dispute["id"],
                kind=rng.choice(list(EventKind)),
                occurs_on=opened.date() + timedelta(days=14),
                title="Mass meeting",
            )
            for contact_id in rng.sample(contact_ids, min(20, len(contact_ids))):
                record(
                    DisputeContact,
                    opened,
                    dispute_id=dispute["id"],
                    contact_id=contact_id,
                    part=rng.choice(list(DisputePart)),
                )
            for b in range(2):
                opens = opened.date() + timedelta(days=30 + 60 * b)
                votes = rng.randrange(100, 400)
                yes = rng.randrange(votes)
                record(
                    Ballot,
                    opened,
                    dispute_id=dispute["id"],
                    opens_on=opens,
                    closes_on=opens + timedelta(days=21),
                    entitled_to_vote=votes * 2,
                    votes_cast=votes,
                    yes_votes=yes,
                    no_votes=votes - yes,
                    spoilt=0,
                )
            for a in range(scale.actions_per_group // max(1, scale.disputes_per_group)):
                action = record(
                    SolidarityAction,
                    opened,
                    kind=rng.choice(list(ActionKind)),
                    title=f"Picket {a + 1}",
                    occurs_at=moment(opened),
                    place="The main gate",
                    dispute_id=dispute["id"],
                    head_count=rng.randrange(5, 80),
                )
                for contact_id in rng.sample(contact_ids, min(10, len(contact_ids))):
                    record(
                        SolidarityParticipant, opened, action_id=action["id"], contact_id=contact_id
                    )

        if g == 0:
            credentials = Credentials(
                user_id=users[0]["id"],
                session_id=bench_session,
                group_id=group_id,
                api_token=token_secrets[0],
                workplace_ids=[place[0]["id"] for place in places],
                contact_ids=contact_ids,
            )
    rows.log_changes()
    assert credentials is not None
    return rows, credentials


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def table_order() -> list[str]:
    return [table.name for table in metadata.sorted_tables]


async def load(connection: AsyncConnection, rows: Rows) -> dict[str, int]:
    """Write every row: COPY on PostgreSQL, batched INSERTs on SQLite. Returns rows per table."""
    counts = {}
    for name in table_order():
        table_rows = rows.tables.get(name)
        if not table_rows:
            continue
        table = metadata.tables[name]
        if connection.dialect.name == "postgresql":
            json_columns = {c.key for c in table.columns if isinstance(c.type, JSON)}
            columns = [column.key for column in table.columns]
            records = [
                tuple(
                    orjson.dumps(row[c]).decode() if c in json_columns else _plain(row[c])
                    for c in columns
                )
                for row in table_rows
            ]
            raw = await connection.get_raw_connection()
            await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
                name, records=records, columns=columns
            )
        else:
            for batch in _batches(table_rows, 5_000):
                await connection.execute(insert(table), batch)
        counts[name] = len(table_rows)
    return counts


def _batches(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for index in range(0, len(items), size):
        yield items[index : index + size]
