"""Small files that unpack to very large ones, in the shapes that have stopped a web worker, built in memory.

Shared by the uploads benchmark and the tests of the upload limits:
- a workbook of about 180 kB whose sheet holds twenty million empty rows (and says it is "A1:H2");
- a real-looking plan formatted row by row down to Excel's last row, 1,048,576, with five actions in it;
- a PDF of about 200 kB whose one page unpacks to 70 MB of drawing instructions (and one whose page draws forms
  that do, each under the limit of one stream).
"""

from __future__ import annotations

import io
import zipfile
import zlib

from openpyxl import Workbook
from openpyxl.styles import Font

HEADER = ["Ref", "Action", "Lead", "Due date", "Rating"]
ACTIONS = [[f"1.{n}", f"Action number {n} of the plan", "A. Lead", "31/03/2024", "Green"] for n in range(1, 6)]
_SHEET = "xl/worksheets/sheet1.xml"
_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _workbook_with_sheet(sheet_xml_parts) -> bytes:
    """An openpyxl workbook (so its other parts are real) whose first sheet's XML is replaced by the parts given."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(HEADER)
    sheet["A1"].font = Font(bold=True)  # a second cell style, for the formatted rows
    original = io.BytesIO()
    workbook.save(original)
    out = io.BytesIO()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for info in source.infolist():
            if info.filename != _SHEET:
                zf.writestr(info, source.read(info.filename))
        with zf.open(_SHEET, "w", force_zip64=True) as stream:
            for part in sheet_xml_parts:
                stream.write(part)
    return out.getvalue()


def _inline_row(number: int, values: list[str]) -> bytes:
    cells = "".join(
        f'<c r="{chr(65 + column)}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
        for column, value in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'.encode()


def empty_rows_workbook(rows: int = 20_000_000) -> bytes:
    """A plan's header and one action, then ``rows`` empty rows, under a dimension that claims two rows."""

    def parts():
        yield _OPEN + b'<dimension ref="A1:E2"/><sheetData>'
        yield _inline_row(1, HEADER) + _inline_row(2, ACTIONS[0])
        block = b"<row/>" * 100_000
        for _ in range(rows // 100_000):
            yield block
        yield b"</sheetData></worksheet>"

    return _workbook_with_sheet(parts())


def formatted_to_the_last_row_workbook(last_row: int = 1_048_576) -> bytes:
    """A small plan (header and five actions), every row below it formatted down to ``last_row``, as Excel saves it."""

    def parts():
        yield _OPEN + f'<dimension ref="A1:E{last_row}"/><sheetData>'.encode()
        yield b"".join(_inline_row(number, values) for number, values in enumerate([HEADER, *ACTIONS], start=1))
        first = len(ACTIONS) + 2
        for start in range(first, last_row + 1, 10_000):
            yield b"".join(
                b'<row r="%d" spans="1:5" s="1" customFormat="1" ht="15" customHeight="1"/>' % number
                for number in range(start, min(start + 10_000, last_row + 1))
            )
        yield b"</sheetData></worksheet>"

    return _workbook_with_sheet(parts())


_LINE = b"BT /F1 9 Tf 72 720 Td (Area SEND inspection of an invented local area partnership) Tj ET\n"


def _packed(unpacked_bytes: int) -> bytes:
    compressor = zlib.compressobj(9)
    packed = [compressor.compress(_LINE * (unpacked_bytes // len(_LINE) // 64)) for _ in range(64)]
    return b"".join(packed) + compressor.flush()


def _stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(data), entries) + data + b"\nendstream"


def inflating_pdf(unpacked_bytes: int = 70 * 1024 * 1024) -> bytes:
    """A one-page PDF whose page's drawing instructions unpack to ``unpacked_bytes``: text drawn over and over."""
    return _pdf(_stream(_packed(unpacked_bytes)), [])


def pdf_drawing_forms(forms: int = 20, unpacked_bytes_each: int = 1024 * 1024) -> bytes:
    """A one-page PDF whose short page draws ``forms`` form XObjects, each unpacking to ``unpacked_bytes_each``."""
    names = [b"/Fm%d" % number for number in range(forms)]
    page = b" ".join(b"q %s Do Q" % name for name in names)
    form = _stream(_packed(unpacked_bytes_each), b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                   b"/Resources << /Font << /F1 4 0 R >> >> ")
    return _pdf(_stream(zlib.compress(page)), [form] * forms)


def _pdf(content: bytes, forms: list[bytes]) -> bytes:
    xobjects = b" ".join(b"/Fm%d %d 0 R" % (number, 6 + number) for number in range(len(forms)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> "
        b"/XObject << %s >> >> /Contents 5 0 R >>" % xobjects,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        content,
        *forms,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
