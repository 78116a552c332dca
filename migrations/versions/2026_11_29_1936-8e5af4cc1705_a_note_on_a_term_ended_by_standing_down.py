"""a note on a term ended by standing down

Revision ID: 8e5af4cc1705
Revises: 8b2d6f4e1a37
Create Date: 2026-11-29 19:36:58.828427+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "8e5af4cc1705"
down_revision: str | None = "8b2d6f4e1a37"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("office_terms", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("end_note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("office_terms", schema=None) as batch_op:
        batch_op.drop_column("end_note")
