"""Text as people search for it: one normalisation for names and one for phone numbers.

Searching, the duplicate check and import matching compare these keys, computed here in
Python and stored beside the text on write (`GroupRecord.__derived_columns__`), so SQLite and
PostgreSQL compare the very same strings and always find the same people. A database-side
`unaccent` would transliterate differently from SQLite (which has none), so the keys are
made once, here.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

# Apostrophes join a name's parts (O'Neill, D\u2019Souza): dropped, so "oneill" and "o'neill"
# meet. Straight, curly, grave, acute and modifier-letter apostrophes.
_APOSTROPHES = re.compile("['\u2019\u2018`\u00b4\u02bc]")
_NOT_LETTER_OR_DIGIT = re.compile(r"[^a-z0-9]+")
_NOT_DIGIT = re.compile(r"\D")
MAX_SEARCH_WORDS = 8
UK_COUNTRY_CODE = "44"


def search_key(text: str | None) -> str:
    """Lower-case ASCII words separated by single spaces: accents and case dropped, letters
    with no decomposition (ł, ø, ß, æ) transliterated, punctuation turned into spaces.

    >>> search_key("Ní Bhriain-Łukasiewicz")
    'ni bhriain lukasiewicz'
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    unmarked = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = anyascii(_APOSTROPHES.sub("", unmarked.casefold())).lower()
    return " ".join(_NOT_LETTER_OR_DIGIT.sub(" ", ascii_text).split())


def search_words(text: str | None) -> list[str]:
    """The distinct words of a query, at most `MAX_SEARCH_WORDS` (a longer query narrows no
    further and would only make the statement longer)."""
    return list(dict.fromkeys(search_key(text).split()))[:MAX_SEARCH_WORDS]


def phone_key(phone: str | None) -> str:
    """A phone number's digits as dialled within the UK: +44 7700 900123, 0044 7700 900123
    and 07700 900123 all give 07700900123. Other countries keep their code after 00."""
    if not phone:
        return ""
    digits = _NOT_DIGIT.sub("", phone)
    international = phone.lstrip().startswith("+") or digits.startswith("00")
    if not international:
        return digits
    digits = digits.removeprefix("00")
    if digits.startswith(UK_COUNTRY_CODE):
        return "0" + digits.removeprefix(UK_COUNTRY_CODE).removeprefix("0")
    return "00" + digits


def looks_like_phone(text: str) -> bool:
    """A query of digits and phone punctuation only, with at least four digits."""
    stripped = text.strip()
    digits = _NOT_DIGIT.sub("", stripped)
    return len(digits) >= 4 and re.fullmatch(r"[+\d\s\-().,/]+", stripped) is not None
