"""Where a measure stands, in one sentence, its reading periods, and its chart's geometry: plain tests."""
from datetime import date
from decimal import Decimal

from actions.measure_chart import measure_chart, nice_step, tick_label
from actions.measure_periods import period_label, period_of, periods_between, reading_periods
from actions.measure_trends import MeasureFacts, Point, Standing, measure_trend

EHC = "EHC plans issued within 20 weeks"


def facts(*readings, name=EHC, unit="%", direction="higher", baseline=Decimal(35), baseline_period=date(2026, 9, 1),
          target=Decimal(60), target_date=date(2027, 3, 31), frequency="monthly") -> MeasureFacts:
    return MeasureFacts(
        name=name, unit=unit, direction=direction, baseline=baseline, baseline_period=baseline_period, target=target,
        target_date=target_date, frequency=frequency,
        readings=tuple(Point(period, Decimal(value)) for period, value in readings),
    )


def test_the_summary_says_the_latest_value_the_target_and_which_way_it_moved():
    trend = measure_trend(facts((date(2026, 9, 1), 35), (date(2026, 10, 1), 41)))
    assert trend.summary == f"{EHC}: 41% (target 60% by March 2027), up from 35% in September 2026."
    assert trend.latest == Point(date(2026, 10, 1), Decimal(41))
    assert trend.previous.period == date(2026, 9, 1) and trend.change == Decimal(6)
    assert trend.standing is Standing.ON_TRACK and trend.on_track


def test_one_reading_is_measured_from_the_baseline():
    trend = measure_trend(facts((date(2026, 10, 1), 33), baseline_period=date(2026, 9, 15)))
    assert trend.previous_is_baseline and trend.change == Decimal(-2)
    assert trend.summary == f"{EHC}: 33% (target 60% by March 2027), down from 35% in September 2026."
    assert trend.standing is Standing.WORSE_THAN_BASELINE and not trend.on_track


def test_no_readings_says_so_with_the_baseline():
    trend = measure_trend(facts())
    assert trend.summary == f"{EHC}: no readings yet; baseline 35% (September 2026), target 60% by March 2027."
    assert trend.latest is None and trend.change is None and trend.standing is Standing.NO_READINGS
    bare = measure_trend(facts(baseline=None, baseline_period=None, target=None))
    assert bare.summary == f"{EHC}: no readings yet."


def test_lower_is_better_counts_a_fall_as_progress():
    days = "Average days from request to EHC plan"
    falling = facts((date(2026, 10, 1), 210), (date(2026, 11, 1), 198), name=days, unit="days", direction="lower",
                    baseline=Decimal(215), target=Decimal(140))
    trend = measure_trend(falling)
    assert trend.standing is Standing.ON_TRACK
    assert trend.summary == f"{days}: 198 days (target 140 days by March 2027), down from 210 days in October 2026."
    rising = facts((date(2026, 10, 1), 198), (date(2026, 11, 1), 205), name=days, unit="days", direction="lower",
                   baseline=Decimal(215), target=Decimal(140))
    assert measure_trend(rising).standing is Standing.SLIPPING
    worse = facts((date(2026, 10, 1), 230), name=days, unit="days", direction="lower", baseline=Decimal(215))
    assert measure_trend(worse).standing is Standing.WORSE_THAN_BASELINE


def test_a_met_target_is_met_whichever_way_is_better():
    assert measure_trend(facts((date(2026, 10, 1), 60))).standing is Standing.MET
    assert measure_trend(facts((date(2026, 10, 1), 72), (date(2026, 11, 1), 65))).standing is Standing.MET
    lower = facts((date(2026, 10, 1), 139), unit="days", direction="lower", baseline=Decimal(215),
                  target=Decimal(140))
    assert measure_trend(lower).standing is Standing.MET


def test_an_unchanged_value_says_unchanged_and_is_not_moving():
    trend = measure_trend(facts((date(2026, 10, 1), 41), (date(2026, 11, 1), 41)))
    assert "unchanged from 41% in October 2026" in trend.summary
    assert trend.standing is Standing.NOT_MOVING


def test_one_reading_without_a_baseline_has_no_trend_yet():
    trend = measure_trend(facts((date(2026, 10, 1), 41), baseline=None, baseline_period=None, target=None))
    assert trend.summary == f"{EHC}: 41%, in October 2026."
    assert trend.standing is Standing.FIRST_READING and trend.previous is None


def test_quarters_are_the_financial_years_and_named_with_their_months():
    assert period_of(date(2026, 11, 20), "quarterly") == date(2026, 10, 1)
    assert period_of(date(2027, 2, 3), "quarterly") == date(2027, 1, 1)
    assert period_label(date(2026, 10, 1), "quarterly") == "Q3 2026/27 (October to December 2026)"
    assert period_label(date(2026, 11, 1), "quarterly") == "November 2026"  # a month read before the change
    assert period_label(date(2026, 10, 1), "monthly") == "October 2026"
    summary = measure_trend(facts((date(2026, 10, 1), 38), (date(2027, 1, 1), 41), frequency="quarterly")).summary
    assert summary.endswith("up from 38% in Q3 2026/27 (October to December 2026).")


