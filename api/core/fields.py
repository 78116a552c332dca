"""Input field types every domain shares: whitespace-cleaned text, normalised tags, timestamps
that are not in the future, money and counts, and the rules of a partial update."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field, WithJsonSchema
from pydantic.config import JsonDict
from pydantic_core import PydanticCustomError

from api.core.db import utcnow

DateT = TypeVar("DateT", bound=date)

# A phone's clock may run a little fast; anything later than this is a mistake.
FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_TAG_LENGTH = 50
MAX_TAGS = 50


# The version a client read, on every update: a stale one is refused, never overwritten.
# Versions fit a 32-bit column (0 is a group's assessment scale before its first save);
# anything else cannot be one the client read.
MAX_VERSION = 2**31 - 1
VersionField = Field(
    default=None,
    ge=0,
    le=MAX_VERSION,
    description="The version you read (or send If-Match instead); a stale one is refused",
)

# NUL cannot be stored in PostgreSQL text, and an unpaired surrogate is not Unicode at all.
UNSTORABLE_TEXT = re.compile("[\\x00\\ud800-\\udfff]")

# Dates and times outside these years are typing mistakes or attacks: refused, never stored.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200
OUT_OF_RANGE = f"Give a date between {EARLIEST_YEAR} and {LATEST_YEAR}"


def in_year_range(value: date) -> bool:
    """A date or time (in any zone) that every database and date sum here can hold."""
    return EARLIEST_YEAR <= value.year <= LATEST_YEAR


def check_year_range(value: DateT) -> DateT:
    if not in_year_range(value):
        raise PydanticCustomError(
            "year_range", OUT_OF_RANGE, {"min_year": EARLIEST_YEAR, "max_year": LATEST_YEAR}
        )
    return value


NULL_ON_PATCH = "This field cannot be null; leave it out to keep its value"


def refuse_null(value: object) -> object:
    """On a partial update a field may be left out, never set to null: use as
    `_required = field_validator("name", ...)(refuse_null)`."""
    if value is None:
        raise PydanticCustomError("not_null", NULL_ON_PATCH)
    return value


def clean_name(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise PydanticCustomError("not_blank", "Enter a name")
    return value


def blank_to_none(value: object) -> object:
    """Optional text: surrounding spaces dropped, an empty string means "no value"."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def normalise_tags(values: list[str]) -> list[str]:
    """Trimmed, inner spaces collapsed, lower-cased, duplicates dropped, first order kept."""
    seen: list[str] = []
    for raw in values:
        tag = " ".join(raw.split()).lower()
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise PydanticCustomError(
                "string_too_long",
                "Each tag must be at most {max_length} characters",
                {"max_length": MAX_TAG_LENGTH},
            )
        if tag not in seen:
            seen.append(tag)
    return seen


def normalise_labels(values: list[str]) -> list[str]:
    """Names such as unions: trimmed, duplicates (ignoring case) dropped, spelling kept."""
    kept: list[str] = []
    folded: set[str] = set()
    for raw in values:
        label = " ".join(raw.split())
        if not label:
            continue
        if len(label) > 100:
            raise PydanticCustomError(
                "string_too_long",
                "Each name must be at most {max_length} characters",
                {"max_length": 100},
            )
        if label.casefold() not in folded:
            folded.add(label.casefold())
            kept.append(label)
    return kept


# Refusals that depend on the time of the request, which no schema can state.
IN_THE_FUTURE = "This time is in the future"
# A day that has not come yet where one usually means a day that has (money received, a
# follow-up's due day in the past): refused unless the request says it is meant.
DAY_IN_THE_FUTURE = "This date is in the future"
DAY_IN_THE_PAST = "This date has already passed"
NOT_IN_THE_FUTURE = "Choose a time in the future"


def not_in_future(value: datetime) -> datetime:
    if value > utcnow() + FUTURE_TOLERANCE:
        raise PydanticCustomError("in_the_future", IN_THE_FUTURE)
    return value


