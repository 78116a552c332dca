"""Reading Excel workbooks (.xlsx): the first sheet's rows, read with openpyxl in its read-only
mode, which parses the sheet a row at a time rather than loading it.

A workbook is a zip of XML parts, so a small upload can unpack to gigabytes, and openpyxl holds
some parts whole (the shared strings, the styles) and each row's XML element while it reads it.
Before openpyxl opens a workbook, its parts are checked against caps on their unpacked sizes,
and the sheets are scanned, a chunk at a time, for text runs and rows longer than any real
spreadsheet has; defusedxml (which openpyxl uses when it is installed) refuses XML entity
expansion."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import IO, Any

from api.imports.files import MAX_RECORD_CHARS, Row, RowCollector, UnreadableFile

# The magic number every zip file (so every workbook) starts with.
ZIP_START = b"PK\x03\x04"
# Unpacked bytes of the sheets together: far more than 200,000 rows of tens of columns.
MAX_SHEETS_BYTES = 1_073_741_824
# Unpacked bytes of any other part; openpyxl holds the shared strings (every distinct text of
# the workbook) and the styles whole, so this bounds what it holds before the first row.
MAX_PART_BYTES = 25_165_824
# Cells in one row of a sheet (Excel's column limit): openpyxl holds a row's cells together.
MAX_ROW_CELLS = 16_384
# Bytes of XML between two tags (a cell's text, or a tag with its attributes).
MAX_XML_RUN = 2 * MAX_RECORD_CHARS
SCAN_BYTES = 1_048_576
# Rows given at a time (their cells are a slice of what the CSV reader gives at a time).
BATCH_ROWS = 1_000

_LONG_RUN = re.compile(b"[^<]{%d}" % MAX_XML_RUN)
_CELL_TAGS = (b"<c ", b"<c>", b"<c/")
_NOT_A_WORKBOOK = "The file is neither CSV text nor an Excel workbook (.xlsx)"


def is_workbook(start: bytes) -> bool:
    return start.startswith(ZIP_START)


def _too_big(what: str) -> UnreadableFile:
    return UnreadableFile(
        f"The workbook's {what} is larger than any spreadsheet of contacts; save the sheet as "
        "CSV and upload that",
        "workbook_unreadable",
    )


def check_workbook(file: IO[bytes]) -> None:
    """Refuses a workbook whose parts unpack past the caps, or whose sheets hold a text run
    or a row longer than the caps (reading each sheet a chunk at a time)."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFile(_NOT_A_WORKBOOK, "not_csv_or_workbook") from None
    with archive:
        sheets = [info for info in archive.infolist() if info.filename.startswith("xl/worksheets/")]
        if sum(info.file_size for info in sheets) > MAX_SHEETS_BYTES:
            raise _too_big("sheet")
        for info in archive.infolist():
            if info not in sheets and info.file_size > MAX_PART_BYTES:
                raise _too_big("text or formatting")
        try:
            for info in sheets:
                with archive.open(info) as part:
                    _scan_sheet(part)
        except UnreadableFile:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise UnreadableFile(_NOT_A_WORKBOOK, "not_csv_or_workbook") from None
    file.seek(0)


def _scan_sheet(part: IO[bytes]) -> None:
    carry = b""  # the text after the last "<" read so far
    cells_in_row = 0
    while chunk := part.read(SCAN_BYTES):
        text = carry + chunk
        if _LONG_RUN.search(text):
            raise _too_big("cell")
        last_tag = text.rfind(b"<")
        carry = text[last_tag + 1 :] if last_tag >= 0 else text
        # A tag cut by the chunk's end is counted with the next chunk or not at all: the
        # count is a bound on what openpyxl holds, not the sheet's exact shape.
        for index, piece in enumerate(chunk.split(b"<row")):
            cells = sum(piece.count(tag) for tag in _CELL_TAGS)
            cells_in_row = cells_in_row + cells if index == 0 else cells
            if cells_in_row > MAX_ROW_CELLS:
                raise _too_big("row")


def cell_text(value: Any) -> str:
    """A cell's value as the text a CSV export of it would hold: whole numbers without a
    decimal point, dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


class WorkbookReader(RowCollector):
    """The first sheet of a workbook (a seekable file), a batch of rows at a time
    (`next_batch`, empty at the end). The header is the first row that is not blank."""

    def __init__(self, file: IO[bytes], *, max_rows: int | None = None) -> None:
        super().__init__(max_rows)
        check_workbook(file)
        # Imported here: only a server given a workbook loads openpyxl (a few MB at rest).
        from openpyxl import load_workbook

        try:
            self._book = load_workbook(file, read_only=True, data_only=True)
            sheet = self._book.worksheets[0]
            # The size a sheet claims is not trusted: rows are read as they are.
            sheet.reset_dimensions()
            self._values: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
        except UnreadableFile:
            raise
        except Exception:
            # openpyxl reports a malformed workbook with whichever error its parser met
            # (zip, XML, KeyError on a missing part, ValueError, TypeError…).
            raise UnreadableFile(_NOT_A_WORKBOOK, "not_csv_or_workbook") from None
        self._line = 0

    def next_batch(self) -> list[Row]:
        rows: list[Row] = []
        while len(rows) < BATCH_ROWS:
            try:
                values = next(self._values, None)
            except Exception:
                # As above: a sheet's malformed XML is found only as it is read.
                raise UnreadableFile(
                    f"Row {self._line + 1} of the workbook cannot be read; save the sheet "
                    "as CSV and upload that",
                    "workbook_unreadable",
                ) from None
            if values is None:
                break
            self._line += 1
            cells = [cell_text(value) for value in values[:MAX_ROW_CELLS]]
            while cells and not cells[-1]:
                cells.pop()  # empty cells a sheet keeps past its last column (formatting)
            row = self.take(self._line, cells)
            if row is not None:
                rows.append(row)
        return rows

    def close(self) -> None:
        self._book.close()
