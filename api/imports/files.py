"""Reading spreadsheet CSV files as people save them: UTF-8 with or without a byte order mark,
UTF-16 ("Unicode text"), or a Windows code page (Excel's "CSV" on Windows: 1252 in Western
Europe, 1250 in Poland or Romania, detected by charset-normalizer), separated by commas,
semicolons (European locales) or tabs, with blank lines and ragged rows.

Files are read as a stream of byte chunks (`CsvStream.feed`), so reading one holds a chunk,
the record being read and the rows not yet taken, never the file: a hostile file is refused
as soon as it passes a cap (rows, columns, characters in a row or a cell)."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from api.core.errors import FieldParams
from api.imports.enums import Delimiter, FileEncoding

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
DELIMITER_CHARACTERS = {Delimiter(name): character for character, name in DELIMITER_NAMES.items()}
SAMPLE_ROWS = 50
# The separator is guessed from the file's first characters (the header and some rows).
SAMPLE_CHARS = 65_536
# A spreadsheet of people has tens of columns; thousands are a malformed or hostile file.
MAX_COLUMNS = 200
# The longest text any imported field holds (a contact's notes); a longer cell could only fail.
MAX_CELL_CHARS = 20_000
# One record (a row, with the line breaks inside its quoted cells): far more than 200 columns
# of ordinary values, and a bound on what one line of a hostile file makes the reader hold.
MAX_RECORD_CHARS = 1_000_000
# Bytes stored in one row of `import_files`, and read from an upload at a time.
CHUNK_BYTES = 1_048_576
# Bytes decoded and parsed at a time: the rows one slice completes are held together, and a
# slice of one-character rows makes tens of thousands of them.
PARSE_BYTES = 65_536

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)")


class UnreadableFile(ValueError):
    """The file is not text in an encoding we read, or not CSV at all, or passes a cap. `type`
    and `ctx` say which, for the 422's field error (see FIELD_ERROR_TYPES)."""

    def __init__(self, message: str, type: str, ctx: FieldParams | None = None) -> None:
        super().__init__(message)
        self.type = type
        self.ctx = ctx


class NotThisEncoding(UnreadableFile):
    """The bytes are not valid in the encoding they were being read as."""

    def __init__(self, encoding: str) -> None:
        super().__init__(
            f"The file claims to be {encoding} but is not", "wrong_encoding", {"encoding": encoding}
        )


def row_too_long() -> UnreadableFile:
    return UnreadableFile(
        f"A row is longer than {MAX_RECORD_CHARS:,} characters; is this a CSV file?",
        "row_too_long",
        {"max_length": MAX_RECORD_CHARS},
    )


@dataclass(frozen=True)
class Row:
    line: int  # the spreadsheet row number of the record's first line (the header is 1)
    cells: list[str]


def encoding_from_start(start: bytes) -> str | None:
    """The encoding a byte order mark announces, if the file starts with one."""
    if start.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


# Without a byte order mark a file is read as UTF-8 and, if it is not valid UTF-8, again in
# the Windows code page charset-normalizer finds most likely (a spreadsheet on Windows writes
# its locale's), or Windows-1252 when it finds none.
FALLBACK_ENCODING = "windows-1252"
# The code pages a file that is not UTF-8 is told apart between (Python's names for them).
_DETECTED_CODE_PAGES = {
    "cp1250": FileEncoding.windows_1250,
    "cp1251": FileEncoding.windows_1251,
    "cp1252": FileEncoding.windows_1252,
    "cp1253": FileEncoding.windows_1253,
    "cp1254": FileEncoding.windows_1254,
    "cp1257": FileEncoding.windows_1257,
}
# Bytes the code page is detected from: the file's start and the slice that was not UTF-8
# (so a file whose first rows are plain ASCII is judged on its accented names).
DETECTION_BYTES = 65_536


