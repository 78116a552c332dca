"""a structure test's scope can be narrowed by a contact filter (a saved filter's conditions)

Revision ID: 5c1e7d2b9f40
Revises: a6a2bb88991a
Create Date: 2026-11-29 23:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c1e7d2b9f40"
down_revision: str | None = "a6a2bb88991a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("structure_tests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_filter", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("structure_tests", schema=None) as batch_op:
        batch_op.drop_column("contact_filter")
