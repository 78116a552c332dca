"""department and shift names unique per workplace, ignoring case and surrounding space

Names that already clash are kept, not merged: every one after the first (by creation) gets
a numbered suffix, "Nights (2)", so no contact loses their department or shift and the group
can merge them by hand. The renamed rows get a new version and update time, so lists filtered
by `updated_since` show them.

Revision ID: 5e1d0c7a9b21
Revises: b939f1d24f9f
Create Date: 2026-11-29 08:30:00.000000+00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "5e1d0c7a9b21"
down_revision: str | None = "b939f1d24f9f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table, longest name, index
TABLES = (
    ("departments", 200, "uq_departments_workplace_id_name"),
    ("shifts", 100, "uq_shifts_workplace_id_name"),
)


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _rename_clashes(table_name: str, longest: int) -> None:
    bind = op.get_bind()
    # Ids are passed back as the database returned them, so their storage does not matter.
    table = sa.table(
        table_name,
        sa.column("id"),
        sa.column("workplace_id"),
        sa.column("name", sa.String()),
        sa.column("version", sa.Integer()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    rows = bind.execute(
        sa.select(table.c.id, table.c.workplace_id, table.c.name).order_by(
            table.c.created_at, table.c.id
        )
    ).all()
    taken: dict[object, set[str]] = {}
    for row in rows:
        taken.setdefault(row.workplace_id, set()).add(_key(row.name))
    seen: dict[object, set[str]] = {}
    now = datetime.now(UTC)
    for row in rows:
        kept = seen.setdefault(row.workplace_id, set())
        key = _key(row.name)
        name = " ".join(row.name.split())
        if key not in kept:
            kept.add(key)
            if name != row.name:
                bind.execute(table.update().where(table.c.id == row.id).values(name=name))
            continue
        number = 2
        while True:
            suffix = f" ({number})"
            candidate = name[: longest - len(suffix)].rstrip() + suffix
            if _key(candidate) not in taken[row.workplace_id]:
                break
            number += 1
        taken[row.workplace_id].add(_key(candidate))
        kept.add(_key(candidate))
        bind.execute(
            table.update()
            .where(table.c.id == row.id)
            .values(name=candidate, version=table.c.version + 1, updated_at=now)
        )


def upgrade() -> None:
    for table, longest, index in TABLES:
        _rename_clashes(table, longest)
        op.create_index(index, table, ["workplace_id", sa.text("lower(trim(name))")], unique=True)


def downgrade() -> None:
    for table, _longest, index in TABLES:
        op.drop_index(index, table_name=table)
