"""two-factor login: authenticator apps, recovery codes, passkeys

Revision ID: 58283c5eb55a
Revises: 4518ba82095b
Create Date: 2026-11-29 01:47:28.753145+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import api.core.db

revision: str = "58283c5eb55a"
down_revision: str | None = "4518ba82095b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "auth_challenges",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column(
            "webauthn_challenge", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
        ),
        sa.Column("expires_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", api.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_auth_challenges_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_challenges")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_auth_challenges_token_hash")),
    )
    with op.batch_alter_table("auth_challenges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_challenges_user_id"), ["user_id"], unique=False)

    op.create_table(
        "passkeys",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("credential_id", sqlmodel.sql.sqltypes.AutoString(length=1400), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("sign_count", sa.Integer(), nullable=False),
        sa.Column("transports", sa.JSON(), nullable=False),
        sa.Column("last_used_at", api.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_passkeys_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passkeys")),
        sa.UniqueConstraint("credential_id", name=op.f("uq_passkeys_credential_id")),
    )
    with op.batch_alter_table("passkeys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_passkeys_user_id"), ["user_id"], unique=False)

    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("code_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("used_at", api.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_recovery_codes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_recovery_codes_code_hash")),
    )
    with op.batch_alter_table("recovery_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recovery_codes_user_id"), ["user_id"], unique=False)

    op.create_table(
        "totp_authenticators",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", api.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("secret_encrypted", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("confirmed_at", api.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_used_step", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_totp_authenticators_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_totp_authenticators")),
        sa.UniqueConstraint("user_id", name=op.f("uq_totp_authenticators_user_id")),
    )
    with op.batch_alter_table("auth_sessions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "two_factor_verified", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )

    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("require_two_factor", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_column("require_two_factor")

    with op.batch_alter_table("auth_sessions", schema=None) as batch_op:
        batch_op.drop_column("two_factor_verified")

    op.drop_table("totp_authenticators")
    with op.batch_alter_table("recovery_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recovery_codes_user_id"))

    op.drop_table("recovery_codes")
    with op.batch_alter_table("passkeys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_passkeys_user_id"))

    op.drop_table("passkeys")
    with op.batch_alter_table("auth_challenges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_challenges_user_id"))

    op.drop_table("auth_challenges")
