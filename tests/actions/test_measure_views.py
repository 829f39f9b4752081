"""The impact measure pages: who may see and change them, forms that refuse bad numbers in words (never a
server error), the readings table saved in one go, flat query counts, and the chart's words and figures."""
import json
import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions import measures
from actions.models import ImpactMeasure, MeasureReading
from tests.actions.conftest import World
from tests.actions.factories import ImpactMeasureFactory, MeasureReadingFactory, UserFactory
from tests.inspections.factories import LocalAreaFactory
from wsoa.roles import Role

pytestmark = pytest.mark.django_db

TODAY = date(2027, 1, 15)  # the readings table runs from October 2026 (after the baseline) to January 2027


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def measure(world: World) -> ImpactMeasure:
    return ImpactMeasureFactory(
        strand=world.strand, name="EHC plans issued within 20 weeks", unit="%", baseline=Decimal(35),
        baseline_period=date(2026, 9, 1), target=Decimal(60), target_date=date(2027, 3, 31),
        source="Synergy case management, monthly",
    )


def _page(response) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def _urls(measure: ImpactMeasure) -> dict[str, str]:
    return {
        "page": reverse("actions:measure", args=[measure.pk]),
        "edit": reverse("actions:measure_edit", args=[measure.pk]),
        "readings": reverse("actions:measure_readings", args=[measure.pk]),
        "add": reverse("actions:measure_create", args=[measure.plan_id]),
    }


def _edit_data(measure: ImpactMeasure, **changes) -> dict:
    data = {
        "strand": measure.strand_id or "", "weakness": measure.weakness_id or "", "name": measure.name,
        "unit": measure.unit, "baseline": "35%", "baseline_period_0": "1", "baseline_period_1": "9",
        "baseline_period_2": "2026", "target": "60%", "target_date_0": "31", "target_date_1": "3",
        "target_date_2": "2027", "direction": "higher", "source": measure.source, "frequency": "monthly",
        "version": measure.version,
    }
    return {**data, **changes}


def _readings_data(client, measure: ImpactMeasure, **boxes) -> dict:
    """What the readings page holds as it opens, with some boxes typed into (``value_2026_10="41%"``)."""
    page = client.get(_urls(measure)["readings"]).content.decode()
    seen = unescape(re.search(r'name="seen"[^>]*value="([^"]*)"', page).group(1))
    data = {"seen": seen}
    for name, value in re.findall(r'name="((?:value|note)-\d{4}-\d{2})"(?:[^>]*value="([^"]*)")?', page):
        data[name] = unescape(value)
    for name, value in boxes.items():
        kind, year, month = name.split("_")
        data[f"{kind}-{year}-{month}"] = value
    return data


# --- who may do what --------------------------------------------------------------------------------


@pytest.mark.parametrize(("person", "may_change"), [
    ("administrator", True),
    ("strand's subgroup lead", True),
    ("other subgroup lead", False),
    ("action lead officer", False),
    ("board chair", False),
    ("democratic services", False),
])
def test_the_strands_subgroup_lead_and_administrators_change_a_measure_others_only_read(
    client, world, measure, person, may_change
):
    client.force_login(world.people[person])
    urls = _urls(measure)
    assert client.get(urls["page"]).status_code == 200
    expected = 200 if may_change else 403
    assert client.get(urls["edit"]).status_code == expected
    assert client.get(urls["readings"]).status_code == expected
    assert (reverse("actions:measure_readings", args=[measure.pk]) in client.get(urls["page"]).content.decode()) \
        is may_change


def test_a_regional_adviser_reads_a_measure_and_changes_nothing(client, world, measure):
    client.force_login(UserFactory(roles=[Role.REGIONAL_ADVISER]))
    urls = _urls(measure)
    assert client.get(urls["page"]).status_code == 200
    for url in (urls["edit"], urls["readings"], urls["add"]):
        assert client.get(url).status_code == 403
    assert client.post(urls["edit"], _edit_data(measure, name="Changed")).status_code == 403
    assert client.post(urls["readings"], {"value-2026-10": "41"}).status_code == 403
    assert not MeasureReading.objects.exists() and ImpactMeasure.objects.get().name == measure.name


def test_another_areas_administrator_gets_404_on_every_measure_page(client, world, measure):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR], roles__areas=[LocalAreaFactory(name="Elsewhere")]))
    for url in _urls(measure).values():
        assert client.get(url).status_code == 404
        assert client.post(url, _edit_data(measure)).status_code in (404, 405)  # the page itself takes no POST


