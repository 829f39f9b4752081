"""The rating key says what each of the plan's ratings means, from the legend's own order of severity."""
from actions.ratings import DEFAULT_LEGEND
from reports.papers.generated import rating_meaning


def test_each_default_rating_is_explained_in_words():
    scale = [entry.severity for entry in DEFAULT_LEGEND if entry.severity is not None and not entry.complete]
    meanings = {entry.key: rating_meaning(entry, scale) for entry in DEFAULT_LEGEND}
    assert meanings["blue"] == "The action is complete."
    assert meanings["green"].endswith("on track.")
    assert meanings["amber"].startswith("Between the two")
    assert meanings["red"].startswith("The worst progress rating")
    assert meanings["not_started"].startswith("Not rated on the scale")
