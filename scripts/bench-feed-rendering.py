"""CPU time to serialise a change feed page of 500 contact records: as models validated and
dumped twice (how the feed answered before `api.core.rendering`) and as rows in one orjson
call (how it answers now). CPU time, not wall time, so a loaded machine does not skew it.

    .venv/bin/python scripts/bench-feed-rendering.py
"""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import orjson

import api.main  # noqa: F401 - every model registered
from api.changes.schemas import ChangeItem, ChangePage
from api.contacts.schemas.contacts import ContactRead
from api.core.changelog import Operation
from api.core.rendering import RenderedJSON

NOW = datetime.now(UTC)
PAGE = 500


def contact_row(number: int) -> dict[str, Any]:
    return dict.fromkeys(ContactRead.model_fields) | {
        "id": uuid.uuid4(),
        "version": 3,
        "created_at": NOW,
        "updated_at": NOW,
        "created_by": uuid.uuid4(),
        "updated_by": uuid.uuid4(),
        "full_name": f"Person {number}",
        "workplace_id": uuid.uuid4(),
        "membership_status": "member",
        "phone": "+447700900123",
        "email": f"person{number}@example.org",
        "preferred_language": "pl",
        "other_languages": ["en"],
        "tags": ["nights", "rep"],
        "notes": "Works the night shift",
        "assessment_level": 2,
        "assessed_at": NOW,
        "last_conversation_at": NOW,
    }


ROWS = [contact_row(number) for number in range(PAGE)]
CHANGES = [
    {
        "seq": seq,
        "type": "contact",
        "id": row["id"],
        "operation": Operation.update,
        "at": NOW,
        "actor": uuid.uuid4(),
        "changed_fields": ["phone"],
    }
    for seq, row in enumerate(ROWS)
]


def as_models() -> bytes:
    records = {row["id"]: ContactRead.model_validate(row).model_dump(mode="json") for row in ROWS}
    items = [
        ChangeItem.model_construct(**change, record=records[change["id"]]) for change in CHANGES
    ]
    page = ChangePage.model_construct(items=items, next_cursor="next", cursor="next")
    return page.model_dump_json().encode()


def as_rows() -> bytes:
    records = {row["id"]: row for row in ROWS}
    items = [{**change, "record": records[change["id"]]} for change in CHANGES]
    return bytes(RenderedJSON({"items": items, "next_cursor": "next", "cursor": "next"}).body)


def cpu_ms(render: Callable[[], bytes], times: int = 30) -> float:
    spent = []
    for _ in range(times):
        started = time.process_time()
        render()
        spent.append(time.process_time() - started)
    return statistics.median(spent) * 1000


def main() -> None:
    if orjson.loads(as_models()) != orjson.loads(as_rows()):
        raise SystemExit("the two ways wrote different JSON")
    for name, render in (("models", as_models), ("rows", as_rows)):
        print(f"{name}: {cpu_ms(render):.1f} ms of CPU for a page of {PAGE} (median of 30)")


if __name__ == "__main__":
    main()
