"""imports read workbooks and give rows a default place

Revision ID: c7e2a91d4f60
Revises: 2cc47af9dfb7
Create Date: 2026-11-29 08:30:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c7e2a91d4f60"
down_revision: str | None = "2cc47af9dfb7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("file_format", sa.String(length=10), server_default="csv", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "placement_defaults", sa.JSON(), server_default=sa.text("'{}'"), nullable=False
            )
        )
    # The default only fills the imports already there: the app always writes the mapping's
    # defaults, and PostgreSQL cannot compare a JSON default.
    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.alter_column("placement_defaults", existing_type=sa.JSON(), server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.drop_column("placement_defaults")
        batch_op.drop_column("file_format")
