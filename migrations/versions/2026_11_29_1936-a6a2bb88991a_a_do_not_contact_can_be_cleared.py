"""a "do not contact" can be cleared: who cleared it and when, on the attempt

Revision ID: a6a2bb88991a
Revises: 8e5af4cc1705
Create Date: 2026-11-29 19:36:25.760014+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import api.core.db

revision: str = "a6a2bb88991a"
down_revision: str | None = "8e5af4cc1705"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("call_attempts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("cleared_at", api.core.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("cleared_by", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_call_attempts_cleared_by_users"),
            "users",
            ["cleared_by"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("call_attempts", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_call_attempts_cleared_by_users"), type_="foreignkey"
        )
        batch_op.drop_column("cleared_by")
        batch_op.drop_column("cleared_at")
