"""Cells for files people open in a spreadsheet (exports, import reports): never run as a
formula, and never holding a character the format cannot store."""

from __future__ import annotations

import re
from typing import Any

# What a spreadsheet runs as a formula: =, @, tab or CR first (or their full-width forms),
# + followed by anything but a phone number, or - followed by anything but a plain number.
_FORMULA = re.compile(r"^(?:[=@\t\r\uff1d\uff20\uff0b\uff0d]|\+(?![0-9 ()]*$)|-(?!\d+(?:\.\d+)?$))")
# Control characters XLSX cannot store (tab, line feed and carriage return it can).
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value: Any) -> Any:
    """Text with unstorable control characters dropped and, where a spreadsheet would run it as
    a formula, a leading apostrophe; anything else as it is."""
    if not isinstance(value, str):
        return value
    value = _UNSTORABLE.sub("", value)
    if _FORMULA.match(value):
        return "'" + value
    return value
