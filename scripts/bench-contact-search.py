"""How long the contacts list's search takes over 100,000 contacts in one group, as it was
(ILIKE over name, email, phone and notes) and as it is (the normalised keys, which PostgreSQL
reads through trigram indexes). Not part of the test suite.

    createdb -h 127.0.0.1 -U postgres shopfloor_search_bench
    DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/shopfloor_search_bench \\
        .venv/bin/alembic upgrade head
    .venv/bin/python scripts/bench-contact-search.py \\
        postgresql+asyncpg://postgres@127.0.0.1:5432/shopfloor_search_bench

Fills the database's first group (making one if there is none) up to 100,000 contacts with
Faker names from five locales, then prints each query's median time of five and whether the
plan reads an index.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import time
import uuid
from typing import Any

from faker import Faker
from sqlalchemy import func, insert, or_, select, text
from sqlalchemy.dialects import postgresql
from sqlmodel import col

import api.models_registry  # noqa: F401  (every table, for the foreign keys)
from api.contacts.models import Contact
from api.contacts.services.contacts import search_condition
from api.core.db import create_engine
from api.core.search_text import phone_key, search_key
from api.core.tenants import Group

ROWS = 100_000
QUERIES = ["wright", "jill wright", "zoe", "07700 900123"]


def before(query: str) -> Any:
    pattern = f"%{query}%"
    return or_(
        *(
            column.ilike(pattern)
            for column in (Contact.full_name, Contact.email, Contact.phone, Contact.notes)
        )
    )


async def main(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as connection:
        group_id = (await connection.execute(select(Group.id).limit(1))).scalar()
        if group_id is None:
            group_id = uuid.uuid4()
            await connection.execute(
                insert(Group).values(
                    id=group_id,
                    name="Bench",
                    is_demo=False,
                    version=1,
                    change_seq=0,
                    created_at=func.now(),
                    updated_at=func.now(),
                )
            )
        count = (await connection.execute(select(func.count()).select_from(Contact))).scalar_one()
        fake = Faker(["en_GB", "pl_PL", "ro_RO", "pt_PT", "es_ES"])
        Faker.seed(1)
        random.seed(1)
        rows = []
        for _ in range(ROWS - count):
            name = fake.name()
            phone = fake.phone_number() if random.random() < 0.8 else None  # noqa: S311
            rows.append(
                {
                    "id": uuid.uuid4(),
                    "group_id": group_id,
                    "version": 1,
                    "full_name": name,
                    "membership_status": "unknown",
                    "tags": [],
                    "other_languages": [],
                    "phone": phone,
                    "search_name": search_key(name),
                    "search_phone": phone_key(phone),
                }
            )
        for start in range(0, len(rows), 5000):
            await connection.execute(insert(Contact), rows[start : start + 5000])
        if engine.dialect.name == "postgresql":
            await connection.execute(text("ANALYZE contacts"))
    async with engine.connect() as connection:
        for query in QUERIES:
            for label, condition, order in (
                ("before", before(query), func.lower(col(Contact.full_name))),
                ("now", search_condition(query), col(Contact.search_name)),
            ):
                statement = (
                    select(Contact.id, Contact.full_name)
                    .where(col(Contact.group_id) == group_id, condition)
                    .order_by(order, col(Contact.id))
                    .limit(51)
                )
                times = []
                for _ in range(6):
                    started = time.perf_counter()
                    await connection.execute(statement)
                    times.append((time.perf_counter() - started) * 1000)
                plan = ""
                if engine.dialect.name == "postgresql":
                    sql = statement.compile(
                        dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
                    )
                    lines = (await connection.execute(text(f"EXPLAIN {sql}"))).scalars().all()
                    plan = " (index)" if any("Index" in line for line in lines) else " (scan)"
                print(f"{query!r:16} {label:6} {statistics.median(times[1:]):7.1f} ms{plan}")
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