def test_a_subgroup_lead_adds_a_measure_only_to_their_own_strands(client, world):
    client.force_login(world.people["strand's subgroup lead"])
    add = reverse("actions:measure_create", args=[world.plan.pk])
    page = client.get(f"{add}?strand={world.strand.pk}").content.decode()
    # (the strand's option by its key, the other strand by its name: a weakness may share the other's key)
    assert f'value="{world.strand.pk}" selected' in page and "Joint commissioning" not in page
    refused = client.post(add, {"strand": world.other_strand.pk, "name": "Theirs", "direction": "higher",
                                "frequency": "monthly"})
    assert refused.status_code == 200 and not ImpactMeasure.objects.exists()
    response = client.post(add, {
        "strand": world.strand.pk, "name": "Annual reviews completed on time", "unit": "%", "baseline": "48%",
        "baseline_period_0": "1", "baseline_period_1": "4", "baseline_period_2": "2026", "target": "90",
        "target_date_0": "31", "target_date_1": "3", "target_date_2": "2028", "direction": "higher",
        "source": "Annual review tracker", "frequency": "quarterly",
    })
    measure = ImpactMeasure.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("actions:measure", args=[measure.pk])
    assert (measure.baseline, measure.target, measure.frequency) == (Decimal(48), Decimal(90), "quarterly")
    record = measure.history.get()
    assert (record.history_change_reason, record.history_user) == (
        "Impact measure added", world.people["strand's subgroup lead"]
    )


# --- the measure form ---------------------------------------------------------------------------------


def test_a_changed_measure_says_what_changed_in_its_history(client, world, measure):
    client.force_login(world.people["strand's subgroup lead"])
    response = client.post(_urls(measure)["edit"], _edit_data(measure, target="65%", source="Synergy, weekly"))
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.target, measure.source, measure.version) == (Decimal(65), "Synergy, weekly", 2)
    assert measure.history.latest().history_change_reason == "Changed: target, source"


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("baseline", "forty", "Baseline must be a number, like 41%"),
    ("target", "120%", "Target must be a percentage between 0 and 100"),
    ("target", "-5", "Target must be 0 or more"),
    ("target", "99999999999999999999", "Target must be a percentage between 0 and 100"),
    ("unit", "x" * 51, "Unit must be 50 characters or fewer"),
    ("target", "20", "The target must be above the baseline: higher is better"),
    ("name", "", "Enter the measure, for example EHC plans issued within 20 weeks"),
    ("name", "x" * 10_000, "Measure must be 300 characters or fewer"),
    ("source", "Synergy\x00", "Where the figure comes from must not include a null character"),
    ("target_date_2", "2026", "The target date must be after the baseline's date"),
])
def test_a_bad_measure_is_refused_in_words_beside_its_box(client, world, measure, field, typed, message):
    client.force_login(world.people["administrator"])
    response = client.post(_urls(measure)["edit"], _edit_data(measure, **{field: typed}))
    assert response.status_code == 200
    page = _page(response)
    assert "There is a problem" in page and message in page
    assert ImpactMeasure.objects.get().version == 1


def test_an_edit_after_someone_elses_keeps_both_and_names_the_clash(client, world, measure):
    lead = world.people["strand's subgroup lead"]
    measures.impact_measure_update(measure=measure, by=world.people["administrator"], expected_version=1,
                                   source="Synergy, weekly extract", target=Decimal(70))
    client.force_login(lead)
    response = client.post(_urls(measure)["edit"], _edit_data(measure, target="65%"))  # opened at version 1
    page = _page(response)
    assert response.status_code == 200 and "Someone else changed this measure" in page
    assert "They changed target too" in page
    measure.refresh_from_db()
    assert (measure.target, measure.version) == (Decimal(70), 2)
    form = response.context["form"]
    assert form.initial["source"] == "Synergy, weekly extract" and form.initial["target"] == "65"
    assert form.initial["version"] == 2


# --- the readings table ----------------------------------------------------------------------------


def test_the_readings_table_has_a_labelled_box_for_each_month_since_the_baseline(client, world, measure):
    client.force_login(world.people["strand's subgroup lead"])
    page = client.get(_urls(measure)["readings"]).content.decode()
    labels = re.findall(r'<label class="govuk-label govuk-visually-hidden" for="id_value-[^"]+">([^<]+)</label>', page)
    assert labels == [f"Value for {month}" for month in ("January 2027", "December 2026", "November 2026",
                                                        "October 2026")]
    assert page.count('inputmode="decimal"') == 4 and page.count("Save readings") == 1