# For the document only: text that must hold something besides whitespace. The validators
# (`clean_name`, the labels') enforce it with `str.split()`, whose whitespace is what
# `str.isspace()` accepts: the characters listed here. `\S` would not do, because regex
# engines disagree on it (ECMAScript's counts the separators U+001C-U+001F and U+0085 as
# text, and U+FEFF as space).
PYTHON_WHITESPACE = (
    r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
NOT_BLANK: JsonDict = {"pattern": f"[^{PYTHON_WHITESPACE}]"}
Name = Annotated[
    str,
    Field(min_length=1, max_length=200, json_schema_extra=NOT_BLANK),
    AfterValidator(clean_name),
]
Tags = Annotated[
    list[str],
    Field(max_length=MAX_TAGS, description="Normalised: trimmed, lower-case, no duplicates"),
    AfterValidator(normalise_tags),
]
Labels = Annotated[list[str], Field(max_length=20), AfterValidator(normalise_labels)]
# Every date and time a request sends: years 1900 to 2200, so no sum or zone shift overflows.
Day = Annotated[date, AfterValidator(check_year_range)]
Moment = Annotated[AwareDatetime, AfterValidator(check_year_range)]
PastTime = Annotated[Moment, AfterValidator(not_in_future)]


Text50 = Annotated[Annotated[str, Field(max_length=50)] | None, BeforeValidator(blank_to_none)]
Text100 = Annotated[Annotated[str, Field(max_length=100)] | None, BeforeValidator(blank_to_none)]
Text200 = Annotated[Annotated[str, Field(max_length=200)] | None, BeforeValidator(blank_to_none)]
Text500 = Annotated[Annotated[str, Field(max_length=500)] | None, BeforeValidator(blank_to_none)]
LongText = Annotated[
    Annotated[str, Field(max_length=20_000)] | None, BeforeValidator(blank_to_none)
]


def clean_text(value: str) -> str:
    value = value.strip()
    if not value:
        raise PydanticCustomError("not_blank", "Enter some text")
    return value


def optional_text(value: str | None) -> str | None:
    return None if value is None else clean_text(value)


def unique_ids(value: list[uuid.UUID] | None) -> list[uuid.UUID] | None:
    """Ids named in a request, duplicates dropped, first order kept."""
    return None if value is None else list(dict.fromkeys(value))


# Pounds and pence, never negative: a refund or a debt is not a strike fund.
# A JSON number that is a whole number of pence, or a string of digits with at most two
# decimal places (pydantic's own schema would allow any number and any string). The server
# reads a number by its shortest decimal spelling, so `multipleOf: 0.01` is its rule exactly:
# 0.07 is taken, 0.075 (or 6835248940.439695) is refused naming the field.
MONEY_TEXT = r"^[0-9]{1,10}(\.[0-9]{1,2})?$"
Money = Annotated[
    Decimal,
    Field(ge=0, max_digits=12, decimal_places=2),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 9_999_999_999.99, "multipleOf": 0.01},
                {"type": "string", "pattern": MONEY_TEXT},
            ]
        }
    ),
]


def refuse_true_and_false(value: Any) -> Any:
    """For a whole number: `true` is not 1 (pydantic would read it so), while 12.0 is still
    12. Put it after the number's `Field` constraints, so the document keeps them."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer, not true or false")
    return value


VERSION_NOT_NULL = "Send the version you read, or leave version out and send If-Match"


def refuse_null_version(value: int | None) -> int | None:
    """Left out, the version comes from If-Match; sent, it must be one."""
    if value is None:
        raise PydanticCustomError("not_null", VERSION_NOT_NULL)
    return value


# The version on an update body: `version: Version = VersionField`.
Version = Annotated[
    int | None, BeforeValidator(refuse_true_and_false), AfterValidator(refuse_null_version)
]

# A number of people or things, never negative.
Count = Annotated[int, Field(ge=0, le=10_000_000), BeforeValidator(refuse_true_and_false)]


def money(value: Any) -> Decimal | None:
    """Money as read back from either database, to two places."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))
