"""department and shift names unique per workplace, ignoring case and surrounding space

Each row gets `name_key` (its name trimmed, spaces collapsed, case-folded), unique within the
workplace. Names that already clash are kept, not merged: every one after the first (by
creation) gets a numbered suffix, "Nights (2)", so no contact loses their department or shift
and the group can merge them by hand. Renamed rows get a new version and update time, so
lists filtered by `updated_since` show them.

Revision ID: 5e1d0c7a9b21
Revises: 5c1e7a9b2d40
Create Date: 2026-11-29 08:30:00.000000+00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "5e1d0c7a9b21"
down_revision: str | None = "5c1e7a9b2d40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table, longest name
TABLES = (("departments", 200), ("shifts", 100))


def _key(name: str) -> str:
    """As api.workplaces.models.name_key, copied so this migration never changes with it."""
    return " ".join(name.split()).casefold()


def _rename_clashes(table_name: str, longest: int) -> None:
    """Fill `name_key`, numbering every clashing name after the first (by creation)."""
    bind = op.get_bind()
    # Ids are passed back as the database returned them, so their storage does not matter.
    table = sa.table(
        table_name,
        sa.column("id"),
        sa.column("workplace_id"),
        sa.column("name", sa.String()),
        sa.column("name_key", sa.String()),
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
    kept: dict[object, set[str]] = {}
    now = datetime.now(UTC)
    for row in rows:
        seen = kept.setdefault(row.workplace_id, set())
        name = " ".join(row.name.split())
        if _key(name) not in seen:
            seen.add(_key(name))
            bind.execute(
                table.update().where(table.c.id == row.id).values(name=name, name_key=_key(name))
            )
            continue
        number = 2
        while True:
            suffix = f" ({number})"
            candidate = name[: longest - len(suffix)].rstrip() + suffix
            if _key(candidate) not in taken[row.workplace_id]:
                break
            number += 1
        taken[row.workplace_id].add(_key(candidate))
        seen.add(_key(candidate))
        bind.execute(
            table.update()
            .where(table.c.id == row.id)
            .values(
                name=candidate,
                name_key=_key(candidate),
                version=table.c.version + 1,
                updated_at=now,
            )
        )


def upgrade() -> None:
    for table, longest in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("name_key", sa.String(length=longest), nullable=True))
        _rename_clashes(table, longest)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                "name_key", existing_type=sa.String(length=longest), nullable=False
            )
            batch_op.create_unique_constraint(
                batch_op.f(f"uq_{table}_workplace_id_name_key"), ["workplace_id", "name_key"]
            )


def downgrade() -> None:
    for table, _longest in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f"uq_{table}_workplace_id_name_key"), type_="unique"
            )
            batch_op.drop_column("name_key")