def test_one_save_records_changes_and_removes_readings_with_words_in_their_history(client, world, measure):
    lead = world.people["strand's subgroup lead"]
    MeasureReadingFactory(measure=measure, period=date(2026, 10, 1), value=38, source_note="")
    MeasureReadingFactory(measure=measure, period=date(2026, 11, 1), value=39, source_note="")
    client.force_login(lead)
    data = _readings_data(client, measure, value_2026_11="40%", value_2026_12="1,0", note_2026_12="Late")
    data["value-2026-12"] = " 41 %"
    data["remove-2026-10"] = "on"
    response = client.post(_urls(measure)["readings"], data)
    assert response.status_code == 302
    assert dict(measure.readings.values_list("period", "value")) == {
        date(2026, 11, 1): Decimal(40), date(2026, 12, 1): Decimal(41)
    }
    reasons = set(MeasureReading.history.values_list("history_change_reason", "history_user"))
    assert {
        ("Reading for October 2026 removed by Sam Okafor (it was 38%)", lead.pk),
        ("Reading for November 2026 changed by Sam Okafor (39% → 40%)", lead.pk),
        ("Reading for December 2026 recorded by Sam Okafor", lead.pk),
    } <= reasons
    assert "1 reading recorded, 1 changed and 1 removed" in _page(client.get(response["Location"]))


def test_a_bad_row_saves_nothing_and_the_summary_links_to_its_box(client, world, measure):
    client.force_login(world.people["administrator"])
    data = _readings_data(client, measure, value_2026_10="41", value_2026_11="forty", value_2026_12="101")
    response = client.post(_urls(measure)["readings"], data)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="#id_value-2026-11">Value for November 2026 must be a number, like 41%</a>' in page
    assert '<a href="#id_value-2026-12">Value for December 2026 must be a percentage between 0 and 100</a>' in page
    assert 'id="id_value-2026-11-error"' in page and 'value="forty"' in page
    assert not MeasureReading.objects.exists()


def test_emptying_a_box_does_not_remove_its_reading_without_the_tick(client, world, measure):
    MeasureReadingFactory(measure=measure, period=date(2026, 10, 1), value=38)
    client.force_login(world.people["administrator"])
    response = client.post(_urls(measure)["readings"], _readings_data(client, measure, value_2026_10=""))
    assert response.status_code == 200
    assert "Enter the value for October 2026, or tick “Remove” to remove its reading" in _page(response)
    assert measure.readings.get().value == 38


def test_a_reading_someone_else_changed_meanwhile_is_not_overwritten_silently(client, world, measure):
    MeasureReadingFactory(measure=measure, period=date(2026, 10, 1), value=38, source_note="")
    client.force_login(world.people["strand's subgroup lead"])
    opened = _readings_data(client, measure, value_2026_10="39", value_2026_11="40")
    measures.measure_readings_save(measure=measure, by=world.people["administrator"], rows=[
        measures.ReadingRow(period=date(2026, 10, 1), value=Decimal(37), seen=json.loads(opened["seen"])["2026-10"]),
        measures.ReadingRow(period=date(2026, 12, 1), value=Decimal(44)),
    ])
    response = client.post(_urls(measure)["readings"], opened)
    assert response.status_code == 200
    assert "Someone else changed it to 37% while you were editing the reading for October 2026" in _page(response)
    assert dict(measure.readings.values_list("period", "value")) == {
        date(2026, 10, 1): Decimal(37), date(2026, 12, 1): Decimal(44)
    }
    again = {key: values[-1] for key, values in response.context["form"].data.lists()}
    assert again["value-2026-10"] == "39" and again["value-2026-12"] == "44"  # theirs is shown where I left it
    assert client.post(_urls(measure)["readings"], again).status_code == 302
    assert dict(measure.readings.values_list("period", "value")) == {
        date(2026, 10, 1): Decimal(39), date(2026, 11, 1): Decimal(40), date(2026, 12, 1): Decimal(44)
    }


# --- hostile input ---------------------------------------------------------------------------------

PAYLOADS = [
    "99999999999999999999", "1e309", "-1", "NaN", "x" * 10_000, "\x00", "4\x001", "\u202e12", "مرحبا ١٢",
    "👩🏽‍🏫", "<script>alert(1)</script>", "0" * 60, "1" + "0" * 9999, "9999999999.99999",
]


