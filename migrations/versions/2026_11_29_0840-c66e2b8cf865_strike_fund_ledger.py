"""strike fund ledger: dated entries of money in and out; the dispute keeps their totals

A dispute"s old "raised" figure becomes its ledger"s opening entry (kind `opening_balance`,
dated the day the dispute was last saved, recorded by whoever saved it), so its total is
unchanged. Downgrading keeps the totals in `strike_fund_raised` and drops the entries.

Revision ID: c66e2b8cf865
Revises: 5e1d0c7a9b21
Create Date: 2026-11-29 08:21:39.953797+00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

import api.core.db

revision: str = "c66e2b8cf865"
down_revision: str | None = "5e1d0c7a9b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "strike_fund_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("dispute_id", sa.Uuid(), nullable=False),
        sa.Column("entry_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("recipient_id", sa.Uuid(), nullable=True),
        sa.Column("action_id", sa.Uuid(), nullable=True),
        sa.Column("reverses_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["solidarity_actions.id"],
            name=op.f("fk_strike_fund_entries_action_id_solidarity_actions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_strike_fund_entries_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["dispute_id"],
            ["disputes.id"],
            name=op.f("fk_strike_fund_entries_dispute_id_disputes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_strike_fund_entries_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["contacts.id"],
            name=op.f("fk_strike_fund_entries_recipient_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"],
            ["strike_fund_entries.id"],
            name=op.f("fk_strike_fund_entries_reverses_id_strike_fund_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
            name=op.f("fk_strike_fund_entries_updated_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strike_fund_entries")),
        sa.UniqueConstraint("reverses_id", name=op.f("uq_strike_fund_entries_reverses_id")),
    )
    with op.batch_alter_table("strike_fund_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_strike_fund_entries_action_id"), ["action_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_strike_fund_entries_dispute_id"), ["dispute_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_strike_fund_entries_entry_on"), ["entry_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_strike_fund_entries_group_id"), ["group_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_strike_fund_entries_recipient_id"), ["recipient_id"], unique=False
        )

    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "strike_fund_spent",
                sa.Numeric(precision=12, scale=2),
                nullable=False,
                server_default="0",
            )
        )
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.alter_column("strike_fund_spent", server_default=None)
    _opening_entries()


def _opening_entries() -> None:
    bind = op.get_bind()
    disputes = sa.table(
        "disputes",
        sa.column("id", sa.Uuid()),
        sa.column("group_id", sa.Uuid()),
        sa.column("updated_by", sa.Uuid()),
        sa.column("updated_at", api.core.db.UTCDateTime(timezone=True)),
        sa.column("strike_fund_raised", sa.Numeric(12, 2)),
    )
    entries = sa.table(
        "strike_fund_entries",
        *(
            sa.column(name, kind)
            for name, kind in (
                ("id", sa.Uuid()),
                ("created_at", api.core.db.UTCDateTime(timezone=True)),
                ("updated_at", api.core.db.UTCDateTime(timezone=True)),
                ("group_id", sa.Uuid()),
                ("version", sa.Integer()),
                ("created_by", sa.Uuid()),
                ("updated_by", sa.Uuid()),
                ("dispute_id", sa.Uuid()),
                ("entry_on", sa.Date()),
                ("kind", sa.String()),
                ("direction", sa.String()),
                ("amount", sa.Numeric(12, 2)),
                ("description", sa.String()),
            )
        ),
    )
    rows = bind.execute(
        sa.select(disputes).where(disputes.c.strike_fund_raised > 0).order_by(disputes.c.id)
    ).all()
    now = datetime.now(UTC)
    for row in rows:
        bind.execute(
            entries.insert().values(
                id=api.core.db.new_id(),
                created_at=now,
                updated_at=now,
                group_id=row.group_id,
                version=1,
                created_by=row.updated_by,
                updated_by=row.updated_by,
                dispute_id=row.id,
                entry_on=row.updated_at.date(),
                kind="opening_balance",
                direction="in",
                amount=row.strike_fund_raised,
                description="Raised before the strike fund kept a ledger",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.drop_column("strike_fund_spent")

    with op.batch_alter_table("strike_fund_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_strike_fund_entries_recipient_id"))
        batch_op.drop_index(batch_op.f("ix_strike_fund_entries_group_id"))
        batch_op.drop_index(batch_op.f("ix_strike_fund_entries_entry_on"))
        batch_op.drop_index(batch_op.f("ix_strike_fund_entries_dispute_id"))
        batch_op.drop_index(batch_op.f("ix_strike_fund_entries_action_id"))

    op.drop_table("strike_fund_entries")