def detect_code_page(sample: bytes) -> str:
    """The Windows code page `sample` (bytes that are not UTF-8) most likely is in.

    charset-normalizer judges the lines holding bytes past ASCII (the rest read the same in
    every code page). On the few lines of a small file it often rates several code pages
    alike (Romanian's "Ş" is "ª" in Windows-1252, French "è" is "č" in Windows-1250, and both
    read as text); among those rated best, the one whose letters past ASCII one language
    (in charset-normalizer's letter tables) uses most, among those not mixing alphabets in
    a word, is taken, then Windows-1252, which is
    also named when the code page found reads the file as Windows-1252 would."""
    # Imported here, as openpyxl is for workbooks: only files that need it load it, so a
    # server at rest holds neither (a few MB each).
    import charset_normalizer

    informative = b"\n".join(line for line in sample.splitlines() if not line.isascii())
    matches = charset_normalizer.from_bytes(
        informative or sample, cp_isolation=list(_DETECTED_CODE_PAGES)
    )
    best = matches.best()
    if best is None:
        return FALLBACK_ENCODING
    alike = [
        match for match in matches if (match.chaos, match.coherence) == (best.chaos, best.coherence)
    ]
    chosen = max(
        alike,
        key=lambda match: (
            -_mixed_script_words(str(match)),
            _letters_of_one_language(str(match)),
            codecs.lookup(match.encoding).name == "cp1252",
        ),
    )
    if str(chosen) == (informative or sample).decode(FALLBACK_ENCODING, errors="replace"):
        return FALLBACK_ENCODING  # the same text either way: named as most files are
    found = _DETECTED_CODE_PAGES.get(codecs.lookup(chosen.encoding).name)
    return found.value if found is not None else FALLBACK_ENCODING


def _mixed_script_words(text: str) -> int:
    """Words mixing Latin letters with Cyrillic or Greek ones ("Josй" for "José"): no
    language writes them, so a code page reading them so is the wrong one."""
    mixed = 0
    for word in _WORD.findall(text):
        latin = any(char.isascii() for char in word)
        other = any(
            not char.isascii() and not unicodedata.name(char, "").startswith("LATIN")
            for char in word
        )
        mixed += latin and other
    return mixed


_WORD = re.compile(r"[^\W\d_]+")


def _letters_of_one_language(text: str) -> int:
    """How many of the text's letters past ASCII the language using most of them uses."""
    from charset_normalizer.constant import FREQUENCIES

    letters = Counter(char.lower() for char in text if not char.isascii() and char.isalpha())
    return max(
        (sum(letters[char] for char in alphabet) for alphabet in FREQUENCIES.values()),
        default=0,
    )


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
            for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
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


class _RecordLines:
    """The lines the csv reader reads one record from. When the lines received so far end
    inside a record, the record's lines are put back to be read again with the next chunk
    (the reader starts each record afresh), so a record may span chunks; one longer than
    `MAX_RECORD_CHARS` is refused."""

    class Exhausted(Exception):
        pass

    def __init__(self) -> None:
        self.waiting: list[str] = []  # complete lines not yet read, in reverse order
        self.taken: list[str] = []  # the lines of the record being read
        self.taken_chars = 0
        self.final = False

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if not self.waiting:
            if self.final:
                raise StopIteration
            raise self.Exhausted
        line = self.waiting.pop()
        self.taken.append(line)
        self.taken_chars += len(line)
        if self.taken_chars > MAX_RECORD_CHARS:
            raise row_too_long()
        return line

    def add(self, lines: list[str]) -> None:
        self.waiting[:0] = reversed(lines)

    def record_read(self) -> int:
        """Lines the record just read spanned."""
        count = len(self.taken)
        self.taken, self.taken_chars = [], 0
        return count

    def put_back(self) -> None:
        self.waiting.extend(reversed(self.taken))
        self.taken, self.taken_chars = [], 0


def long_cell(line: int) -> UnreadableFile:
    return UnreadableFile(
        f"Row {line} has a cell longer than {MAX_CELL_CHARS:,} characters, the most any field "
        "holds",
        "cell_too_long",
        {"row": line, "max_length": MAX_CELL_CHARS},
    )