def test_no_field_of_either_form_answers_hostile_input_with_a_server_error(client, world, measure):
    client.force_login(world.people["administrator"])
    urls = _urls(measure)
    edit = _edit_data(measure)
    readings = _readings_data(client, measure)
    problems = []
    for url, data in ((urls["edit"], edit), (urls["add"], edit), (urls["readings"], readings)):
        for name in [*data, "remove-2026-10"]:
            for payload in PAYLOADS:
                status = client.post(url, {**data, name: payload}).status_code
                if status >= 500 or (name != "version" and status not in (200, 302)):
                    problems.append(f"{url} {name}={payload[:20]!r}: {status}")
    assert problems == []
    assert "<script>" not in client.get(urls["page"]).content.decode()


# --- the measure page -------------------------------------------------------------------------------


def _with_readings(measure: ImpactMeasure, count: int) -> None:
    start = date(2024, 1, 1)
    for n in range(count):
        MeasureReading.objects.create(measure=measure, period=date(start.year + (n // 12), n % 12 + 1, 1),
                                      value=Decimal(30 + n % 20))


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_measure_and_readings_pages_run_as_many_queries_for_36_readings_as_for_3(client, world):
    client.force_login(world.people["strand's subgroup lead"])
    few, many = (ImpactMeasureFactory(strand=world.strand, baseline_period=date(2023, 12, 1)) for _ in range(2))
    _with_readings(few, 3)
    _with_readings(many, 36)
    for name in ("actions:measure", "actions:measure_readings"):
        counted = [_queries(client, reverse(name, args=[m.pk])) for m in (few, many)]
        assert counted[0] == counted[1], name
    strand_page = reverse("actions:strand", args=[world.strand.pk])
    before = _queries(client, strand_page)
    _with_readings(ImpactMeasureFactory(strand=world.strand), 12)
    assert _queries(client, strand_page) == before


def test_the_chart_is_an_image_named_by_its_summary_with_a_table_of_the_same_figures(client, world, measure):
    for period, value in ((date(2026, 10, 1), 38), (date(2026, 11, 1), 41)):
        MeasureReadingFactory(measure=measure, period=period, value=value, source_note="SEN2")
    client.force_login(world.people["board chair"])
    page = client.get(_urls(measure)["page"]).content.decode()
    summary = "EHC plans issued within 20 weeks: 41% (target 60% by March 2027), up from 38% in October 2026."
    svg = re.search(r"<svg[^>]*>.*?</svg>", page, re.S).group(0)
    chart_id = f"measure-{measure.pk}-chart"
    assert f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"' in svg
    assert f'<title id="{chart_id}-title">EHC plans issued within 20 weeks</title>' in svg
    assert f'<desc id="{chart_id}-desc">{summary}</desc>' in svg
    assert "style=" not in page
    assert 'stroke-dasharray="10 6"' in svg and ">Target 60%</text>" in svg and ">Baseline 35%</text>" in svg
    table = re.search(r'<table class="govuk-table[^"]*app-measure__figures">.*?</table>', page, re.S).group(0)
    rows = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th><td[^>]*>([^<]+)</td>', table)
    assert rows == [("Baseline (September 2026)", "35%"), ("October 2026", "38%"), ("November 2026", "41%")]
    assert svg.count("<circle") == 2 and unescape(summary) in _page(client.get(_urls(measure)["page"]))
    assert "Moving towards the target" in page and "Synergy case management, monthly" in page


def test_a_measure_with_no_readings_says_so_and_draws_only_its_baseline(client, world, measure):
    client.force_login(world.people["board chair"])
    page = _page(client.get(_urls(measure)["page"]))
    assert ("EHC plans issued within 20 weeks: no readings yet; baseline 35% (September 2026), target 60% by "
            "March 2027.") in page
    assert "No readings yet" in page


def test_the_strand_page_and_plan_overview_show_each_measure_in_words(client, world, measure):
    MeasureReadingFactory(measure=measure, period=date(2026, 10, 1), value=Decimal("41.5000"))
    client.force_login(world.people["other officer"])
    summary = "EHC plans issued within 20 weeks: 41.5% (target 60% by March 2027), up from 35% in September 2026."
    strand_page = _page(client.get(reverse("actions:strand", args=[world.strand.pk])))
    overview = _page(client.get(reverse("actions:plan", args=[world.plan.pk])))
    for page in (strand_page, overview):
        assert summary in page and "41.5000" not in page
