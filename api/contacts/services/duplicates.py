"""Contacts that may be the same person, most likely first."""

from __future__ import annotations

import uuid
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import case, func, literal, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.contacts.models import Contact
from api.contacts.schemas.contacts import DuplicateMatch, DuplicateReason
from api.core.context import GroupContext
from api.core.search_text import phone_key, search_key, search_words
from api.core.tenancy import scoped_select

DUPLICATE_LIMIT = 20
# Contacts sharing a word of the name that are scored; the most words shared come first.
CANDIDATE_LIMIT = 200
# token_sort_ratio at or above which a name alone makes a likely match ("Jon Smith" and
# "John Smith" score 95, "Zoe Smyth" and "Zoë Smith" 89, "Jill Wright" and "Jim White" 70).
SIMILAR_NAME = 80
MIN_PHONE_DIGITS = 5
_RANK = {
    DuplicateReason.email: 0,
    DuplicateReason.phone: 1,
    DuplicateReason.name_at_workplace: 2,
    DuplicateReason.similar_name: 3,
}


def name_similarity(left_key: str, right_key: str) -> int:
    """0-100: how alike two `search_key`s are, ignoring the order of the words."""
    return round(fuzz.token_sort_ratio(left_key, right_key))


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
    """Contacts with the same email, the same phone however it is written, the same name
    at the same workplace, or a similar name, ordered by that reason and then by how alike
    the names are. Names are compared as `search_key` makes them (accents, case, punctuation
    and word order ignored), in Python, so both databases give the same answer."""
    conditions: list[Any] = []
    wanted_email = (email or "").strip().lower()
    if wanted_email:
        conditions.append(func.lower(col(Contact.email)) == wanted_email)
    wanted_phone = phone_key(phone)
    if len(wanted_phone) >= MIN_PHONE_DIGITS:
        conditions.append(col(Contact.search_phone) == wanted_phone)
    name_key = search_key(full_name)
    words = [word for word in search_words(full_name) if len(word) >= 2]
    shared_words: Any = literal(0)
    if words:
        word_conditions = [col(Contact.search_name).contains(word) for word in words]
        conditions.extend(word_conditions)
        shared_words = sum((case((c, 1), else_=0) for c in word_conditions), literal(0))
    if not conditions:
        return []
    statement = (
        scoped_select(
            ctx,
            Contact,
            Contact.id,
            Contact.full_name,
            Contact.search_name,
            Contact.workplace_id,
            Contact.phone,
            Contact.email,
            Contact.search_phone,
        )
        .where(or_(*conditions))
        .order_by(shared_words.desc(), col(Contact.id))
        .limit(CANDIDATE_LIMIT)
    )
    if exclude_id is not None:
        statement = statement.where(col(Contact.id) != exclude_id)
    matches: list[DuplicateMatch] = []
    for row in (await session.execute(statement)).all():
        similarity = name_similarity(name_key, row.search_name) if name_key else 0
        if wanted_email and (row.email or "").lower() == wanted_email:
            reason = DuplicateReason.email
        elif len(wanted_phone) >= MIN_PHONE_DIGITS and row.search_phone == wanted_phone:
            reason = DuplicateReason.phone
        elif (
            name_key
            and name_key_matches(name_key, row.search_name)
            and (workplace_id is not None and row.workplace_id == workplace_id)
        ):
            reason = DuplicateReason.name_at_workplace
        elif similarity >= SIMILAR_NAME:
            reason = DuplicateReason.similar_name
        else:
            continue
        matches.append(
            DuplicateMatch(
                id=row.id,
                full_name=row.full_name,
                reason=reason,
                similarity=similarity,
                workplace_id=row.workplace_id,
                phone=row.phone,
                email=row.email,
            )
        )
    matches.sort(key=lambda m: (_RANK[m.reason], -m.similarity, search_key(m.full_name), m.id))
    return matches[:DUPLICATE_LIMIT]


def name_key_matches(left_key: str, right_key: str) -> bool:
    """The same words in any order ("Wright Jill" is "Jill Wright")."""
    return sorted(left_key.split()) == sorted(right_key.split())
