"""`shopfloor retention`: the groups' enabled retention rules, run or previewed."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from api.core.config import Settings
from api.core.db import create_engine, create_sessionmaker
from api.privacy.retention import run_everywhere


def _counts(removed: dict[str, int]) -> str:
    return ", ".join(f"{kind} {count}" for kind, count in sorted(removed.items())) or "nothing"


async def run_retention(
    settings: Settings,
    group_id: uuid.UUID | None,
    *,
    dry_run: bool,
    echo: Callable[[str], object],
) -> None:
    engine = create_engine(
        settings.database_url, statement_timeout_seconds=settings.db_statement_timeout_seconds
    )
    try:
        results = await run_everywhere(
            create_sessionmaker(engine), group_id=group_id, dry_run=dry_run
        )
    finally:
        await engine.dispose()
    if not results:
        echo("No group has a retention rule turned on.")
    for result in results:
        echo(f"{result.group_name} ({result.group_id}):")
        for preview in result.previews or []:
            echo(
                f"  {preview.kind.value} (older than {preview.months} months): "
                f"{preview.total} would go"
            )
            for item in preview.items:
                echo(f"    {item.type} {item.id} {item.contact_name} ({item.at:%Y-%m-%d})")
            if preview.total > len(preview.items):
                echo(f"    … and {preview.total - len(preview.items)} more")
        for outcome in result.run.outcomes if result.run else []:
            echo(
                f"  {outcome.kind.value} (older than {outcome.months} months): removed "
                f"{_counts(outcome.removed)}"
            )
