"""The letter reader's evaluation: `manage.py evaluate_letters` over real published reports, and its own behaviour."""

import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from inspections.letter import parse_letter
from inspections.letter_file import extract_text
from inspections.letter_scores import FIELDS, score_report, totals
from tests.conftest import require

LETTERS = Path(__file__).parent / "fixtures" / "letters"
# The published reports live beside the project's folder, never inside it.
REAL_REPORTS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "area-send-2023"

# What the issue asks of the reader on the published reports, from PDF and from text: every fact in every
# reading, and at least 95% of the items read exactly (each with its responsible body and bullets).
ITEMS_EXACT_AT_LEAST = 0.95


@pytest.fixture(scope="module")
def real_scores():
    require(REAL_REPORTS.joinpath("truth.json").is_file(), f"the published reports are not at {REAL_REPORTS}")
    truth = json.loads(REAL_REPORTS.joinpath("truth.json").read_text(encoding="utf-8"))
    scores = []
    for name, expected in sorted(truth.items()):
        for suffix in (".pdf", ".txt"):
            path = REAL_REPORTS / f"{name}{suffix}"
            scores.append(score_report(path.name, parse_letter(extract_text(path.read_bytes(), path.name)), expected))
    return scores


def test_every_published_report_is_read_from_pdf_and_text(real_scores):
    assert len(real_scores) == 24


@pytest.mark.parametrize("fact", FIELDS)
def test_published_reports_give_each_fact_in_every_reading(real_scores, fact):
    wrong = [score.name for score in real_scores if not score.fields[fact]]
    assert wrong == [], f"{fact} wrong in {wrong}"


def test_published_reports_items_are_read_exactly(real_scores):
    summary = totals(real_scores)
    misses = [f"{score.name}: {miss}" for score in real_scores for miss in score.misses]
    assert summary.item_rate >= ITEMS_EXACT_AT_LEAST, misses


def test_the_evaluation_command_passes_its_thresholds_on_the_published_reports(capsys):
    require(REAL_REPORTS.joinpath("truth.json").is_file(), f"the published reports are not at {REAL_REPORTS}")
    call_command("evaluate_letters", str(REAL_REPORTS))
    assert "facts right: 100.0%" in capsys.readouterr().out


# The command itself, on a folder made from an invented report.


def _folder(tmp_path, **changes):
    shutil.copy(LETTERS / "northshire_2024.txt", tmp_path / "northshire_2024.txt")
    letter = parse_letter(extract_text((LETTERS / "northshire_2024.txt").read_bytes(), "northshire_2024.txt"))
    truth = {
        "framework": "2023",
        "area": "Northshire",
        "inspection_start": "2024-03-04",
        "inspection_end": "2024-03-08",
        "outcome": 3,
        "lead_inspector": "Rachel Okafor",
        "priority_actions": [
            {"responsible_body": item.responsible_body, "text": item.whole} for item in letter.priority_actions
        ],
        "areas_for_improvement": [item.whole for item in letter.areas_for_improvement],
        **changes,
    }
    (tmp_path / "truth.json").write_text(json.dumps({"northshire_2024": truth}), encoding="utf-8")
    return tmp_path


def test_the_command_prints_a_row_per_report_and_the_totals(tmp_path, capsys):
    call_command("evaluate_letters", str(_folder(tmp_path)))
    out = capsys.readouterr().out
    assert "northshire_2024.txt" in out
    assert "items read exactly: 100.0%; facts right: 100.0%" in out


def test_the_command_fails_with_the_facts_below_the_threshold(tmp_path, capsys):
    folder = _folder(tmp_path, area="Southshire", areas_for_improvement=["Leaders should listen to families."])
    with pytest.raises(CommandError, match=r"below the thresholds: area 0/1, improvement count 0/1, items"):
        call_command("evaluate_letters", str(folder), "--misses")
    assert "area: read “Northshire”" in capsys.readouterr().out


def test_a_missing_truth_file_is_one_line_not_a_traceback(tmp_path):
    with pytest.raises(CommandError, match="cannot read the truth file"):
        call_command("evaluate_letters", str(tmp_path))


def test_a_report_named_in_the_truth_file_but_absent_is_named(tmp_path):
    (tmp_path / "truth.json").write_text(json.dumps({"nowhere_2023": {}}), encoding="utf-8")
    with pytest.raises(CommandError, match="nowhere_2023: neither nowhere_2023.pdf nor nowhere_2023.txt"):
        call_command("evaluate_letters", str(tmp_path))
