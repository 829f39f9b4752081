"""How big an uploaded workbook really is, found before openpyxl reads a cell of it, and refusing what is too big.

A workbook is a zip of XML parts, and what it declares cannot be trusted: a sheet can say it is "A1:A1" and hold
twenty million empty rows, which openpyxl would read one by one. So each part's declared size is checked in the
zip's directory (reading a part never gives more than that: zipfile stops there and fails its checksum), each
sheet's declared dimension is checked against what Excel allows, and then each sheet's XML is streamed through
once, without parsing, counting its rows and values against a budget. The count also gives the last row
that holds a value, so a sheet formatted down to row 1,048,576 is read only as far as its data goes.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from dataclasses import dataclass

from actions.sheet_files import PlanSheetError

EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
# A plan is tens or hundreds of rows; a value below this row means a sheet that is not a plan.
MAX_FILLED_ROW = 20_000
MAX_VALUES = 200_000
# openpyxl parses a sheet's XML as far as its last value (further rows are not read): above this, far too slow.
MAX_XML_TO_READ = 32 * 1024 * 1024
MAX_PARTS = 2_000
# Uncompressed sizes as the zip declares them. A sheet of a large real plan is a few megabytes; one formatted
# row by row down to Excel's last row is about seventy.
MAX_SHEET_BYTES = 128 * 1024 * 1024
MAX_OTHER_PART_BYTES = 16 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
SCAN_SECONDS = 10.0
_CHUNK = 1024 * 1024

_ROOT = re.compile(rb"<(\w+:)?worksheet[\s>]")
_DIMENSION = rb'<%sdimension\s+ref="([A-Z]{1,4})?(\d+)?(?::([A-Z]{1,4})?(\d+)?)?"'
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')


@dataclass
class SheetExtent:
    """What one sheet's XML holds: its row elements, its values, the last row with a value and how far into the
    XML that value is."""

    rows: int = 0
    values: int = 0
    xml_to_last_value: int = 0
    xml_seen: int = 0
    last_filled_row: int = 0
    last_row: int = 0  # the number of the last row opened so far


def workbook_extents(data: bytes, filename: str, *, seconds: float = SCAN_SECONDS) -> dict[str, SheetExtent]:
    """Each worksheet part's extent, by its path in the zip; :class:`PlanSheetError` for a workbook too big to read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return {}  # not a zip after all: opening it says so
    with archive:
        sheets = _checked_parts(archive, filename)
        deadline = time.monotonic() + seconds
        return {info.filename: _sheet_extent(archive, info, filename, deadline) for info in sheets}


