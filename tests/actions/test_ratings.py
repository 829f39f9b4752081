"""The rating legend: reading ratings as people write them, telling when one gets worse, storing legends."""

import json

import pytest

from actions.ratings import (
    DEFAULT_LEGEND,
    LegendError,
    RatingError,
    is_complete,
    is_worse,
    legend_entry,
    legend_from_json,
    legend_to_json,
    parse_rating,
)

SUSPENDED_BLUE = [
    {"key": "blue", "label": "Blue – suspended", "colour": "blue", "severity": None},
    {"key": "green", "label": "Green – on track", "colour": "green"},
    {"key": "amber", "label": "Amber – some risk", "colour": "yellow"},
    {"key": "red", "label": "Red – off track", "colour": "red"},
    {"key": "not_started", "label": "Not started", "colour": "grey"},
]


def test_default_legend_is_brag_with_blue_complete_and_words_on_every_tag():
    assert [(entry.key, entry.label, entry.colour) for entry in DEFAULT_LEGEND] == [
        ("blue", "Blue – complete", "blue"),
        ("green", "Green – on track", "green"),
        ("amber", "Amber – some risk", "yellow"),
        ("red", "Red – significant risk/off track", "red"),
        ("not_started", "Not started", "grey"),
    ]
    assert is_complete("blue")
    assert not is_complete("green")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Red", "red"),
        ("AMBER", "amber"),
        ("green", "green"),
        ("Blue", "blue"),
        ("R", "red"),
        ("a", "amber"),
        ("G", "green"),
        ("B", "blue"),
        ("Complete", "blue"),
        ("Completed", "blue"),
        ("Done", "blue"),
        ("Not started", "not_started"),
        ("Not yet started", "not_started"),
        ("not-started", "not_started"),
        ("On track", "green"),
        ("On-track", "green"),
        ("Some risk", "amber"),
        ("At risk", "amber"),
        ("Off track", "red"),
        ("Behind", "red"),
        ("Not on track", "red"),
        ("Green – on track", "green"),
        ("Red – significant risk/off track", "red"),
        ("Green (on track)", "green"),
        ("Amber - awaiting data", "amber"),
        ("Completed March 2023", "blue"),
        ("  red  ", "red"),
    ],
)
def test_ratings_written_as_words_letters_or_labels_are_read(text, key):
    assert parse_rating(text) == key


@pytest.mark.parametrize("text", [None, "", "   "])
def test_blank_rating_is_not_started(text):
    assert parse_rating(text) == "not_started"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("R/A", "(Red, Amber)"),
        ("Red/Amber", "(Red, Amber)"),
        ("Amber-Green", "(Amber, Green)"),
        ("A/G", "(Amber, Green)"),
    ],
)
def test_two_ratings_in_one_cell_are_refused_not_guessed(text, named):
    with pytest.raises(RatingError) as raised:
        parse_rating(text)
    assert str(raised.value) == f'"{text}" gives more than one rating {named}: choose one'


@pytest.mark.parametrize("text", ["purple", "N/A", "a bit behind", "TBC", "5"])
def test_unknown_rating_names_the_legend(text):
    with pytest.raises(RatingError, match=r"is not a rating in this plan's legend \(Blue – complete, Green"):
        parse_rating(text)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("green", "amber"), ("amber", "red"), ("green", "red"), ("blue", "green"), ("blue", "red"),
        ("green", "not_started"), ("amber", "not_started"), ("red", "not_started"), ("blue", "not_started"),
    ],
)
def test_these_changes_are_worse(old, new):
    assert is_worse(old, new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("amber", "green"),
        ("red", "amber"),
        ("green", "blue"),
        ("green", "green"),
        ("not_started", "red"),
        ("not_started", "green"),
        ("not_started", "not_started"),
    ],
)
def test_these_changes_are_not_worse(old, new):
    assert not is_worse(old, new)


