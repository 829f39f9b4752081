"""What an evidence file must be before it is kept, and how it is kept and sent back: its type read from its
content (never from its name), its size, an optional virus scan, a private storage and a safe download name."""
import shlex
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings
from django.core.files.storage import FileSystemStorage

# The types evidence may be, by what the content is: the extension the download gets follows the content.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-powerpoint": "ppt",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "text/csv": "csv",
}
ALLOWED_IN_WORDS = "a PDF, a Word, Excel or PowerPoint document, a CSV file or an image (PNG, JPEG, GIF or WebP)"
# Text with any of these is markup a browser would run, whatever the file is called.
_MARKUP = ("<html", "<script", "<svg", "<!doctype", "<?xml", "<body", "<iframe", "<head", "<meta", "<object")
_HEAD_BYTES = 64 * 1024


class EvidenceStorage(FileSystemStorage):
    """Files under EVIDENCE_ROOT, or MEDIA_ROOT/evidence: a place on disk with no web address."""

    @property
    def base_location(self):
        return settings.EVIDENCE_ROOT or str(Path(settings.MEDIA_ROOT) / "evidence")

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError("Evidence files have no address of their own: send them through the evidence view")


class EvidenceFileRefused(Exception):
    """Why a file cannot be evidence, in words for the form."""


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str


def max_upload_bytes() -> int:
    return settings.EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024


def file_checked(upload) -> CheckedFile:
    """The file's type from its first bytes, if it is one evidence may be and not too big (else refused)."""
    if upload.size > max_upload_bytes():
        raise EvidenceFileRefused(
            f"The selected file must be smaller than {settings.EVIDENCE_MAX_UPLOAD_MB} MB "
            f"(it is {upload.size / 2**20:.1f} MB)"
        )
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    upload.seek(0)
    if not head:
        raise EvidenceFileRefused("The selected file is empty")
    guessed = filetype.guess(head)
    if guessed is not None:
        if guessed.mime not in ALLOWED_TYPES:
            raise EvidenceFileRefused(f"The selected file must be {ALLOWED_IN_WORDS}")
        return CheckedFile(guessed.mime, ALLOWED_TYPES[guessed.mime])
    if _is_plain_csv(head, name=upload.name or ""):
        return CheckedFile("text/csv", "csv")
    raise EvidenceFileRefused(f"The selected file must be {ALLOWED_IN_WORDS}")


def _is_plain_csv(head: bytes, *, name: str) -> bool:
    """Text with no magic number is evidence only as a CSV file: named so, readable, and with no markup in it."""
    if not name.lower().endswith(".csv") or b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            return False
    lowered = text.lower()
    return not lowered.lstrip().startswith("<") and not any(marker in lowered for marker in _MARKUP)


def download_name(original: str, extension: str) -> str:
    """A name to send the file as: no control characters, line breaks, quotes, slashes or direction marks, at
    most 100 characters, ending in the extension its content has."""
    stem = Path(original.replace("\\", "/")).name
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    cleaned = "".join(
        "_" if char in "\"'/\\:*?<>|;" else char
        for char in unicodedata.normalize("NFC", stem) if not unicodedata.category(char).startswith("C")
    )
    cleaned = " ".join(cleaned.split()).strip(". _")[:100] or "evidence"
    return f"{cleaned}.{extension}"


class ScanFailed(EvidenceFileRefused):
    pass


def file_scanned(upload) -> None:
    """Run the configured scanner on the file (nothing when none is configured); refuse it unless it says clean.

    The scanner gets a copy on disk as its last argument; exit status 0 means clean.
    """
    command = settings.EVIDENCE_SCAN_COMMAND
    if not command:
        return
    with tempfile.NamedTemporaryFile(prefix="evidence-scan-") as copy:
        upload.seek(0)
        for chunk in upload.chunks():
            copy.write(chunk)
        copy.flush()
        upload.seek(0)
        try:
            result = subprocess.run(  # noqa: S603 (the command is the administrator's setting, not input)
                [*shlex.split(command), copy.name], capture_output=True,
                timeout=settings.EVIDENCE_SCAN_TIMEOUT_SECONDS, check=False,
            )
        except subprocess.TimeoutExpired:
            raise ScanFailed("The virus check took too long: try again later") from None
        except OSError:
            raise ScanFailed("The virus check could not run: try again later, or ask an administrator") from None
    if result.returncode != 0:
        raise ScanFailed("The virus check refused the selected file")
