"""A past day's strands read in one query (``actions.strands_then``, for the board's dashboard) are the strands
that ``plan_as_of.strands_as_of`` reads in two, whatever happened to their subgroups since."""
from datetime import date

import pytest
import time_machine

from actions import services
from actions.models import Subgroup
from actions.plan_as_of import strands_as_of
from actions.strands_then import strands_then
from tests.actions.plan_story import SET_UP, TODAY, at, story_written

RENAMED, MOVED, REMOVED = date(2025, 2, 10), date(2025, 3, 10), date(2025, 4, 14)


def _seen(strands) -> list[tuple]:
    """What a page shows of each strand: its number, title, subgroup, the subgroup's lead, its weaknesses."""
    return [(strand.pk, strand.number, strand.title, str(strand.subgroup or ""),
             str(getattr(strand.subgroup, "lead", None) or ""), strand.weakness_ids) for strand in strands]


@pytest.mark.django_db
def test_a_past_days_strands_come_with_their_subgroup_and_its_lead_as_they_were_then():
    story = story_written()
    admin, people = story.people["admin"], story.people
    subgroup = Subgroup.objects.get(plan=story.plan)
    with time_machine.travel(at(RENAMED, 10), tick=False):
        services.subgroup_update(subgroup=subgroup, by=admin, name="Plans and reviews subgroup", lead=people["jo"])
    with time_machine.travel(at(MOVED, 10), tick=False):
        other = services.subgroup_create(plan=story.plan, by=admin, name="Commissioning subgroup")
        strand = story.plan.strands.get(number=2)
        services.strand_update(strand=strand, by=admin, subgroup=other)
    with time_machine.travel(at(REMOVED, 10), tick=False):
        services.strand_update(strand=strand, by=admin, subgroup=None)
        other.delete()

    days = [SET_UP, RENAMED - (RENAMED - SET_UP) // 2, RENAMED, MOVED, REMOVED, TODAY]
    seen = {day: _seen(strands_then(story.plan, day)) for day in days}
    assert seen == {day: _seen(strands_as_of(story.plan, day)) for day in days}
    assert seen[SET_UP][0][3:5] == ("EHC plans subgroup", str(people["sam"]))
    assert seen[RENAMED][0][3:5] == ("Plans and reviews subgroup", str(people["jo"]))
    assert seen[MOVED][1][3] == "Commissioning subgroup"
    assert seen[REMOVED][1][3] == ""
