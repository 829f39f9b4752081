"""Letter files: what is refused (not a letter, damaged, locked, too big, scanned) and the PDFs and texts read."""

import io
import re

import pytest
from pypdf import PdfWriter

from inspections.letter import NOT_A_LETTER, parse_letter
from inspections.letter_file import MAX_LETTER_BYTES, MAX_LETTER_PAGES, LetterError, extract_text
from tests.inspections.letters import LETTERS, read

# What is not an outcome letter.


def test_a_text_that_is_not_a_send_letter_is_refused():
    with pytest.raises(LetterError, match=f"^{re.escape(NOT_A_LETTER)}: "):
        parse_letter("Minutes of the Planning Committee\nThe committee approved the application.\n")


def test_a_pdf_that_is_not_a_send_letter_is_refused():
    text = read("not_a_letter.pdf")
    assert "Winter gritting routes" in text
    with pytest.raises(LetterError, match=re.escape(NOT_A_LETTER)):
        parse_letter(text)


def test_a_revisit_letter_is_refused_with_a_reason():
    revisit = "Joint area SEND revisit in Testshire\nBetween 1 and 3 March 2023, Ofsted and CQC revisited the area.\n"
    with pytest.raises(LetterError, match="follow-up letter"):
        parse_letter(revisit)


# Reading the upload.


def test_an_empty_file_is_refused():
    with pytest.raises(LetterError, match="The file is empty"):
        extract_text((LETTERS / "empty.pdf").read_bytes(), "empty.pdf")


def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(LetterError, match=r"too big \(10\.0 MB\).*10 MB or less"):
        extract_text(b"%PDF-1.7\n" + b"0" * MAX_LETTER_BYTES, "letter.pdf")


def test_a_word_document_is_refused_by_name():
    with pytest.raises(LetterError, match=r"^\.docx files cannot be read"):
        extract_text(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "letter.docx")


def test_binary_content_named_txt_is_refused():
    with pytest.raises(LetterError, match="not a PDF or plain text"):
        extract_text(bytes(range(256)) * 4, "letter.txt")


def test_text_named_pdf_is_refused():
    with pytest.raises(LetterError, match="named .pdf but is not a PDF"):
        extract_text(b"Joint area SEND inspection in Testshire", "letter.pdf")


def test_a_password_protected_pdf_is_refused():
    with pytest.raises(LetterError, match="password-protected"):
        extract_text((LETTERS / "password_protected.pdf").read_bytes(), "letter.pdf")


def test_a_pdf_encrypted_only_against_editing_is_read():
    assert read("permissions_only.pdf") == read("northshire_2024.pdf")


def test_a_scanned_pdf_without_text_is_refused_and_says_why():
    with pytest.raises(LetterError, match="no text that can be read: it looks like a scanned image"):
        extract_text((LETTERS / "scanned_letter.pdf").read_bytes(), "scan.pdf")


def test_a_damaged_pdf_is_refused():
    with pytest.raises(LetterError, match="could not be read; it may be damaged"):
        extract_text(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a PDF body\n", "letter.pdf")


def test_a_pdf_far_longer_than_a_letter_is_refused():
    writer = PdfWriter()
    for _ in range(MAX_LETTER_PAGES + 1):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(LetterError, match=f"has {MAX_LETTER_PAGES + 1} pages"):
        extract_text(out.getvalue(), "bundle.pdf")


def test_windows_text_falls_back_to_cp1252():
    text = extract_text("Her Majesty’s Inspector – Ofsted".encode("cp1252"), "letter.txt")
    assert text == "Her Majesty’s Inspector – Ofsted"


def test_utf8_with_a_byte_order_mark_and_utf16_text_are_read():
    letter = "Joint area SEND inspection in Testshire – Her Majesty’s Inspector"
    assert extract_text(letter.encode("utf-8-sig"), "letter.txt") == letter
    assert extract_text(letter.encode("utf-16"), "letter.txt") == letter


def test_text_with_no_name_is_read_as_text():
    assert extract_text(b"Joint area SEND inspection in Testshire\n", "") == "Joint area SEND inspection in Testshire\n"
