"""Text the server writes to people (emails), in the reader's language.

Messages are written in British English in the code, through a `Translator`'s `gettext` and
`ngettext`, and translated in gettext catalogues, `api/locales/<code>/LC_MESSAGES/messages.po`
(`make i18n-extract` copies new messages into them). The catalogues are compiled in memory the
first time a language is asked for, so there is no build step; a message a catalogue lacks falls
back to English, and `catalogue_problems` (a test runs it) refuses a shipped catalogue with a
missing message or a placeholder that differs from the English.
"""

from __future__ import annotations

import functools
import gettext
import io
import string
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_time
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from api.core.languages import LANGUAGES, SOURCE_LANGUAGE

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"

# The locale each language's dates are written in (the web app's `intlLocale` for it).
_FORMAT_LOCALES = {
    "en-GB": "en_GB",
    "pl": "pl_PL",
    "ro": "ro_RO",
    "pt": "pt_PT",
    "es": "es_ES",
    "ar": "ar",
}


def catalogue_path(language: str, directory: Path = CATALOGUE_DIR) -> Path:
    return directory / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(language: str, directory: Path = CATALOGUE_DIR) -> Catalog:
    with catalogue_path(language, directory).open("rb") as po:
        return read_po(po, locale=language)


def supported_language(value: str | None) -> str | None:
    """The shipped language `value` names, or None (for a stored or requested choice that is
    unset or no longer shipped)."""
    return value if value in LANGUAGES else None


def first_language(*choices: str | None) -> str:
    """The first shipped language among the choices, most specific first; British English
    when none is."""
    for choice in choices:
        language = supported_language(choice)
        if language is not None:
            return language
    return SOURCE_LANGUAGE


@dataclass(frozen=True)
class Translator:
    """One reader's language: its messages, plural rules and date formats."""

    language: str
    _translations: gettext.NullTranslations

    @property
    def locale(self) -> Locale:
        return Locale.parse(_FORMAT_LOCALES[self.language])

    def gettext(self, message: str, **params: object) -> str:
        """`message` in the reader's language, its `{placeholders}` filled from `params`."""
        return self._translations.gettext(message).format(**params)

    def ngettext(self, singular: str, plural: str, n: int, **params: object) -> str:
        """The form of the message the language uses for the number `n` (also `{n}`)."""
        return self._translations.ngettext(singular, plural, n).format(n=n, **params)

    def date(self, value: date) -> str:
        """A day as the reader writes it in a sentence (British English: 3 March 2026)."""
        return format_date(value, "long", locale=self.locale)

    def time(self, value: datetime, tz: tzinfo | None = None) -> str:
        """A time of day as the reader writes it (British English: 14:05), in `tz`."""
        return format_time(value, "short", tzinfo=tz, locale=self.locale)


@functools.cache
def _compiled(language: str) -> gettext.NullTranslations:
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    catalogue = read_catalogue(language)
    mo = io.BytesIO()
    # Untranslated entries are left out, so gettext falls back to the English message.
    write_mo(mo, catalogue)
    mo.seek(0)
    return gettext.GNUTranslations(mo)


def translator(language: str | None) -> Translator:
    """The translator for a shipped language; British English for anything else."""
    chosen = first_language(language)
    return Translator(chosen, _compiled(chosen))


def load_catalogues() -> None:
    """Compile every catalogue now (at start-up), so a broken one stops the server rather than
    the first mail in its language."""
    for language in LANGUAGES:
        _compiled(language)


# --- checks -----------------------------------------------------------------------------------


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def _texts(value: object) -> tuple[str, ...]:
    """A catalogue entry's message or translation as a tuple: one text, or one per plural form."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (tuple, list)):
        return tuple(str(text or "") for text in value)
    return ("",)


def catalogue_problems(template: Catalog, catalogue: Catalog, language: str) -> Iterable[str]:
    """What keeps `catalogue` from being complete against the extracted `template`: a message
    missing or untranslated, a plural form missing, or placeholders unlike the English ones
    (a plural form may leave out the number `{n}`, as Arabic does for one and two)."""
    for source in template:
        if not source.id:
            continue
        english = _texts(source.id)
        plural = len(english) > 1
        entry = catalogue.get(source.id)
        if entry is None:
            yield f"{language}: missing {english[0]!r}"
            continue
        forms = _texts(entry.string)
        needed = catalogue.num_plurals if plural else 1
        if len(forms) < needed or not all(forms[:needed]):
            yield f"{language}: untranslated {english[0]!r}"
            continue
        wanted = set().union(*(placeholders(text) for text in english))
        if plural:
            wanted.discard("n")
        for form in forms[:needed]:
            found = placeholders(form) - ({"n"} if plural else set())
            if found != wanted:
                yield f"{language}: {english[0]!r} has {sorted(found)}, not {sorted(wanted)}"
                break
