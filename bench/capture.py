"""The app's own SQL for each read scenario, taken from the app itself: each scenario's request
is answered once by the app (in this process, on the benchmark's database) while a cursor hook
records every statement with its parameters, exactly as the driver received them. The data
statements (not the caller's session, user, membership or token lookups, not the read audit
or rate-limit writes) become the reference server's work, so it always runs the app's SQL,
however the app's queries change.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

Statement = tuple[str, tuple[Any, ...]]

# What every request reads or writes to know and audit its caller, not the data it answers with.
CALLER_TABLES = frozenset(
    {
        "users",
        "auth_sessions",
        "memberships",
        "api_tokens",
        "groups",
        "read_events",
        "read_event_contacts",
        "read_audit_settings",
        "read_alerts",
        "group_rate_counts",
        "instance_settings",
    }
)
FIRST_TABLE = re.compile(r"\bFROM\s+\"?(\w+)\"?", re.IGNORECASE)
PARENTHESES = re.compile(r"\([^()]*\)")


def is_data_read(sql: str) -> bool:
    """A SELECT whose own FROM (not a subquery's) is not one of the caller's tables."""
    words = sql.lstrip().split(None, 1)
    if not words or words[0].upper() not in {"SELECT", "WITH"}:
        return False
    outer = sql
    while (inner := PARENTHESES.sub(" ", outer)) != outer:
        outer = inner
    first = FIRST_TABLE.search(outer)
    return first is None or first.group(1) not in CALLER_TABLES


@contextmanager
def recording(engine: AsyncEngine) -> Iterator[list[Statement]]:
    """Every statement `engine` sends while the block runs, with its parameters."""
    statements: list[Statement] = []

    def record(
        _conn: Any, _cursor: Any, sql: str, parameters: Any, _context: Any, many: bool
    ) -> None:
        if not many:
            statements.append((sql, tuple(parameters or ())))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


def data_reads(statements: list[Statement]) -> list[Statement]:
    return [statement for statement in statements if is_data_read(statement[0])]


def write_statements(path: Path, scenarios: dict[str, list[Statement]]) -> None:
    path.write_bytes(pickle.dumps(scenarios))


def read_statements(path: Path) -> dict[str, list[Statement]]:
    # The file is the benchmark's own, written a moment before by the same run.
    loaded: dict[str, list[Statement]] = pickle.loads(path.read_bytes())  # noqa: S301
    return loaded
