"""articles written from a story in the pool

Revision ID: 8b2d6f4e1a37
Revises: 7c2e9d41a0b3
Create Date: 2026-11-29 15:30:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8b2d6f4e1a37"
down_revision: str | None = "7c2e9d41a0b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("bulletin_articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("story_id", sa.Uuid(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_bulletin_articles_story_id"), ["story_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_bulletin_articles_story_id_bulletin_stories"),
            "bulletin_stories",
            ["story_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("bulletin_articles", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_bulletin_articles_story_id_bulletin_stories"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_bulletin_articles_story_id"))
        batch_op.drop_column("story_id")
