"""`manage.py deadlines`: an inspection's milestones from dates on the command line, by the stored rules."""
import json
import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from inspections.deadline_table import DEFAULT_RULES
from inspections.models import DeadlineRuleSetting, LocalArea, NonWorkingDay
from inspections.rules import rule_as_row

ROOT = Path(__file__).resolve().parents[2]
BARNSLEY = ["--framework", "2016", "--received", "2021-11-17"]
MILESTONE_FIELDS = ["key", "sequence", "due", "rule", "label", "estimated", "approximate", "official", "explanation"]


def store_default_rules() -> None:
    """The seeded rule table, as the data migration leaves it (a transactional test may have flushed it)."""
    for position, rule in enumerate(DEFAULT_RULES, start=1):
        row = {**rule_as_row(rule), "position": position * 10}
        DeadlineRuleSetting.objects.update_or_create(key=rule.key, defaults=row)


@pytest.fixture
def stored_rules(db):
    store_default_rules()


def deadlines(*args) -> list[dict]:
    out = StringIO()
    call_command("deadlines", *args, "--json", stdout=out)
    return json.loads(out.getvalue())["milestones"]


def only(milestones: list[dict], key: str) -> dict:
    matching = [milestone for milestone in milestones if milestone["key"] == key]
    assert len(matching) == 1, f"expected one {key}, got {matching}"
    return matching[0]


def keys_of(milestones: list[dict]) -> set[str]:
    return {milestone["key"] for milestone in milestones}


# --- call_command ----------------------------------------------------------------------------------------------


