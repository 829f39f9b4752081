"""A letter file (PDF or plain text): its limits, the text read out of it, and refusing what cannot be read."""

from __future__ import annotations

import codecs
import io
import statistics
import time
from collections.abc import Callable
from pathlib import PurePath

from pypdf import PdfReader, apply_configuration
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

MAX_LETTER_BYTES = 10 * 1024 * 1024
# Outcome letters run to 5-20 pages; a much longer PDF is something else and slow to read.
MAX_LETTER_PAGES = 60
# A published letter's page draws with 30-50 kB of instructions once unpacked. A few kilobytes of PDF can unpack
# to tens of megabytes, and reading text from them takes seconds a megabyte, so each unpacked stream and all
# of a letter's pages together are held to a budget, checked while unpacking, before any text is read.
MAX_STREAM_BYTES = 4 * 1024 * 1024
MAX_CONTENT_BYTES = 16 * 1024 * 1024
# Reading stops after this long even where no time limit of a worker applies (tasks run in the web process in
# the embedded default).
MAX_READ_SECONDS = 20.0
_TOO_MUCH = (
    "The PDF holds far more than an inspection letter: it unpacks to more than {mb} MB. "
    "Check that this is the outcome letter as published by Ofsted, or upload its text (.txt)."
)


class LetterError(ValueError):
    """The upload cannot be read as an inspection letter; the message is written for the person uploading."""


def extract_text(data: bytes, filename: str, *, on_page: Callable[[int, int], None] | None = None) -> str:
    """The letter's text from an uploaded PDF or plain-text file; pages are separated by form feeds.

    ``on_page(number, pages)`` is told of each PDF page as it is read, for a page that shows progress.
    """
    if not data:
        raise LetterError("The file is empty. Upload the inspection letter as a PDF or a plain-text (.txt) file.")
    if len(data) > MAX_LETTER_BYTES:
        raise LetterError(
            f"The file is too big ({len(data) / 1024 / 1024:.1f} MB). "
            f"Upload a letter of {MAX_LETTER_BYTES // (1024 * 1024)} MB or less."
        )
    suffix = PurePath(filename or "").suffix.lower()
    if b"%PDF-" in data[:1024]:
        return _pdf_text(data, on_page or (lambda number, pages: None))
    if suffix == ".pdf":
        raise LetterError("The file is named .pdf but is not a PDF. Upload the letter as published by Ofsted.")
    if suffix not in ("", ".txt", ".text"):
        raise LetterError(
            f"{suffix} files cannot be read. Upload the letter as a PDF or a plain-text (.txt) file."
        )
    return _plain_text(data)


