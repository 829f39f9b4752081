"""The spotlight goes round the subgroups in turn, continuing from the last one given."""
from governance.rotation import Slot, next_in_turn, spotlight_rotation

ORDER = ["strand 1", "strand 2", "strand 3", "strand 4"]


def test_round_robin_from_the_first_subgroup():
    slots = [Slot(key=n) for n in range(6)]
    assert list(spotlight_rotation(ORDER, slots).values()) == [*ORDER, "strand 1", "strand 2"]


def test_continues_from_the_last_spotlight_given():
    slots = [Slot(key="held", spotlight="strand 2", open=False), Slot(key="next"), Slot(key="after")]
    assert spotlight_rotation(ORDER, slots) == {"next": "strand 3", "after": "strand 4"}


def test_a_cancelled_meeting_does_not_take_a_turn():
    slots = [Slot(key="held", spotlight="strand 1", open=False), Slot(key="cancelled", cancelled=True),
             Slot(key="next")]
    assert spotlight_rotation(ORDER, slots) == {"next": "strand 2"}


def test_a_cancelled_meeting_that_had_a_spotlight_passes_it_on():
    slots = [Slot(key="held", spotlight="strand 1", open=False),
             Slot(key="cancelled", spotlight="strand 2", open=False, cancelled=True), Slot(key="next")]
    assert spotlight_rotation(ORDER, slots) == {"next": "strand 2"}


def test_a_chosen_spotlight_is_kept_and_the_turns_continue_from_it():
    slots = [Slot(key=1), Slot(key=2, spotlight="strand 4", open=False), Slot(key=3)]
    assert spotlight_rotation(ORDER, slots) == {1: "strand 1", 3: "strand 1"}


def test_a_subgroup_added_later_joins_at_its_place_in_the_order():
    slots = [Slot(key="held", spotlight="strand 4", open=False), Slot(key="next"), Slot(key="after")]
    assert spotlight_rotation([*ORDER, "strand 5"], slots) == {"next": "strand 5", "after": "strand 1"}


def test_a_subgroup_that_left_starts_the_turns_again_from_the_first():
    assert next_in_turn(ORDER, "gone") == "strand 1"
    assert next_in_turn([], "strand 1") is None
