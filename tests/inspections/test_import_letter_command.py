"""`manage.py import_letter FILE --json` prints what a letter says and saves nothing."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from inspections.models import Inspection

ROOT = Path(__file__).resolve().parents[2]
LETTERS = Path(__file__).parent / "fixtures" / "letters"


def _run(*args):
    return subprocess.run(
        [sys.executable, "manage.py", "import_letter", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "wsoa.settings.test"},
    )


@pytest.mark.parametrize("name", ["barnsley_2021.txt", "barnsley_2021.pdf"])
def test_barnsley_letter_prints_its_dates_findings_and_two_weaknesses(name):
    result = _run(str(LETTERS / name), "--json")
    assert result.returncode == 0, result.stderr
    letter = json.loads(result.stdout)
    assert letter["framework"] == "2016"
    assert (letter["inspection_start"], letter["inspection_end"]) == ("2021-09-20", "2021-09-24")
    assert len(letter["significant_weaknesses"]) == 2
    assert len(letter["main_findings"]) == 12
    assert {item["section"] for item in letter["strengths"]} == {"identifying", "meeting", "improving"}
    assert letter["priority_actions"] == [] and letter["areas_for_improvement"] == []


def test_an_area_send_letter_prints_priority_actions(capsys):
    call_command("import_letter", str(LETTERS / "northshire_2024.txt"), "--json")
    letter = json.loads(capsys.readouterr().out)
    assert letter["framework"] == "2023"
    assert letter["outcome"] == 3
    assert letter["priority_actions"]


@pytest.mark.django_db
def test_reading_a_letter_saves_nothing(capsys):
    call_command("import_letter", str(LETTERS / "barnsley_2021.txt"), "--json")
    assert Inspection.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "reason"),
    [("not_a_letter.pdf", "does not look like"), ("scanned_letter.pdf", "scanned"), ("empty.pdf", "empty")],
)
def test_a_file_that_is_not_a_readable_letter_exits_non_zero_with_one_line(name, reason):
    result = _run(str(LETTERS / name), "--json")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0].lower()


def test_a_missing_file_is_refused():
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_letter", "/nonexistent/letter.pdf", "--json")
