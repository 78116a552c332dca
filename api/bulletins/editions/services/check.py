"""The identification check before print: every name of the group's contacts and members, and
every phone number and email address, found in the edition's text in any language, each to be
confirmed by the editor; and the checklist, ticked item by item. Both hold for the text they
were made on: a change of text makes them stale, and the PDF is refused until they are redone.

Names are compared by their search keys (`api.core.search_text`): accents, case and
punctuation dropped, so "Zoë O'Neill" in the text finds the contact "zoe oneill".
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from api.auth.models import User
from api.bulletins.editions.enums import ChecklistItem, FindingKind
from api.bulletins.editions.models import Article, Edition
from api.bulletins.editions.schemas import (
    ChecklistTick,
    ChecklistTicks,
    Finding,
    FindingConfirmation,
    IdentificationCheck,
)
from api.bulletins.editions.services.common import articles_of, get_edition, text_hash
from api.bulletins.editions.services.editions import check_is_ready
from api.contacts.models import Contact
from api.core.context import GroupContext
from api.core.db import utcnow
from api.core.errors import Conflict, Forbidden
from api.core.permissions import Permission, Scope
from api.core.records import RecordWriter
from api.core.references import invalid
from api.core.search_text import phone_key, search_key
from api.core.tenancy import in_group, scoped_select
from api.core.tenants import Membership

# Longer runs of words than any name the check looks for.
MAX_NAME_WORDS = 6
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Seven or more digits, with the spaces, dashes, dots and brackets people write numbers with.
_PHONE = re.compile(r"\+?\d[\d\s\-.()]{5,}\d")
_MIN_PHONE_DIGITS = 7


class CheckOutdated(Conflict):
    code = "identification_check_outdated"
    detail = "The edition's text changed since the identification check: run it again"


class CannotReadContacts(Forbidden):
    code = "insufficient_scope"
    detail = "The identification check names the group's contacts: it needs the contacts:read scope"


@dataclass
class _Found:
    kind: FindingKind
    text: str
    languages: set[str] = field(default_factory=set)


def _texts_by_language(articles: Sequence[Article]) -> dict[str, str]:
    texts: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        for language, text in article.texts.items():
            texts[language].extend([text.get("headline", ""), text.get("body", "")])
    return {language: "\n".join(parts) for language, parts in texts.items()}


def _word_runs(text: str) -> set[str]:
    """Every run of one to MAX_NAME_WORDS consecutive words of the text, as search keys."""
    words = search_key(text).split()
    return {
        " ".join(words[start : start + length])
        for start in range(len(words))
        for length in range(1, MAX_NAME_WORDS + 1)
        if start + length <= len(words)
    }


def _contact_details(found: dict[str, _Found], language: str, text: str) -> None:
    for match in _EMAIL.finditer(text):
        email = match.group(0)
        entry = found.setdefault(f"email:{email.casefold()}", _Found(FindingKind.email, email))
        entry.languages.add(language)
    for match in _PHONE.finditer(_EMAIL.sub(" ", text)):
        number = match.group(0).strip()
        key = phone_key(number)
        if len(key) >= _MIN_PHONE_DIGITS:
            entry = found.setdefault(f"phone:{key}", _Found(FindingKind.phone, number))
            entry.languages.add(language)


def _names(
    found: dict[str, _Found],
    kind: FindingKind,
    names: Iterable[tuple[str, str]],
    runs_by_language: dict[str, set[str]],
) -> None:
    for name, key in names:
        if not key:
            continue
        for language, runs in runs_by_language.items():
            if key in runs:
                entry = found.setdefault(f"{kind.value}:{key}", _Found(kind, name))
                entry.languages.add(language)


async def _scan(
    session: AsyncSession, ctx: GroupContext, articles: Sequence[Article]
) -> dict[str, _Found]:
    texts = _texts_by_language(articles)
    runs_by_language = {language: _word_runs(text) for language, text in texts.items()}
    found: dict[str, _Found] = {}
    contacts = await session.execute(
        scoped_select(ctx, Contact, Contact.full_name, Contact.search_name)
    )
    _names(found, FindingKind.contact, contacts.all(), runs_by_language)
    members = await session.execute(
        select(col(User.display_name))
        .join(Membership, col(Membership.user_id) == col(User.id))
        .where(in_group(ctx, Membership))
    )
    _names(
        found,
        FindingKind.member,
        ((name, search_key(name)) for (name,) in members.all()),
        runs_by_language,
    )
    for language, text in texts.items():
        _contact_details(found, language, text)
    return found


def _refuse_without_contacts(ctx: GroupContext) -> None:
    """The findings name the group's contacts and members: only for callers who may read them."""
    if not (ctx.can(Permission.records_read) and ctx.can(Permission.members_read)):
        raise CannotReadContacts("Your role cannot read the group's contacts")
    if ctx.token_scopes is not None and Scope.contacts_read not in ctx.token_scopes:
        raise CannotReadContacts()


