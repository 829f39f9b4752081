"""Small files of each kind evidence may be, and of the kinds it must refuse, made in memory."""
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image

from actions.demo import _demo_pdf


def pdf(name: str = "minutes.pdf", text: str = "Panel minutes") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _demo_pdf(text), content_type="application/pdf")


def xlsx(name: str = "figures.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(["month", "plans issued within 20 weeks"])
    book.active.append(["March", 41])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def png(name: str = "chart.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def csv(name: str = "figures.csv", text: str = "month,value\nMarch,41\n") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>'
# The first bytes of a Windows program: "MZ", then enough of a header for the type check to know it.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 64


def zip_of_html(name: str = "report.docx") -> SimpleUploadedFile:
    """A zip file (as an Office document is) holding only a web page."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", HTML)
    return SimpleUploadedFile(name, buffer.getvalue())


def named(content: bytes, name: str, content_type: str = "application/pdf") -> SimpleUploadedFile:
    """Any bytes, under any name and claimed type, as a hostile browser would send them."""
    return SimpleUploadedFile(name, content, content_type=content_type)
