"""Contacts that may be the same person."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import and_, case, func, literal, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.contacts.models import Contact
from api.contacts.schemas.contacts import DuplicateMatch, DuplicateReason
from api.core.context import GroupContext
from api.core.queries import phone_digits, phone_digits_sql
from api.core.tenancy import scoped_select

DUPLICATE_LIMIT = 20


async def find_duplicates(
    session: AsyncSession,
    ctx: GroupContext,
    *,
    email: str | None,
    phone: str | None,
    full_name: str | None,
    workplace_id: uuid.UUID | None,
    exclude_id: uuid.UUID | None = None,
) -> list[DuplicateMatch]:
    """Contacts with the same email, the same phone once spaces and punctuation are dropped,
    or the same name at the same workplace. The first matching reason is reported."""
    rules: list[tuple[Any, DuplicateReason]] = []
    if email and email.strip():
        rules.append(
            (func.lower(col(Contact.email)) == email.strip().lower(), DuplicateReason.email)
        )
    digits = phone_digits(phone or "")
    if sum(character.isdigit() for character in digits) >= 5:
        rules.append((phone_digits_sql(col(Contact.phone)) == digits, DuplicateReason.phone))
    name = " ".join((full_name or "").split())
    if name and workplace_id is not None:
        rules.append(
            (
                and_(
                    func.lower(col(Contact.full_name)) == func.lower(literal(name)),
                    col(Contact.workplace_id) == workplace_id,
                ),
                DuplicateReason.name_at_workplace,
            )
        )
    if not rules:
        return []
    reason = case(*((condition, literal(r.value)) for condition, r in rules))
    statement = (
        scoped_select(ctx, Contact, Contact.id, Contact.full_name, reason.label("reason"))
        .where(or_(*(condition for condition, _ in rules)))
        .order_by(func.lower(col(Contact.full_name)), col(Contact.id))
        .limit(DUPLICATE_LIMIT)
    )
    if exclude_id is not None:
        statement = statement.where(col(Contact.id) != exclude_id)
    rows = (await session.execute(statement)).all()
    return [DuplicateMatch(id=row[0], full_name=row[1], reason=row[2]) for row in rows]
