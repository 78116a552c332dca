"""What a preview found, kept for the run that follows it: validating a file once, not twice.

A preview plans every row of the file (to count what a run would do), and so did the run's
first pass (to refuse the whole file if any row fails). When nothing a plan depends on has
changed in between, the run takes the preview's counts and the places it found instead of
planning the file a second time. A plan depends on the file, the mapping and the group's
records; the key holds all three:

- the file: an import's upload is never replaced (another file is another import), so its id,
  size and row count name it;
- the mapping as the planner reads it (`planner_for`): columns, matching, defaults, header;
- the group's records: every write to them moves the group's `change_seq` (the write path
  numbers its changes from it), so an unchanged number means unchanged records.

The verdicts live in this process, few and briefly (`MAX_KEPT`, `KEPT_FOR`): a run on another
app server, or after a restart, simply plans the file itself. They hold counts and place names,
never a row's values. The run still checks them against what it writes (`run._apply`) and
plans again from the start if they no longer agree, so a stale verdict costs time, never
correctness.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.core.context import GroupContext
from api.core.tenants import Group
from api.imports.models import ImportJob
from api.imports.planning import Action, NewPlace

MAX_KEPT = 32
KEPT_FOR = 15 * 60.0  # seconds: about as long as anyone looks at a preview before running it


@dataclass(frozen=True)
class VerdictKey:
    group_id: uuid.UUID
    import_id: uuid.UUID
    file: tuple[int, int]  # size in bytes, rows
    mapping: str  # digest of what the planner reads
    change_seq: int


@dataclass(frozen=True)
class Verdict:
    counts: Counter[Action]
    places: tuple[NewPlace, ...]
    kept_at: float


_KEPT: OrderedDict[VerdictKey, Verdict] = OrderedDict()


async def verdict_key(session: AsyncSession, ctx: GroupContext, job: ImportJob) -> VerdictKey:
    """The key of a plan of `job` made now. Read before the group's records are, so a write
    landing in between makes the key older than the plan, never newer."""
    change_seq = (
        await session.execute(select(col(Group.change_seq)).where(col(Group.id) == ctx.group_id))
    ).scalar_one()
    planned_from = {
        "kind": job.kind,
        "filename": job.filename,
        "header": job.header,
        "mapping": job.mapping if job.mapping is not None else job.suggested_mapping,
        "match_by": job.match_by,
        "on_match": job.on_match,
        "placement_defaults": job.placement_defaults,
    }
    mapping = hashlib.sha256(
        json.dumps(planned_from, sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()
    return VerdictKey(ctx.group_id, job.id, (job.size_bytes, job.row_count), mapping, change_seq)


def _expire(now: float) -> None:
    for key in [key for key, verdict in _KEPT.items() if now - verdict.kept_at > KEPT_FOR]:
        del _KEPT[key]


def keep(key: VerdictKey, counts: Counter[Action], places: Sequence[NewPlace]) -> None:
    """Keeps a whole file's plan counts; the oldest go past `MAX_KEPT`."""
    now = time.monotonic()
    _expire(now)
    _KEPT[key] = Verdict(Counter(counts), tuple(places), now)
    _KEPT.move_to_end(key)
    while len(_KEPT) > MAX_KEPT:
        _KEPT.popitem(last=False)


def take(key: VerdictKey) -> Verdict | None:
    """The verdict kept under `key`, if still fresh; it is used once."""
    _expire(time.monotonic())
    return _KEPT.pop(key, None)
