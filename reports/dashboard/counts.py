"""The dashboard's counts from the plan on its day, from its strands' tallies (``plan_day.StrandTally``): by
rating for the plan, each weakness and each strand; overdue and due before the next meeting; the month's
updates still missing by subgroup. Each count carries the link to the action list that lists the same
actions."""
from collections import Counter
from datetime import date

from actions.ratings import Legend, legend_entry, short_label
from inspections.dates import long_date

from .links import Links
from .plan_day import PlanDay
from .shapes import Deadlines, MissingUpdates, RatingCount, RatingGroup, Ratings, SubgroupOwing


def bar_width(count: int, total: int) -> int:
    """The bar's width class: the share to the nearest 5 per cent, and at least 5 for any count at all."""
    if not count or not total:
        return 0
    return max(5, min(100, 5 * round(20 * count / total)))


def rating_counts(counts: Counter, legend: Legend, link, *, also=()) -> list[RatingCount]:
    """Counts in legend order, then any rating no longer in the legend; ``link(key)`` lists each count's actions."""
    keys = [entry.key for entry in legend]
    keys += sorted((set(counts) | set(also)) - set(keys))
    total = sum(counts.values())
    made = []
    for key in keys:
        entry = legend_entry(key, legend)
        count = counts.get(key, 0)
        made.append(RatingCount(
            key=key, label=entry.label, short=short_label(entry), colour=entry.colour, count=count,
            percent=round(100 * count / total) if total else 0, bar=bar_width(count, total), link=link(key),
        ))
    return made


def ratings_of(plan_day: PlanDay, legend: Legend, links: Links, *, section_word: str) -> Ratings:
    by_strand = {pk: tally.ratings for pk, tally in plan_day.by_strand.items()}
    overdue = Counter({pk: tally.overdue for pk, tally in plan_day.by_strand.items()})
    every_rating = {key for counts in by_strand.values() for key in counts}
    plan_counts = sum(by_strand.values(), Counter())
    plan_group = RatingGroup(
        pk=None, name="The whole plan", total=sum(plan_counts.values()), link=links.actions(),
        counts=rating_counts(plan_counts, legend, lambda key: links.actions(rating=key)),
        overdue=sum(overdue.values()), overdue_link=links.actions(overdue=True),
    )
    strands = []
    for strand in plan_day.strands:
        counts = by_strand.get(strand.pk, Counter())
        strands.append(RatingGroup(
            pk=strand.pk, name=f"{section_word} {strand.number}: {strand.title}", total=sum(counts.values()),
            link=links.actions(strand=strand.pk),
            counts=rating_counts(counts, legend, lambda key, pk=strand.pk: links.actions(strand=pk, rating=key),
                                 also=every_rating),
            overdue=overdue[strand.pk], overdue_link=links.actions(strand=strand.pk, overdue=True),
        ))
    return Ratings(plan=plan_group, by_weakness=_by_weakness(plan_day, by_strand, overdue, legend, links),
                   by_strand=strands)


def _by_weakness(plan_day: PlanDay, by_strand, overdue, legend: Legend, links: Links) -> list[RatingGroup]:
    """Each weakness with the actions of the strands answering it (an action counts for each weakness its strand
    answers, as the plan's overview counts them)."""
    groups = []
    for weakness in plan_day.weaknesses:
        strands = [strand.pk for strand in plan_day.strands if weakness.pk in strand.weakness_ids]
        counts = sum((by_strand.get(pk, Counter()) for pk in strands), Counter())
        groups.append(RatingGroup(
            pk=weakness.pk, name=f"Weakness {weakness.number}: {weakness.title}", total=sum(counts.values()),
            link=links.actions(weakness=weakness.pk),
            counts=rating_counts(counts, legend, lambda key, pk=weakness.pk: links.actions(weakness=pk, rating=key)),
            overdue=sum(overdue[pk] for pk in strands), overdue_link=links.actions(weakness=weakness.pk, overdue=True),
        ))
    return groups


def deadlines_of(plan_day: PlanDay, links: Links, *, until: date | None) -> Deadlines:
    """Overdue and due up to ``until`` (the next meeting's day), as ``PlanDay.tally`` counted them."""
    overdue = sum(tally.overdue for tally in plan_day.by_strand.values())
    return Deadlines(
        overdue=overdue, overdue_link=links.actions(overdue=True),
        due_soon=plan_day.due_soon if until else 0, due_soon_link=links.actions(due_by=until) if until else "",
        due_until=until.isoformat() if until else "", due_until_words=long_date(until) if until else "",
    )


def missing_updates_of(plan_day: PlanDay, links: Links) -> MissingUpdates:
    """The open actions with no update for the day's month by the end of the day, by their strand's subgroup."""
    subgroup_of = {strand.pk: strand.subgroup_id for strand in plan_day.strands}
    owing: Counter = Counter()
    for strand_id, tally in plan_day.by_strand.items():
        if tally.owing:
            owing[subgroup_of.get(strand_id)] += tally.owing
    rows = []
    for pk in sorted(owing, key=lambda pk: (pk is None, getattr(plan_day.subgroups.get(pk), "name", "").casefold())):
        subgroup = plan_day.subgroups.get(pk)
        rows.append(SubgroupOwing(
            pk=pk, name=subgroup.name if subgroup else "Strands with no subgroup",
            lead=subgroup.lead if subgroup else "",
            count=owing[pk], link=links.actions(subgroup=pk, update_missing=True) if pk else "",
        ))
    month = plan_day.day.replace(day=1)
    return MissingUpdates(month=month.isoformat(), month_words=f"{month:%B %Y}", total=sum(owing.values()),
                          link=links.actions(update_missing=True), by_subgroup=rows)
