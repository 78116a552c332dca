"""imports stored in chunks, one run per group, group rate counts

Revision ID: 4518ba82095b
Revises: 196bb1588b3e
Create Date: 2026-11-29 01:43:54.343678+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import api.core.db

revision: str = "4518ba82095b"
down_revision: str | None = "196bb1588b3e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUNNING = sa.text("status = 'running'")


def upgrade() -> None:
    op.create_table(
        "group_rate_counts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("window_started_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_group_rate_counts_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_rate_counts")),
        sa.UniqueConstraint(
            "group_id", "action", name=op.f("uq_group_rate_counts_group_id_action")
        ),
    )
    with op.batch_alter_table("group_rate_counts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_group_rate_counts_group_id"), ["group_id"], unique=False
        )

    # Files stored before were one chunk each: chunk 0.
    with op.batch_alter_table("import_files", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chunk", sa.Integer(), nullable=False, server_default="0"))
        batch_op.drop_constraint(batch_op.f("uq_import_files_import_id_role"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_import_files_import_id_role_chunk"), ["import_id", "role", "chunk"]
        )
    with op.batch_alter_table("import_files", schema=None) as batch_op:
        batch_op.alter_column("chunk", server_default=None)

    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.create_index(
            "uq_imports_group_id_running",
            ["group_id"],
            unique=True,
            sqlite_where=RUNNING,
            postgresql_where=RUNNING,
        )


def downgrade() -> None:
    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_imports_group_id_running", sqlite_where=RUNNING, postgresql_where=RUNNING
        )

    # The old table holds a file in one row: join each file's chunks into its chunk 0.
    bind = op.get_bind()
    files = bind.execute(
        sa.text("SELECT DISTINCT import_id, role FROM import_files WHERE chunk > 0")
    ).all()
    for import_id, role in files:
        where = "import_id = :import_id AND role = :role"
        keys = {"import_id": import_id, "role": role}
        chunks = bind.execute(
            sa.text(f"SELECT data FROM import_files WHERE {where} ORDER BY chunk"),  # noqa: S608
            keys,
        ).scalars()
        whole = b"".join(bytes(chunk) for chunk in chunks)
        bind.execute(
            sa.text(f"UPDATE import_files SET data = :data WHERE {where} AND chunk = 0"),  # noqa: S608
            {**keys, "data": whole},
        )
        bind.execute(
            sa.text(f"DELETE FROM import_files WHERE {where} AND chunk > 0"),  # noqa: S608
            keys,
        )
    with op.batch_alter_table("import_files", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_import_files_import_id_role_chunk"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_import_files_import_id_role"), ["import_id", "role"]
        )
        batch_op.drop_column("chunk")

    with op.batch_alter_table("group_rate_counts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_rate_counts_group_id"))
    op.drop_table("group_rate_counts")