def _plain_text(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise LetterError("The file is not readable plain text. Upload the letter as a PDF.") from exc
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Text saved on Windows is usually cp1252; its five unused bytes become replacement marks.
            text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if "\x00" in text or controls > len(text) / 100:
        raise LetterError(
            "The file is not a PDF or plain text. Upload the letter as a PDF or a plain-text (.txt) file."
        )
    if not any(ch.isalpha() for ch in text):
        raise LetterError("The file has no text in it. Upload the inspection letter as a PDF or a .txt file.")
    return text


def _pdf_text(data: bytes, on_page: Callable[[int, int], None]) -> str:
    limits = {
        f"{kind}_maximum_output_length": MAX_STREAM_BYTES for kind in ("zlib", "lzw", "run_length", "jbig2")
    }
    with apply_configuration(maximum_declared_stream_length=MAX_STREAM_BYTES, **limits):
        return _bounded_pdf_text(data, on_page)


def _bounded_pdf_text(data: bytes, on_page: Callable[[int, int], None]) -> str:
    deadline = time.monotonic() + MAX_READ_SECONDS
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LetterError(_LOCKED_MESSAGE)
        if len(reader.pages) > MAX_LETTER_PAGES:
            raise LetterError(
                f"The PDF has {len(reader.pages)} pages; an inspection letter has far fewer. "
                "Check that this is the outcome letter."
            )
        unpacked = 0
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            on_page(number, len(reader.pages))
            unpacked += _content_bytes(page)
            if unpacked > MAX_CONTENT_BYTES:
                raise LetterError(_TOO_MUCH.format(mb=MAX_CONTENT_BYTES // 2**20))
            pages.append(_page_lines(page))
            if time.monotonic() > deadline:
                raise LetterError(
                    f"The PDF took more than {MAX_READ_SECONDS:.0f} seconds to read, far longer than a letter. "
                    "Check that this is the outcome letter, or upload its text (.txt)."
                )
    except LetterError:
        raise
    except LimitReachedError as exc:
        raise LetterError(_TOO_MUCH.format(mb=MAX_STREAM_BYTES // 2**20)) from exc
    except FileNotDecryptedError as exc:
        raise LetterError(_LOCKED_MESSAGE) from exc
    except DependencyError as exc:
        raise LetterError(
            "The PDF is encrypted in a way this service cannot open. Upload an unprotected copy of the letter."
        ) from exc
    except Exception as exc:
        # pypdf raises many exception types for damaged files; to the uploader they all mean one thing.
        raise LetterError("The PDF could not be read; it may be damaged. Try downloading it again.") from exc
    text = _with_paragraph_gaps(pages)
    if sum(1 for ch in text if ch.isalpha()) < 40:
        raise LetterError(
            "The PDF has no text that can be read: it looks like a scanned image. Upload the PDF as "
            "published by Ofsted (its text can be selected), or a plain-text (.txt) copy of the letter."
        )
    return text


_LOCKED_MESSAGE = "The PDF is password-protected. Upload a copy without a password."


def _content_bytes(page) -> int:
    """The unpacked size of the page's drawing instructions and of the forms it draws (text is read from both),
    each stream unpacked within the limit."""
    contents = page.get("/Contents")
    contents = [] if contents is None else contents.get_object()
    streams = [stream.get_object() for stream in (contents if isinstance(contents, list) else [contents])]
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    for xobject in (xobjects.get_object().values() if xobjects is not None else ()):
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            streams.append(xobject)
    return sum(len(stream.get_data()) for stream in streams)


def _page_lines(page) -> list[tuple[str, float | None]]:
    """The page's lines as pypdf reads them, each with the height on the page where it starts.

    The heights let blank lines be put back where the PDF leaves a visible gap, which is how a paragraph
    that has no bullet is told apart from the wrapped end of the item above it.
    """
    pieces: list[tuple[str, float]] = []

    def remember(text, cm, tm, font_dict, font_size):
        if text:
            pieces.append((text, tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    plain = page.extract_text(visitor_text=remember) or ""
    if "".join(text for text, _ in pieces) != plain:
        return [(line, None) for line in plain.split("\n")]
    lines: list[tuple[str, float | None]] = []
    current, current_y, height_known = "", None, True
    for text, y in pieces:
        for index, part in enumerate(text.split("\n")):
            if index:
                lines.append((current, current_y))
                # A piece spanning lines only gives the height of its first line.
                current, current_y, height_known = "", None, False
            if part.strip() and current_y is None and height_known:
                current_y = y
            current += part
        height_known = True
    lines.append((current, current_y))
    return lines


def _with_paragraph_gaps(pages: list[list[tuple[str, float | None]]]) -> str:
    steps = [
        above_y - below_y
        for lines in pages
        for (_, above_y), (_, below_y) in zip(lines, lines[1:], strict=False)
        if above_y is not None and below_y is not None and above_y - below_y > 0
    ]
    usual_step = statistics.median(steps) if steps else None
    texts = []
    for lines in pages:
        out: list[str] = []
        previous_y = None
        for text, y in lines:
            if usual_step and previous_y is not None and y is not None and out and out[-1].strip():
                step = previous_y - y
                if step > usual_step * 1.35 or step < -usual_step * 0.5:
                    out.append("")
            out.append(text)
            if y is not None:
                previous_y = y
        texts.append("\n".join(out))
    return "\f".join(texts)
