"""`manage.py render_report`: every kind of report drawn from the command line through the service's own code,
and a one-line reason with exit status 1 on bad input, never a traceback."""
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from reports.papers.kinds import DEFAULTS
from reports.papers.specs import spec_from_template
from tests.actions.plan_story import at
from tests.reports.papers_world import DATA_DAY, LAST_HELD, TODAY, drawn, paper_world, reader, text_of

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def world():
    return paper_world()


def render(*args) -> str:
    out = StringIO()
    with time_machine.travel(at(TODAY), tick=False):
        call_command("render_report", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("kind", sorted(DEFAULTS))
def test_every_kind_is_drawn_as_the_service_draws_it(world, kind, tmp_path):
    output = tmp_path / f"{kind}.pdf"
    extra = ["--meeting", str(world.board_story.meetings[LAST_HELD].pk)] if kind == "board" else []
    said = render("--inspection", str(world.inspection.pk), "--kind", kind, "--on", DATA_DAY.isoformat(),
                  "--output", str(output), *extra)
    pdf = output.read_bytes()
    assert said.startswith(f"Wrote {output}: {len(reader(pdf).pages)} pages")
    meeting = world.board_story.meetings[LAST_HELD] if kind == "board" else None
    # The command's meeting day is the meeting's, or the data day without one.
    spec = spec_from_template(world.templates[kind], inspection=world.inspection, meeting=meeting,
                              meeting_on=LAST_HELD if meeting else DATA_DAY, data_on=DATA_DAY)
    assert text_of(pdf) == text_of(drawn(spec)[1])


def test_the_board_pack_takes_the_latest_meeting_held_by_the_data_day(world, tmp_path):
    output = tmp_path / "board.pdf"
    render("--inspection", str(world.inspection.pk), "--kind", "board", "--on", DATA_DAY.isoformat(),
           "--output", str(output))
    assert "13 May 2025" in text_of(output.read_bytes())


@pytest.mark.parametrize(("args", "reason"), [
    (["--inspection", "999999", "--kind", "cabinet"], "There is no inspection 999999"),
    (["--kind", "revisit", "--weakness", "9"], "has no weakness 9"),
    (["--kind", "board", "--meeting", "999999"], "has no board meeting 999999"),
    (["--kind", "cabinet", "--on", "2025-13-01"], "--on must be a date written YYYY-MM-DD"),
    (["--kind", "cabinet", "--on", "2025-07-01"], "is after today"),
    (["--kind", "board", "--on", "2024-12-01"], "has no board meeting on or before 2024-12-01"),
])
def test_bad_input_gives_one_line_reason(world, tmp_path, args, reason):
    if "--inspection" not in args:
        args = ["--inspection", str(world.inspection.pk), *args]
    with pytest.raises(CommandError, match=reason.replace("(", r"\(")):
        render(*args, "--output", str(tmp_path / "out.pdf"))
    assert not (tmp_path / "out.pdf").exists()


def test_a_script_sees_exit_status_1_and_one_line_without_a_traceback(tmp_path):
    from django.db import connection

    config = connection.settings_dict
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    host, port = config["HOST"] or "127.0.0.1", config["PORT"] or 5432
    url = f"postgres://{config['USER']}{password}@{host}:{port}/{config['NAME']}"
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "wsoa.settings.test", "DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "manage.py", "render_report", "--inspection", "999999", "--kind", "cabinet",
         "--output", str(tmp_path / "x.pdf")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1, done.stderr[-600:]
    assert done.stderr.strip().splitlines() == ["CommandError: There is no inspection 999999"]
