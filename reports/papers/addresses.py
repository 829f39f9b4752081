"""Where a paper's HTML points for the service's own files when it is drawn as a PDF: an address that is never
looked up on the network (``.invalid`` cannot be registered, RFC 2606), which the PDF's fetcher
(``pdf.StaticOnlyFetcher``) reads from the static folders. Apart from ``pdf.py`` so that the pages, which only
draw the HTML, do not load WeasyPrint."""
from django.conf import settings

PAPER_ORIGIN = "https://paper.invalid"


def static_url(name: str) -> str:
    return f"{PAPER_ORIGIN}{settings.STATIC_URL}{name}"
