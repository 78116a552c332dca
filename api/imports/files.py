"""Reading spreadsheet CSV files as people save them: UTF-8 with or without a byte order mark,
Windows-1252 (Excel's "CSV" on Windows), UTF-16 ("Unicode text"), separated by commas,
semicolons (European locales) or tabs, with blank lines and ragged rows."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from typing import Any

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
SAMPLE_ROWS = 50
# A spreadsheet of people has tens of columns; thousands are a malformed or hostile file.
MAX_COLUMNS = 200


class UnreadableFile(ValueError):
    """The file is not text in an encoding we read, or not CSV at all."""


@dataclass(frozen=True)
class Row:
    line: int  # the spreadsheet row number of the record's first line (the header is 1)
    cells: list[str]


@dataclass(frozen=True)
class CsvFile:
    encoding: str
    delimiter: str
    header: list[str]
    rows: list[Row]


def detect_encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        raise UnreadableFile(
            "The file is not text in UTF-8 or Windows-1252; save it from your spreadsheet as "
            "CSV (UTF-8)"
        ) from None
    return "windows-1252"


def decode(data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was read with."""
    encoding = detect_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise UnreadableFile(f"The file claims to be {encoding} but is not") from None
    if "\x00" in text:
        raise UnreadableFile("The file holds binary data; upload a CSV file")
    return text, encoding


def _records(text: str, delimiter: str) -> Any:
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)


def _is_blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def detect_delimiter(text: str) -> str:
    """The separator that splits the header into the most columns while the first rows keep
    that many columns; commas win ties. (`csv.Sniffer` guesses wrong on short files and on
    semicolon files whose values hold commas.)"""
    best: tuple[int, int, int] = (-1, -1, 0)
    chosen = ","
    for preference, delimiter in enumerate(DELIMITERS):
        rows: list[list[str]] = []
        try:
            for cells in _records(text, delimiter):
                if _is_blank(cells):
                    continue
                rows.append(cells)
                if len(rows) > SAMPLE_ROWS:
                    break
        except csv.Error:
            continue
        if not rows:
            continue
        width = len(rows[0])
        if width < 2:
            continue
        consistent = sum(len(cells) == width for cells in rows[1:])
        score = (consistent, width, -preference)
        if score > best:
            best, chosen = score, delimiter
    return chosen


def clean_header(cells: list[str]) -> list[str]:
    """Trimmed column names; blank ones named by position, repeated ones numbered."""
    header: list[str] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(cells):
        name = " ".join(raw.replace("\ufeff", "").split()) or f"Column {index + 1}"
        key = name.casefold()
        if key in seen:
            seen[key] += 1
            name = f"{name} ({seen[key]})"
        else:
            seen[key] = 1
        header.append(name)
    return header


def read_csv(data: bytes, *, max_rows: int | None = None) -> CsvFile:
    """The file's header and rows; more than `max_rows` rows or `MAX_COLUMNS` columns are
    refused as soon as they are met, before the rest is read."""
    text, encoding = decode(data)
    delimiter = detect_delimiter(text)
    header: list[str] | None = None
    rows: list[Row] = []
    reader = _records(text, delimiter)
    next_line = 1
    try:
        for cells in reader:
            line, next_line = next_line, reader.line_num + 1
            if _is_blank(cells):
                continue
            if header is None:
                if len(cells) > MAX_COLUMNS:
                    raise UnreadableFile(
                        f"The file has {len(cells)} columns; at most {MAX_COLUMNS} can be read"
                    )
                header = clean_header(cells)
                continue
            if max_rows is not None and len(rows) >= max_rows:
                raise UnreadableFile(
                    f"The file has more than {max_rows} rows; split it into several imports"
                )
            width = len(header)
            padded = cells[:width] + [""] * (width - len(cells))
            rows.append(Row(line=line, cells=[cell.strip() for cell in padded]))
    except csv.Error as error:
        raise UnreadableFile(f"Row {next_line} cannot be read as CSV: {error}") from None
    if header is None:
        raise UnreadableFile("The file is empty: it needs a header row and at least one row")
    return CsvFile(encoding=encoding, delimiter=delimiter, header=header, rows=rows)
