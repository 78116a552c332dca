"""The languages the app is written in: what an account may choose to read it in.

The web app keeps the same list (frontend/src/lib/languages.json, with each language's name and
direction); a test holds the two to the same codes.
"""

from typing import Literal, get_args

Language = Literal["en-GB", "pl", "ro", "pt", "es", "ar"]

LANGUAGES: tuple[str, ...] = get_args(Language)

# The language the code's own text is written in: it needs no catalogue.
SOURCE_LANGUAGE = "en-GB"