def test_legend_survives_a_json_round_trip():
    data = json.loads(json.dumps(legend_to_json(DEFAULT_LEGEND)))
    assert legend_from_json(data) == DEFAULT_LEGEND


def test_plan_where_blue_means_suspended():
    legend = legend_from_json(SUSPENDED_BLUE)
    assert legend_entry("blue", legend).label == "Blue – suspended"
    assert not is_complete("blue", legend)
    # Suspending or resuming an action is not a deterioration.
    assert not is_worse("blue", "green", legend=legend)
    assert not is_worse("green", "blue", legend=legend)
    assert is_worse("green", "red", legend=legend)
    assert not is_worse("blue", "not_started", legend=legend)
    assert parse_rating("B", legend=legend) == "blue"
    assert parse_rating("Blue – suspended", legend=legend) == "blue"
    # "Complete" is a default-legend synonym of blue, and means nothing in this plan.
    with pytest.raises(RatingError):
        parse_rating("Complete", legend=legend)


def test_a_rating_missing_from_the_legend_is_never_worse():
    legend = legend_from_json([item for item in SUSPENDED_BLUE if item["key"] != "blue"])
    assert not is_worse("blue", "red", legend=legend)


def test_plain_rag_legend_without_blue_refuses_blue():
    legend = legend_from_json([item for item in SUSPENDED_BLUE if item["key"] != "blue"])
    with pytest.raises(RatingError, match="is not a rating in this plan's legend"):
        parse_rating("Blue", legend=legend)
    with pytest.raises(RatingError):
        parse_rating("R/B", legend=legend)


def test_custom_synonyms_are_read():
    data = legend_to_json(DEFAULT_LEGEND)
    data[2]["synonyms"] = ["wobbly"]
    assert parse_rating("Wobbly", legend=legend_from_json(data)) == "amber"


def test_missing_severity_takes_the_default_for_that_key():
    legend = legend_from_json(SUSPENDED_BLUE)
    assert legend_entry("red", legend).severity == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"key": "red"}, "must be a non-empty list"),
        ([], "must be a non-empty list"),
        (["red"], "must be an object"),
        ([{"key": "red", "label": "Red"}], "Rating 1 has no colour"),
        ([{"key": "purple", "label": "Purple", "colour": "purple"}], 'key "purple"'),
        ([{"key": "red", "label": "Red", "colour": "crimson"}], 'colour "crimson"'),
        ([{"key": "red", "label": "Red", "colour": "red", "severity": -1}], "severity"),
        ([{"key": "red", "label": "Red", "colour": "red", "severity": "high"}], "severity"),
        ([{"key": "red", "label": "Red", "colour": "red", "complete": "yes"}], "true or false"),
        ([{"key": "red", "label": "Red", "colour": "red", "synonyms": "late"}], "synonyms"),
    ],
)
def test_malformed_legend_json_is_refused(data, message):
    with pytest.raises(LegendError, match=message):
        legend_from_json(data)


def test_legend_needs_red_amber_green_and_not_started():
    with pytest.raises(LegendError, match="needs not_started"):
        legend_from_json([item for item in SUSPENDED_BLUE if item["key"] != "not_started"])


def test_legend_cannot_list_a_key_twice():
    with pytest.raises(LegendError, match="lists red more than once"):
        legend_from_json([*SUSPENDED_BLUE, {"key": "red", "label": "Red again", "colour": "red"}])


def test_legend_cannot_have_two_complete_ratings():
    data = legend_to_json(DEFAULT_LEGEND)
    data[1]["complete"] = True
    with pytest.raises(LegendError, match="Only one rating can mean complete"):
        legend_from_json(data)


def test_a_word_cannot_mean_two_ratings():
    data = legend_to_json(DEFAULT_LEGEND)
    data[1]["synonyms"] = ["at risk"]
    with pytest.raises(LegendError, match='"at risk" would mean both green and amber'):
        legend_from_json(data)
