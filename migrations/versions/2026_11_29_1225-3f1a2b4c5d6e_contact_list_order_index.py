"""contact list order index

Revision ID: 3f1a2b4c5d6e
Revises: bc4e6c993a93
Create Date: 2026-11-29 12:25:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3f1a2b4c5d6e"
down_revision: str | None = "bc4e6c993a93"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_contacts_group_name_order", "contacts", ["group_id", "search_name", "id"])


def downgrade() -> None:
    op.drop_index("ix_contacts_group_name_order", table_name="contacts")
