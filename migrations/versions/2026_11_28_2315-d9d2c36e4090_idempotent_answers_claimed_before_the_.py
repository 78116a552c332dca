"""idempotent answers: claimed before the create, linked to their record

Revision ID: d9d2c36e4090
Revises: 2a4f34c75ad5
Create Date: 2026-11-28 23:15:58.190400+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d9d2c36e4090"
down_revision: str | None = "2a4f34c75ad5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entity_id", sa.Uuid(), nullable=True))
        batch_op.alter_column("response", existing_type=sa.JSON(), nullable=True)
        batch_op.create_index(
            batch_op.f("ix_idempotency_keys_entity_id"), ["entity_id"], unique=False
        )


def downgrade() -> None:
    # Claims still waiting for their answer have nothing to keep.
    op.execute("DELETE FROM idempotency_keys WHERE response IS NULL")
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotency_keys_entity_id"))
        batch_op.alter_column("response", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column("entity_id")
