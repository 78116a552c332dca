"""a group's default language, and the language a sign-up was made in

Revision ID: b8060e911ede
Revises: b939f1d24f9f
Create Date: 2026-11-29 08:22:20.001782+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "b8060e911ede"
down_revision: str | None = "b939f1d24f9f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "default_language", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True
            )
        )
    with op.batch_alter_table("pending_signups", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("pending_signups", schema=None) as batch_op:
        batch_op.drop_column("language")
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_column("default_language")
