"""languages of people: contacts' languages as ISO 639 codes, members' spoken languages

Revision ID: 5c1e7a9b2d40
Revises: fae1d2fa520c
Create Date: 2026-11-29 08:20:00+00:00

A contact's preferred language was free text. Each value is read as a list of language names
or codes ("Polish", "polski", "PL", "Polish, English"): the first one recognised becomes the
preferred language, the others the other languages. A value with any part not recognised is
kept word for word at the end of the contact's notes, on a line of its own, so nothing typed
is lost.
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from api.core.spoken_languages import MAX_OTHER_LANGUAGES, language_for

revision: str = "5c1e7a9b2d40"
down_revision: str | None = "fae1d2fa520c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEPT_IN_NOTES = "Preferred language (as written before languages were chosen from a list): "
_SEPARATORS = re.compile(r"\s*(?:[,;/&+|]|\band\b)\s*", re.IGNORECASE)

contacts = sa.table(
    "contacts",
    sa.column("id", sa.Uuid()),
    sa.column("preferred_language", sa.String()),
    sa.column("other_languages", sa.JSON()),
    sa.column("notes", sa.Text()),
)


def read_languages(text: str) -> tuple[list[str], bool]:
    """The codes a free-text value names, in order, and whether every part was recognised."""
    codes: list[str] = []
    whole = language_for(text)
    parts = [whole] if whole else [language_for(part) for part in _SEPARATORS.split(text) if part]
    for code in parts:
        if code and code not in codes:
            codes.append(code)
    return codes, bool(parts) and all(parts)


def upgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("other_languages", sa.JSON(), server_default="[]", nullable=False)
        )
        batch_op.create_index(
            batch_op.f("ix_contacts_preferred_language"), ["preferred_language"], unique=False
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("spoken_languages", sa.JSON(), server_default="[]", nullable=False)
        )
    # The defaults only filled the rows already there: the app always writes both lists.
    for table, column in (("contacts", "other_languages"), ("users", "spoken_languages")):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.JSON(), server_default=None)

    connection = op.get_bind()
    rows = connection.execute(
        sa.select(contacts.c.id, contacts.c.preferred_language, contacts.c.notes).where(
            contacts.c.preferred_language.is_not(None)
        )
    ).all()
    for contact_id, written, notes in rows:
        codes, all_read = read_languages(written)
        values: dict[str, object] = {
            "preferred_language": codes[0] if codes else None,
            "other_languages": codes[1 : MAX_OTHER_LANGUAGES + 1],
        }
        if not all_read or len(codes) > MAX_OTHER_LANGUAGES + 1:
            line = KEPT_IN_NOTES + written
            values["notes"] = f"{notes}\n\n{line}" if notes else line
        connection.execute(contacts.update().where(contacts.c.id == contact_id).values(**values))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("spoken_languages")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_preferred_language"))
        batch_op.drop_column("other_languages")
