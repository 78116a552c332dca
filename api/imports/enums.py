"""The words an import's state is told in: shared by its table, its API shapes and its routes."""

from __future__ import annotations

from enum import StrEnum


class ImportKind(StrEnum):
    contacts = "contacts"
    workplaces = "workplaces"


class ImportStatus(StrEnum):
    uploaded = "uploaded"
    mapped = "mapped"
    running = "running"
    done = "done"
    failed = "failed"


class OnMatch(StrEnum):
    update = "update"
    skip = "skip"


class FileRole(StrEnum):
    upload = "upload"
    report = "report"


class FileFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


class FileEncoding(StrEnum):
    """The encodings a CSV file can be read in (the detected one, or the one chosen)."""

    utf_8 = "utf-8"
    utf_8_sig = "utf-8-sig"
    utf_16 = "utf-16"
    windows_1250 = "windows-1250"  # Central European: Polish, Czech, Romanian, Hungarian…
    windows_1251 = "windows-1251"  # Cyrillic
    windows_1252 = "windows-1252"  # Western European
    windows_1253 = "windows-1253"  # Greek
    windows_1254 = "windows-1254"  # Turkish
    windows_1257 = "windows-1257"  # Baltic
    iso_8859_2 = "iso-8859-2"
    iso_8859_15 = "iso-8859-15"


class Delimiter(StrEnum):
    comma = "comma"
    semicolon = "semicolon"
    tab = "tab"
