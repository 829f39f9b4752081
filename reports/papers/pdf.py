"""A paper's HTML drawn as an accessible PDF by WeasyPrint: the PDF/UA-1 variant (tagged, with the document's
title and language), and a URL fetcher that serves only the product's own static files and ``data:`` URIs.

Nothing a person typed reaches a file or the network while drawing: their words are escaped text in the HTML,
and even a tag that got through would find the fetcher refusing ``file:``, ``http(s):`` to anywhere, and any
path that leaves the static folders (docs/decisions/0019-committee-reports.md).
"""
import base64
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .addresses import PAPER_ORIGIN
from .pdf_tags import table_scopes

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_identifier": False, "uncompressed_pdf": False}
_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2"}


class Refused(ValueError):
    """The fetcher would not fetch this address."""


def static_path(url: str) -> Path:
    """The static file a paper asks for (``https://paper.invalid/static/reports/paper.css``), or ``Refused``."""
    parts = urlsplit(url)
    prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}"
    if f"{parts.scheme}://{parts.netloc}" != PAPER_ORIGIN or not parts.path.startswith(prefix):
        raise Refused("only the service's own static files are read")
    relative = unquote(parts.path[len(prefix):])
    normal = posixpath.normpath(relative)
    if normal.startswith(("/", "..")) or normal != relative or "\\" in relative or "\x00" in relative:
        raise Refused("a path out of the static files")
    found = finders.find(normal)
    if not found or Path(found).suffix not in _TYPES:
        raise Refused("no such static file")
    path = Path(found).resolve()
    roots = [Path(root).resolve() for root in settings.STATICFILES_DIRS] + [Path(settings.STATIC_ROOT).resolve()]
    if not any(path.is_relative_to(root) for root in roots):
        raise Refused("a path out of the static files")
    return path


class StaticOnlyFetcher(URLFetcher):
    """WeasyPrint's fetcher, narrowed: ``data:`` URIs are decoded here, the paper's static files read from disk;
    everything else is refused (WeasyPrint then draws without it and logs a warning)."""

    def __init__(self):
        super().__init__(allowed_protocols=("data", "https"), allow_redirects=False, timeout=1)
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url, headers=None):
        try:
            if url.startswith("data:"):
                return self._data(url)
            path = static_path(url)
        except Refused:
            self.refused.append(url)
            raise
        self.served.append(url)
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _TYPES[path.suffix]})

    @staticmethod
    def _data(url: str) -> URLFetcherResponse:
        head, _, body = url[len("data:"):].partition(",")
        if not head.endswith(";base64") or head.removesuffix(";base64") not in _TYPES.values():
            raise Refused("only base64 data of a known type")
        return URLFetcherResponse(url, base64.b64decode(body, validate=True),
                                  {"Content-Type": head.removesuffix(";base64")})


def drawn_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> tuple[bytes, int]:
    """The PDF of a paper's HTML (a whole document, with its ``lang`` and ``<title>``) and its number of pages
    (from WeasyPrint's layout: reading the file back to count them cost a tenth of the drawing at sixty pages)."""
    html_document = HTML(string=html, base_url=f"{PAPER_ORIGIN}/", url_fetcher=fetcher or StaticOnlyFetcher())
    document = html_document.render(**PDF_OPTIONS)
    return document.write_pdf(finisher=table_scopes, **PDF_OPTIONS), len(document.pages)


def pdf_of(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    return drawn_pdf(html, fetcher=fetcher)[0]
