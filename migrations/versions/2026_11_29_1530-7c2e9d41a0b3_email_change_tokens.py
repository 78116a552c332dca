"""email change tokens: a new login address confirmed from a mailed link

Revision ID: 7c2e9d41a0b3
Revises: 33834cd264ca
Create Date: 2026-11-29 15:30:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import api.core.db

revision: str = "7c2e9d41a0b3"
down_revision: str | None = "33834cd264ca"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "email_change_tokens",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("new_email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("expires_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", api.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_email_change_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_change_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_email_change_tokens_token_hash")),
    )
    with op.batch_alter_table("email_change_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_email_change_tokens_user_id"), ["user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("email_change_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_change_tokens_user_id"))

    op.drop_table("email_change_tokens")