def _present(edition: Edition, articles: Sequence[Article]) -> IdentificationCheck:
    current_hash = text_hash(articles)
    current = edition.check_text_hash == current_hash
    checklist = {
        ChecklistItem(item): ChecklistTick.model_validate(tick)
        for item, tick in edition.checklist.items()
        if tick.get("text_hash") == current_hash
    }
    return IdentificationCheck(
        current=current,
        findings=[Finding.model_validate(finding) for finding in edition.check_findings]
        if current
        else [],
        checklist=checklist,
        ready=check_is_ready(edition, articles),
    )


async def read_check(
    session: AsyncSession, ctx: GroupContext, edition_id: uuid.UUID
) -> IdentificationCheck:
    _refuse_without_contacts(ctx)
    edition = await get_edition(session, ctx, edition_id)
    return _present(edition, await articles_of(session, ctx, [edition.id]))


async def run_check(
    session: AsyncSession, ctx: GroupContext, edition_id: uuid.UUID
) -> IdentificationCheck:
    """Scan the edition's text as it stands. Confirmations made on this very text are kept;
    after a change of text every finding must be confirmed again."""
    _refuse_without_contacts(ctx)
    edition = await get_edition(session, ctx, edition_id, for_update=True)
    articles = await articles_of(session, ctx, [edition.id])
    current_hash = text_hash(articles)
    confirmed = (
        {finding["key"]: finding for finding in edition.check_findings}
        if edition.check_text_hash == current_hash
        else {}
    )
    findings = []
    for key, found in sorted((await _scan(session, ctx, articles)).items()):
        previous = confirmed.get(key, {})
        findings.append(
            Finding(
                key=key,
                kind=found.kind,
                text=found.text,
                languages=sorted(found.languages),
                confirmed_by=previous.get("confirmed_by"),
                confirmed_at=previous.get("confirmed_at"),
            ).model_dump(mode="json")
        )
    await RecordWriter.for_context(session, ctx).update(
        edition, {"check_text_hash": current_hash, "check_findings": findings}
    )
    return _present(edition, articles)


async def _current(
    session: AsyncSession, ctx: GroupContext, edition_id: uuid.UUID
) -> tuple[Edition, list[Article], str]:
    edition = await get_edition(session, ctx, edition_id, for_update=True)
    articles = await articles_of(session, ctx, [edition.id])
    current_hash = text_hash(articles)
    if edition.check_text_hash != current_hash:
        raise CheckOutdated()
    return edition, articles, current_hash


async def confirm_findings(
    session: AsyncSession, ctx: GroupContext, edition_id: uuid.UUID, data: FindingConfirmation
) -> IdentificationCheck:
    """The editor has looked at each of these findings and it may be printed."""
    _refuse_without_contacts(ctx)
    edition, articles, _hash = await _current(session, ctx, edition_id)
    known = {finding["key"] for finding in edition.check_findings}
    unknown = [key for key in data.keys if key not in known]
    if unknown:
        raise invalid("keys", f"No such finding in the current check: {unknown[0]}")
    now = utcnow().isoformat()
    wanted = set(data.keys)
    findings = [
        finding | {"confirmed_by": str(ctx.user_id), "confirmed_at": now}
        if finding["key"] in wanted and finding.get("confirmed_at") is None
        else finding
        for finding in edition.check_findings
    ]
    await RecordWriter.for_context(session, ctx).update(edition, {"check_findings": findings})
    return _present(edition, articles)


async def tick_checklist(
    session: AsyncSession, ctx: GroupContext, edition_id: uuid.UUID, data: ChecklistTicks
) -> IdentificationCheck:
    """Record who ticked each item and when, for the text as it stands."""
    _refuse_without_contacts(ctx)
    edition, articles, current_hash = await _current(session, ctx, edition_id)
    tick = {
        "ticked_by": str(ctx.user_id),
        "ticked_at": utcnow().isoformat(),
        "text_hash": current_hash,
    }
    checklist = dict(edition.checklist)
    for item in data.items:
        if checklist.get(item.value, {}).get("text_hash") != current_hash:
            checklist[item.value] = tick
    await RecordWriter.for_context(session, ctx).update(edition, {"checklist": checklist})
    return _present(edition, articles)
