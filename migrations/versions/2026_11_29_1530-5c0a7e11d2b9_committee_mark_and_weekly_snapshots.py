"""committee mark and weekly snapshots

Revision ID: 5c0a7e11d2b9
Revises: 739a7c59334a
Create Date: 2026-11-29 15:30:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.core.db

revision: str = "5c0a7e11d2b9"
down_revision: str | None = "739a7c59334a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing contacts get false; after that the app always writes the value itself, as the
    # model declares no server default.
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("committee", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.alter_column("committee", server_default=None)
    op.create_table(
        "weekly_snapshots",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("taken_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.Column("held", sa.Integer(), nullable=False),
        sa.Column("committee", sa.Integer(), nullable=False),
        sa.Column("level_1", sa.Integer(), nullable=False),
        sa.Column("level_2", sa.Integer(), nullable=False),
        sa.Column("level_3", sa.Integer(), nullable=False),
        sa.Column("level_4", sa.Integer(), nullable=False),
        sa.Column("level_5", sa.Integer(), nullable=False),
        sa.Column("unassessed", sa.Integer(), nullable=False),
        sa.Column("conversations", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_weekly_snapshots_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weekly_snapshots")),
        sa.UniqueConstraint(
            "group_id", "week_start", name=op.f("uq_weekly_snapshots_group_id_week_start")
        ),
    )
    with op.batch_alter_table("weekly_snapshots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_weekly_snapshots_group_id"), ["group_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_weekly_snapshots_week_start"), ["week_start"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("weekly_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_weekly_snapshots_week_start"))
        batch_op.drop_index(batch_op.f("ix_weekly_snapshots_group_id"))
    op.drop_table("weekly_snapshots")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("committee")
