"""retention rules: per group, off until an owner turns them on

Revision ID: 196bb1588b3e
Revises: a1dfbdff1b4a
Create Date: 2026-11-29 01:55:00.306017+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.core.db

revision: str = "196bb1588b3e"
down_revision: str | None = "a1dfbdff1b4a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "retention_rules",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("configured_by", sa.Uuid(), nullable=True),
        sa.Column("last_run_at", api.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_removed", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["configured_by"],
            ["users.id"],
            name=op.f("fk_retention_rules_configured_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_retention_rules_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_rules")),
        sa.UniqueConstraint("group_id", "kind", name=op.f("uq_retention_rules_group_id_kind")),
    )
    with op.batch_alter_table("retention_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_retention_rules_group_id"), ["group_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("retention_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retention_rules_group_id"))

    op.drop_table("retention_rules")
