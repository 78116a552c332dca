"""contact search keys and trigram indexes

Revision ID: fae1d2fa520c
Revises: b8060e911ede
Create Date: 2026-11-29 08:21:26.025444+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from api.core.search_text import phone_key, search_key

revision: str = "fae1d2fa520c"
down_revision: str | None = "b8060e911ede"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000
TRIGRAM_COLUMNS = ("search_name", "search_phone", "email", "notes")


def upgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_name", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column(
                "search_phone",
                sqlmodel.sql.sqltypes.AutoString(length=40),
                nullable=False,
                server_default="",
            )
        )
    _fill_search_keys()
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.alter_column("search_name", server_default=None)
        batch_op.alter_column("search_phone", server_default=None)
    if op.get_bind().dialect.name == "postgresql":
        # pg_trgm ships with PostgreSQL (contrib; in the postgres image and Debian's server).
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in TRIGRAM_COLUMNS:
            op.create_index(
                f"ix_contacts_{column}_trgm",
                "contacts",
                [column],
                postgresql_using="gin",
                postgresql_ops={column: "gin_trgm_ops"},
            )


def _fill_search_keys() -> None:
    """The keys of the contacts already stored, made by the same functions the write path
    uses, a batch at a time."""
    connection = op.get_bind()
    contacts = sa.table(
        "contacts",
        sa.column("id", sa.Uuid()),
        sa.column("full_name", sa.String()),
        sa.column("phone", sa.String()),
        sa.column("search_name", sa.String()),
        sa.column("search_phone", sa.String()),
    )
    after = None
    while True:
        statement = sa.select(contacts.c.id, contacts.c.full_name, contacts.c.phone)
        if after is not None:
            statement = statement.where(contacts.c.id > after)
        rows = connection.execute(statement.order_by(contacts.c.id).limit(BATCH)).all()
        if not rows:
            return
        connection.execute(
            sa.update(contacts)
            .where(contacts.c.id == sa.bindparam("row_id"))
            .values(search_name=sa.bindparam("name_key"), search_phone=sa.bindparam("phone_key")),
            [
                {
                    "row_id": r.id,
                    "name_key": search_key(r.full_name),
                    "phone_key": phone_key(r.phone),
                }
                for r in rows
            ],
        )
        after = rows[-1].id


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for column in TRIGRAM_COLUMNS:
            op.drop_index(f"ix_contacts_{column}_trgm", table_name="contacts")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("search_phone")
        batch_op.drop_column("search_name")