class RowCollector:
    """The rows of a file as a reader (CSV or spreadsheet) gives them: the first row that is
    not blank is the header; rows are counted as they are read and the one past `max_rows`,
    a header of more than `MAX_COLUMNS` columns or a cell longer than `MAX_CELL_CHARS` is
    refused."""

    def __init__(self, max_rows: int | None) -> None:
        self.max_rows = max_rows
        self.header: list[str] | None = None
        self.row_count = 0

    def take(self, line: int, cells: list[str]) -> Row | None:
        if _is_blank(cells):
            return None
        if self.header is None:
            if len(cells) > MAX_COLUMNS:
                raise UnreadableFile(
                    f"The file has {len(cells)} columns; at most {MAX_COLUMNS} can be read",
                    "too_many_columns",
                    {"max_columns": MAX_COLUMNS},
                )
            self.header = clean_header(cells)
            return None
        if self.max_rows is not None and self.row_count >= self.max_rows:
            raise UnreadableFile(
                f"The file has more than {self.max_rows:,} rows; split it into several imports",
                "too_many_rows",
                {"max_rows": self.max_rows},
            )
        self.row_count += 1
        width = len(self.header)
        kept = [cell.strip() for cell in cells[:width]]
        if any(len(cell) > MAX_CELL_CHARS for cell in kept):
            raise long_cell(line)
        return Row(line=line, cells=kept + [""] * (width - len(kept)))


class CsvStream(RowCollector):
    """Reads a CSV file fed in chunks of bytes: `feed` each chunk and take the rows it
    completes, then `close`. The header is `header` once read; rows are counted as they are
    read and the one past `max_rows` is refused."""

    def __init__(
        self, encoding: str, *, delimiter: str | None = None, max_rows: int | None = None
    ) -> None:
        super().__init__(max_rows)
        self.encoding = encoding
        self.delimiter = delimiter
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        self._pending = ""  # text after the last complete line
        self._sample: list[str] = []  # text kept until the separator is known
        self._sample_chars = 0
        self._lines = _RecordLines()
        self._reader: Iterator[list[str]] | None = None
        self._next_line = 1

    def feed(self, chunk: bytes, *, final: bool = False) -> list[Row]:
        try:
            text = self._decoder.decode(chunk, final=final)
        except UnicodeDecodeError:
            raise NotThisEncoding(self.encoding) from None
        if "\x00" in text:
            raise UnreadableFile("The file holds binary data; upload a CSV file", "not_csv")
        if self.delimiter is None:
            self._sample.append(text)
            self._sample_chars += len(text)
            if self._sample_chars < SAMPLE_CHARS and not final:
                return []
            text = "".join(self._sample)
            self._sample = []
            self.delimiter = detect_delimiter(self._complete_lines(text[:SAMPLE_CHARS]))
        return self._rows(self._split(text, final=final), final=final)

    def close(self) -> list[Row]:
        rows = self.feed(b"", final=True)
        if self.header is None:
            raise UnreadableFile(
                "The file is empty: it needs a header row and at least one row", "file_empty"
            )
        return rows

    @staticmethod
    def _complete_lines(sample: str) -> str:
        """The sample without a last line cut part-way (unless it is all one line)."""
        end = max(sample.rfind("\n"), sample.rfind("\r"))
        return sample[: end + 1] if end > 0 else sample

    def _split(self, text: str, *, final: bool) -> list[str]:
        text = self._pending + text
        # Split only up to the last line break: past it the pattern would look for one from
        # every position of a long last line, in time growing with its square.
        end = max(text.rfind("\n"), text.rfind("\r")) + 1
        lines = _LINE.findall(text, 0, end)
        rest = text[end:]
        if lines and lines[-1].endswith("\r") and not final and not rest:
            # A "\r" at the end of a chunk may be the first half of "\r\n".
            rest = lines.pop()
        if final:
            if rest:
                lines.append(rest)
            rest = ""
        if len(rest) > MAX_RECORD_CHARS:
            raise row_too_long()
        self._pending = rest
        return lines

    def _rows(self, lines: list[str], *, final: bool) -> list[Row]:
        self._lines.add(lines)
        self._lines.final = final
        if self._reader is None:
            self._reader = csv.reader(self._lines, delimiter=self.delimiter or ",", strict=False)
        rows: list[Row] = []
        while True:
            try:
                cells = next(self._reader)
            except StopIteration:
                return rows
            except _RecordLines.Exhausted:
                self._lines.put_back()
                return rows
            except csv.Error as error:
                raise self._csv_error(str(error)) from None
            line = self._next_line
            self._next_line += self._lines.record_read()
            row = self.take(line, cells)
            if row is not None:
                rows.append(row)

    def _csv_error(self, message: str) -> UnreadableFile:
        if "field larger than field limit" in message:
            return long_cell(self._next_line)
        return UnreadableFile(
            f"Row {self._next_line} cannot be read as CSV: {message}",
            "csv_row_unreadable",
            {"row": self._next_line},
        )