def test_barnsley_wsoa_is_due_70_working_days_after_the_letter_was_received(stored_rules):
    out = StringIO()
    call_command("deadlines", *BARNSLEY, "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert list(printed) == ["milestones"]
    (wsoa,) = printed["milestones"]
    assert list(wsoa) == MILESTONE_FIELDS
    assert wsoa["key"] == "wsoa_due"
    assert wsoa["sequence"] == 1
    assert wsoa["due"] == "2022-02-28"
    assert wsoa["rule"] == "wsoa_due_from_received"
    assert wsoa["estimated"] is False and wsoa["official"] is False
    assert "17 November 2021" in wsoa["explanation"]


def test_counting_from_publication_alone_is_two_working_days_later_and_estimated(stored_rules):
    wsoa = only(deadlines("--framework", "2016", "--published", "2021-11-19"), "wsoa_due")
    assert wsoa["due"] == "2022-03-02"
    assert wsoa["estimated"] is True
    assert wsoa["rule"] == "wsoa_due_from_published"


def test_received_date_wins_over_publication_date(stored_rules):
    wsoa = only(deadlines(*BARNSLEY, "--published", "2021-11-19"), "wsoa_due")
    assert (wsoa["due"], wsoa["estimated"]) == ("2022-02-28", False)


def test_uk_date_format_is_accepted(stored_rules):
    assert deadlines("--framework", "2016", "--received", "17/11/2021") == deadlines(*BARNSLEY)


def test_keyword_options_and_date_objects_work_from_code(stored_rules):
    out = StringIO()
    call_command("deadlines", framework="2023", outcome=3, received=date(2024, 3, 4), json=True, stdout=out)
    milestones = json.loads(out.getvalue())["milestones"]
    assert only(milestones, "priority_action_plan_due")["due"] == "2024-04-17"


def test_official_deadline_from_the_covering_letter_overrides_the_count(stored_rules):
    wsoa = only(deadlines(*BARNSLEY, "--official-deadline", "2022-03-01"), "wsoa_due")
    assert (wsoa["due"], wsoa["official"], wsoa["estimated"]) == ("2022-03-01", True, False)
    assert "would give 28 February 2022" in wsoa["explanation"]


def test_no_wsoa_required_means_no_milestones(stored_rules):
    assert deadlines(*BARNSLEY, "--no-wsoa") == []


def test_review_meetings_are_counted_quarterly_after_acceptance(stored_rules):
    milestones = deadlines(
        *BARNSLEY, "--submitted", "2022-02-25", "--decision", "fit", "--decided", "2022-04-07",
        "--accepted", "2022-04-07",
    )
    meetings = [milestone for milestone in milestones if milestone["key"] == "review_meeting"]
    assert [meeting["sequence"] for meeting in meetings] == [1, 2, 3, 4, 5, 6]  # every 3 months for 18 months
    # 7 July and 7 October 2022 are working days; 7 January 2023 is a Saturday, so the Friday before.
    assert [meeting["due"] for meeting in meetings[:3]] == ["2022-07-07", "2022-10-07", "2023-01-06"]
    assert only(milestones, "revisit_due")["due"] == "2023-10-06"  # 7 October 2023 is a Saturday
    assert "resubmission_due" not in keys_of(milestones)


def test_no_review_meetings_before_acceptance(stored_rules):
    assert "review_meeting" not in keys_of(deadlines(*BARNSLEY, "--submitted", "2022-02-25"))


def test_not_fit_decision_gives_a_resubmission_deadline(stored_rules):
    milestones = deadlines(*BARNSLEY, "--submitted", "2022-02-25", "--decision", "not-fit", "--decided", "2022-03-10")
    resubmission = only(milestones, "resubmission_due")
    assert resubmission["due"] == "2022-04-07"  # 20 working days after Thursday 10 March 2022
    assert resubmission["rule"] == "resubmission_after_not_fit"
    assert only(milestones, "fitness_decision_due")["due"] == "2022-03-11"


def test_area_send_outcome_3_needs_a_priority_action_plan_and_a_monitoring_inspection(stored_rules):
    milestones = deadlines("--framework", "2023", "--outcome", "3", "--received", "2024-03-04",
                           "--published", "2024-03-08")
    assert only(milestones, "priority_action_plan_due")["due"] == "2024-04-17"  # Easter not counted
    monitoring = only(milestones, "monitoring_inspection_due")
    assert monitoring["due"] == "2025-09-04"
    # "About 18 months" is approximate; counted from the known date of receipt it is not an estimate.
    assert (monitoring["approximate"], monitoring["estimated"]) == (True, False)
    assert only(milestones, "next_inspection_due")["due"] == "2027-03-08"


def test_area_send_without_an_outcome_has_no_outcome_specific_milestones(stored_rules):
    milestones = deadlines("--framework", "2023", "--received", "2024-03-04", "--published", "2024-03-08")
    assert keys_of(milestones) == {"strategic_plan_due"}


def test_area_send_outcome_1_has_no_priority_action_plan(stored_rules):
    milestones = deadlines("--framework", "2023", "--outcome", "1", "--received", "2024-03-04",
                           "--published", "2024-03-08")
    assert keys_of(milestones) == {"strategic_plan_due", "next_inspection_due"}
    assert only(milestones, "next_inspection_due")["due"] == "2029-03-08"


def test_an_administrators_edit_to_a_stored_rule_changes_the_output(stored_rules):
    setting = DeadlineRuleSetting.objects.get(key="wsoa_due_from_received")
    setting.amount = 60
    setting.save()
    wsoa = only(deadlines(*BARNSLEY), "wsoa_due")
    assert wsoa["due"] == "2022-02-14"  # ten working days before 28 February
    assert wsoa["explanation"].startswith("60 working days after")


def test_a_deactivated_rule_falls_back_to_the_next_rule_for_that_milestone(stored_rules):
    DeadlineRuleSetting.objects.filter(key="wsoa_due_from_received").update(active=False)
    wsoa = only(deadlines(*BARNSLEY, "--published", "2021-11-19"), "wsoa_due")
    assert (wsoa["due"], wsoa["rule"], wsoa["estimated"]) == ("2022-03-02", "wsoa_due_from_published", True)


def test_an_areas_local_non_working_day_counts_only_with_that_area(stored_rules):
    barnsley = LocalArea.objects.create(name="Barnsley", local_authority="Barnsley Metropolitan Borough Council")
    NonWorkingDay.objects.create(area=barnsley, day="2022-01-14", name="Council closure day")
    assert only(deadlines(*BARNSLEY), "wsoa_due")["due"] == "2022-02-28"
    with_closure = only(deadlines(*BARNSLEY, "--area", "barnsley"), "wsoa_due")
    assert with_closure["due"] == "2022-03-01"
    assert "Council closure day on 14 January 2022" in with_closure["explanation"]


def test_a_closure_for_every_area_counts_without_naming_an_area(stored_rules):
    NonWorkingDay.objects.create(area=None, day="2022-01-14", name="Council closure day")
    assert only(deadlines(*BARNSLEY), "wsoa_due")["due"] == "2022-03-01"


def test_without_json_it_prints_a_readable_table(stored_rules):
    out = StringIO()
    call_command("deadlines", *BARNSLEY, "--submitted", "2022-02-25", stdout=out)
    table = out.getvalue()
    assert "Mon 28 February 2022" in table
    assert "Written Statement of Action due" in table
    assert "Ofsted/CQC fitness decision expected" in table
    assert table.index("28 February 2022") < table.index("11 March 2022")


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--framework", "2016", "--received", "2021-13-17"], "not a date"),
        (["--framework", "2016", "--received", "yesterday"], "not a date"),
        ([*BARNSLEY, "--decision", "not-fit"], "--decided"),
        ([*BARNSLEY, "--decided", "2022-03-10"], "--decision"),
        ([*BARNSLEY, "--outcome", "3"], "2023 framework"),
        (["--framework", "2023", "--no-wsoa", "--received", "2024-03-04"], "2016 framework"),
        ([*BARNSLEY, "--published", "2021-11-16"], "--published 2021-11-16 is before --received"),
        ([*BARNSLEY, "--submitted", "2021-11-01"], "--submitted 2021-11-01 is before --received"),
        ([*BARNSLEY, "--submitted", "2022-02-25", "--decision", "fit", "--decided", "2022-02-01"], "--decided"),
        ([*BARNSLEY, "--accepted", "2022-04-01", "--revisit-published", "2022-01-01"], "--revisit-published"),
        ([*BARNSLEY, "--area", "Nowhere"], "no local area"),
        (["--framework", "2019", "--received", "2021-11-17"], "2019"),
    ],
)
def test_bad_input_is_refused_with_a_one_line_reason(stored_rules, args, reason):
    with pytest.raises(CommandError) as refused:
        call_command("deadlines", *args, "--json", stdout=StringIO())
    message = str(refused.value)
    assert "\n" not in message
    assert reason in message


