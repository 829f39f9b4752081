"""A letter's PDF is held to budgets while it is unpacked: a small file that unpacks to tens of megabytes is refused
in a moment, a published letter is read as before."""

import time

import pytest

from bench._upload_bombs import inflating_pdf, pdf_drawing_forms
from inspections import letter_file
from inspections.letter_file import LetterError, extract_text
from tests.inspections.letters import LETTERS

# Processor time, not the wall clock: the test machines are shared, and a busy one makes everything slower.
seconds = time.process_time


def test_a_200_kb_pdf_unpacking_to_70_mb_is_refused_in_under_two_seconds_and_says_why():
    data = inflating_pdf()
    assert len(data) < 300_000
    started = seconds()
    with pytest.raises(LetterError) as refused:
        extract_text(data, "letter.pdf")
    assert seconds() - started < 2
    assert str(refused.value).startswith(
        "The PDF holds far more than an inspection letter: it unpacks to more than 4 MB."
    )


def test_pages_that_together_unpack_to_more_than_a_letter_are_refused(monkeypatch):
    monkeypatch.setattr(letter_file, "MAX_CONTENT_BYTES", 2 * 1024 * 1024)
    with pytest.raises(LetterError, match="it unpacks to more than 2 MB"):
        extract_text(inflating_pdf(3 * 1024 * 1024), "letter.pdf")


def test_forms_a_page_draws_count_towards_the_budget():
    started = seconds()
    with pytest.raises(LetterError, match="it unpacks to more than 16 MB"):
        extract_text(pdf_drawing_forms(forms=20), "letter.pdf")
    assert seconds() - started < 2


def test_reading_stops_when_it_takes_longer_than_a_letter_should(monkeypatch):
    monkeypatch.setattr(letter_file, "MAX_READ_SECONDS", 0)
    with pytest.raises(LetterError, match="took more than 0 seconds to read"):
        extract_text((LETTERS / "barnsley_2021.pdf").read_bytes(), "letter.pdf")


def test_a_published_letter_is_read_page_by_page_within_the_budgets():
    pages = []
    data = (LETTERS / "barnsley_2021.pdf").read_bytes()
    text = extract_text(data, "letter.pdf", on_page=lambda number, of: pages.append((number, of)))
    assert "Barnsley" in text
    assert pages == [(number, len(pages)) for number in range(1, len(pages) + 1)] and len(pages) > 1
