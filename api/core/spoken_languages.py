"""The languages people speak: a contact's preferred and other languages, a member's languages.

Codes are BCP 47's canonical ones for a language alone: the ISO 639-1 code where there is one,
otherwise the ISO 639-3 code. The list is generated from ISO 639-3 and CLDR names by
frontend/scripts/generate-spoken-languages.mjs into spoken_languages.json beside this module;
the web app keeps the same list (frontend/src/lib/spokenLanguages.json), and a test holds the
two equal.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

MAX_OTHER_LANGUAGES = 10
MAX_SPOKEN_LANGUAGES = 20

_TABLE = json.loads((Path(__file__).parent / "spoken_languages.json").read_text("utf-8"))

# code -> English name
LANGUAGE_NAMES: dict[str, str] = {entry["code"]: entry["name"] for entry in _TABLE["languages"]}
LANGUAGE_CODES: tuple[str, ...] = tuple(LANGUAGE_NAMES)


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


# Every way a spreadsheet or an old free-text field may name a language: its code, its
# English and ISO names, its name in itself and in each language the app is written in.
_BY_WORD: dict[str, str] = {}
for _entry in _TABLE["languages"]:
    for _word in (_entry["code"], *_entry["names"]):
        _BY_WORD.setdefault(_key(_word), _entry["code"])

UNKNOWN_LANGUAGE = "Choose a language from the list: an ISO 639 code such as pl, ar or syl"


def language_for(text: str) -> str | None:
    """The code a written language name or code means (any case and spacing), or None."""
    return _BY_WORD.get(_key(text))


def check_language(value: str) -> str:
    if value not in LANGUAGE_NAMES:
        raise PydanticCustomError("unknown_language", UNKNOWN_LANGUAGE)
    return value


def refuse_repeats(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise PydanticCustomError("repeated_item", "Name each language once")
    return values


SpokenLanguage = Annotated[
    str,
    Field(
        json_schema_extra={"enum": list(LANGUAGE_CODES)},
        description="An ISO 639 code in BCP 47 form (two letters where ISO 639-1 has them)",
    ),
    AfterValidator(check_language),
]


_UNIQUE = {"uniqueItems": True}

# A contact's languages besides the preferred one.
OtherLanguages = Annotated[
    list[SpokenLanguage],
    Field(max_length=MAX_OTHER_LANGUAGES, json_schema_extra=_UNIQUE),
    AfterValidator(refuse_repeats),
]
# The languages a member speaks.
SpokenLanguages = Annotated[
    list[SpokenLanguage],
    Field(max_length=MAX_SPOKEN_LANGUAGES, json_schema_extra=_UNIQUE),
    AfterValidator(refuse_repeats),
]