def test_a_broken_stored_rule_is_reported_in_one_line(stored_rules):
    DeadlineRuleSetting.objects.filter(key="wsoa_due_from_received").update(unit="fortnights")
    with pytest.raises(CommandError, match="unknown unit 'fortnights'"):
        deadlines(*BARNSLEY)


# --- subprocess: the command as a script would run it ---------------------------------------------------------


@pytest.fixture
def committed_rules(transactional_db, postgres_db):
    """Rules committed to the test database, so a separate process sees them."""
    store_default_rules()


def _test_database_url() -> str:
    from django.db import connection

    config = connection.settings_dict
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    host, port = config["HOST"] or "127.0.0.1", config["PORT"] or 5432
    return f"postgres://{config['USER']}{password}@{host}:{port}/{config['NAME']}"


def run_command(*args) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": "wsoa.settings.test",
           "DATABASE_URL": _test_database_url()}
    return subprocess.run(
        [sys.executable, "manage.py", "deadlines", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60,
    )


def test_script_prints_barnsleys_real_deadline_as_json(committed_rules):
    result = run_command(*BARNSLEY, "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    wsoa = only(json.loads(result.stdout)["milestones"], "wsoa_due")
    assert (wsoa["due"], wsoa["estimated"], wsoa["official"]) == ("2022-02-28", False, False)


def test_script_estimates_from_publication_alone(committed_rules):
    result = run_command("--framework", "2016", "--published", "2021-11-19", "--json")
    assert result.returncode == 0, result.stderr
    wsoa = only(json.loads(result.stdout)["milestones"], "wsoa_due")
    assert (wsoa["due"], wsoa["estimated"]) == ("2022-03-02", True)


def test_script_uses_the_rule_as_an_administrator_left_it(committed_rules):
    DeadlineRuleSetting.objects.filter(key="wsoa_due_from_received").update(amount=60)
    result = run_command(*BARNSLEY, "--json")
    assert result.returncode == 0, result.stderr
    assert only(json.loads(result.stdout)["milestones"], "wsoa_due")["due"] == "2022-02-14"


@pytest.mark.parametrize(
    "args",
    [
        ["--framework", "2016", "--received", "17.11.2021"],
        [*BARNSLEY, "--decision", "not-fit"],
        [*BARNSLEY, "--outcome", "3"],
        [*BARNSLEY, "--published", "2021-11-16"],
        ["--framework", "2019"],
        ["--received", "2021-11-17"],
    ],
)
def test_script_exits_non_zero_with_one_line_on_stderr(committed_rules, args):
    result = run_command(*args, "--json")
    assert result.returncode != 0
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