def test_the_readings_table_runs_from_after_the_baseline_to_this_period():
    assert reading_periods(frequency="monthly", today=date(2027, 1, 20), baseline_period=date(2026, 9, 14),
                           target_date=date(2027, 3, 31)) == [date(2026, 10, 1), date(2026, 11, 1),
                                                              date(2026, 12, 1), date(2027, 1, 1)]
    assert reading_periods(frequency="quarterly", today=date(2027, 1, 20), baseline_period=date(2026, 5, 1),
                           target_date=None) == [date(2026, 7, 1), date(2026, 10, 1), date(2027, 1, 1)]


def test_the_readings_table_keeps_every_recorded_period_and_stops_at_a_passed_target():
    rows = reading_periods(frequency="monthly", today=date(2027, 6, 1), baseline_period=date(2026, 12, 1),
                           target_date=date(2027, 2, 28), recorded=[date(2027, 5, 1), date(2020, 1, 1)])
    assert rows == [date(2020, 1, 1), date(2027, 1, 1), date(2027, 2, 1), date(2027, 5, 1)]


def test_a_baseline_a_century_ago_gives_at_most_ten_years_of_rows():
    rows = reading_periods(frequency="monthly", today=date(2027, 1, 1), baseline_period=date(1900, 1, 1),
                           target_date=None)
    assert len(rows) == 120 and rows[-1] == date(2027, 1, 1)
    assert len(periods_between(date(1900, 1, 1), date(2100, 12, 31), "quarterly")) == 120


def test_no_baseline_date_starts_the_table_a_year_back():
    rows = reading_periods(frequency="monthly", today=date(2027, 1, 5), baseline_period=None, target_date=None)
    assert rows[0] == date(2026, 2, 1) and rows[-1] == date(2027, 1, 1) and len(rows) == 12


def test_the_chart_places_readings_baseline_and_target_inside_the_plot():
    chart = measure_chart(facts((date(2026, 10, 1), 38), (date(2026, 11, 1), 41)))
    assert [point.value for point in chart.points] == ["38%", "41%"]
    assert chart.baseline.value == "35%" and chart.target.label == "Target 60%"
    for point in (*chart.points, chart.baseline):
        assert chart.left <= point.x <= chart.right and chart.top <= point.y <= chart.bottom
    assert chart.points[0].y > chart.points[1].y  # a higher value is drawn higher up
    assert chart.target.y < chart.points[1].y
    assert chart.value_ticks[0].label == "0%" and chart.value_ticks[-1].label in ("80%", "100%")
    assert chart.period_ticks[0].label == "Sep 2026" and len(chart.period_ticks) <= 6
    assert chart.line_points.count(",") == 3  # the baseline and two readings


def test_nothing_to_draw_is_no_chart():
    assert measure_chart(facts(baseline=None, baseline_period=None)) is None
    assert measure_chart(facts(baseline_period=None)) is None
    one = measure_chart(facts((date(2026, 10, 1), 5), baseline=None, baseline_period=None, target=None,
                              target_date=None))
    assert len(one.points) == 1 and one.target is None and one.baseline is None


def test_a_unit_in_words_goes_over_the_axis_and_the_ticks_show_numbers_that_fit():
    visits = measure_chart(facts((date(2026, 10, 1), 3509), (date(2026, 11, 1), 3650), unit="visits a month",
                                 baseline=Decimal(2100), target=Decimal(4000)))
    assert visits.unit_caption == "visits a month"
    assert [tick.label for tick in visits.value_ticks][:3] == ["0", "1,000", "2,000"]
    assert all(len(tick.label) <= 7 for tick in visits.value_ticks)
    percent = measure_chart(facts((date(2026, 10, 1), 38)))
    assert percent.unit_caption == "" and percent.value_ticks[-1].label.endswith("%")
    assert tick_label(1_500_000, "£") == "£1.5m" and tick_label(120_000, "") == "120k"
    assert tick_label(2_000_000_000, "") == "2bn" and tick_label(40, "%") == "40%"


def test_the_latest_value_moves_below_its_point_when_the_target_line_would_cross_it():
    near = measure_chart(facts((date(2026, 10, 1), 3509), (date(2026, 11, 1), 3650), unit="visits a month",
                               baseline=Decimal(2100), target=Decimal(4000)))
    assert near.latest_label_below  # the line is just above the point, through where the label goes
    far = measure_chart(facts((date(2026, 10, 1), 38), (date(2026, 11, 1), 41)))
    assert not far.latest_label_below
    over = measure_chart(facts((date(2026, 10, 1), 58), (date(2026, 11, 1), 70)))
    assert not over.latest_label_below  # the line runs below the point: the label above is clear of it
    assert not far.target_label_below
    assert measure_chart(facts((date(2026, 10, 1), 74), target=Decimal(95))).target_label_below  # near 100%


def test_huge_values_still_give_round_ticks():
    chart = measure_chart(facts((date(2026, 10, 1), Decimal("9999999999.9999")), unit="", target=None))
    assert len(chart.value_ticks) <= 12
    assert nice_step(0) == 1.0 and nice_step(100) == 20