def part_extent(data: bytes, filename: str, path: str) -> SheetExtent:
    """The extent of a sheet kept somewhere other than xl/worksheets/ (some tools write them elsewhere)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return _sheet_extent(archive, archive.getinfo(path), filename, time.monotonic() + SCAN_SECONDS)


def _checked_parts(archive: zipfile.ZipFile, filename: str) -> list[zipfile.ZipInfo]:
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise PlanSheetError(f"{filename} has {len(parts):,} parts inside it; an Excel workbook has far fewer.")
    sheets, total = [], 0
    for info in parts:
        is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        limit = MAX_SHEET_BYTES if is_sheet else MAX_OTHER_PART_BYTES
        total += info.file_size
        if info.file_size > limit or total > MAX_TOTAL_BYTES:
            raise PlanSheetError(_too_big(filename, f"unpacks to more than {limit // 2**20} MB"))
        if is_sheet:
            sheets.append(info)
    return sheets


def _sheet_extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo, filename: str, deadline: float) -> SheetExtent:
    extent = SheetExtent()
    markers: _Markers | None = None
    carried = b""
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                buffer = carried + chunk
                if markers is None:
                    markers = _Markers.of(buffer)
                    _check_dimension(buffer, markers.prefix, filename)
                # Every marker starts with "<": cut before the last one, so none is split between two reads.
                cut = buffer.rfind(b"<")
                segment, carried = (buffer[:cut], buffer[cut:]) if cut > 0 else (buffer, b"")
                markers.count(segment, extent)
                _check_budget(extent, filename)
                if time.monotonic() > deadline:
                    raise PlanSheetError(_too_big(filename, "takes too long to read"))
            if markers is not None and carried:
                markers.count(carried, extent)
                _check_budget(extent, filename)
    except (zipfile.BadZipFile, EOFError, OSError) as error:  # zlib errors are OSError subclasses here
        raise PlanSheetError(f"{filename} is damaged: part of the workbook could not be read.") from error
    return extent


@dataclass
class _Markers:
    """The byte strings that open a row and a value, with the namespace prefix the sheet uses (often none)."""

    prefix: bytes
    rows: tuple[bytes, ...]
    values: tuple[bytes, ...]

    @classmethod
    def of(cls, head: bytes) -> _Markers:
        found = _ROOT.search(head[:4096])
        prefix = (found.group(1) or b"") if found else b""
        # As few as can be, each counted in one pass over the bytes: "<row" (also the one "<rowBreaks" after the
        # data, which only adds one to a budget) and the two ways a value is held (the schema gives <v> and <is>
        # no attributes).
        return cls(prefix, (b"<" + prefix + b"row",), (b"<" + prefix + b"v>", b"<" + prefix + b"is>"))

    def count(self, segment: bytes, extent: SheetExtent) -> None:
        rows_before, last_row_before, seen_before = extent.rows, extent.last_row, extent.xml_seen
        extent.rows += sum(segment.count(marker) for marker in self.rows)
        extent.xml_seen += len(segment)
        if extent.rows > rows_before:
            extent.last_row = self._row_number(segment, self._last(self.rows, segment, len(segment)), rows_before)
        found = sum(segment.count(marker) for marker in self.values)
        if not found:
            return
        extent.values += found
        last_value = self._last(self.values, segment, len(segment))
        extent.xml_to_last_value = seen_before + last_value
        row_start = self._last(self.rows, segment, last_value)
        # A value whose row opened in an earlier read is in the last row that read opened.
        number = last_row_before if row_start < 0 else self._row_number(segment, row_start, rows_before)
        extent.last_filled_row = max(extent.last_filled_row, number)

    @staticmethod
    def _last(markers: tuple[bytes, ...], segment: bytes, before: int) -> int:
        return max(segment.rfind(marker, 0, before) for marker in markers)

    def _row_number(self, segment: bytes, row_start: int, rows_before: int) -> int:
        numbered = _ROW_NUMBER.search(segment, row_start, segment.find(b">", row_start) + 1)
        if numbered:
            return int(numbered.group(1))
        # Rows without numbers are numbered by their order.
        return rows_before + sum(segment.count(marker, 0, row_start + len(marker)) for marker in self.rows)


def _check_dimension(head: bytes, prefix: bytes, filename: str) -> None:
    declared = re.search(_DIMENSION % re.escape(prefix), head[:8192])
    if declared is None:
        return
    rows = max(int(number) for number in (declared.group(2) or b"0", declared.group(4) or b"0"))
    columns = max(_column_number(letters) for letters in (declared.group(1) or b"A", declared.group(3) or b"A"))
    if rows > EXCEL_ROWS or columns > EXCEL_COLUMNS:
        raise PlanSheetError(_too_big(filename, f"says it has {rows:,} rows, more than Excel allows"))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _check_budget(extent: SheetExtent, filename: str) -> None:
    if extent.rows > EXCEL_ROWS:
        raise PlanSheetError(_too_big(filename, f"has more than {EXCEL_ROWS:,} rows, more than Excel allows"))
    if extent.last_filled_row > MAX_FILLED_ROW:
        raise PlanSheetError(_too_big(filename, f"has values below row {MAX_FILLED_ROW:,}"))
    if extent.values > MAX_VALUES or extent.xml_to_last_value > MAX_XML_TO_READ:
        raise PlanSheetError(_too_big(filename, "has far more cells than an action plan"))


def _too_big(filename: str, what: str) -> str:
    return (
        f"{filename} is too big to read: it {what}. An action plan is much smaller: check that this is the right "
        "file, or copy the plan's rows into a new workbook and upload that."
    )
