"""What a spreadsheet import is matched against: the plan's strands and actions, and the people the file names."""
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q

from inspections.models import SignificantWeakness

from .models import Action, Plan, Strand


def person_key(text: str) -> str:
    """How a lead written in a spreadsheet is compared with people's names and e-mail addresses."""
    return " ".join(text.split()).casefold()


@dataclass
class ImportTargets:
    """What an import is matched against: the plan's strands and actions, and the people the file names."""

    strands: list[Strand]
    actions: list[Action]
    # A lower-cased full name or e-mail address → the active people who have it (more than one: ambiguous).
    people: dict[str, list] = field(default_factory=dict)
    weaknesses: list = field(default_factory=list)  # the inspection's, for linking strands to them
    linked: set[tuple[int, int]] = field(default_factory=set)  # (strand id, weakness id) already linked


def plan_import_targets(plan: Plan, *, leads: Iterable[str] = (), lock: bool = False) -> ImportTargets:
    """The plan's strands and actions, and the people whose full name or e-mail address is one of ``leads``.

    Five queries, however big the plan. With ``lock`` (inside the import's transaction) the strands and
    actions are locked, so that nobody's edit saved meanwhile is overwritten by the import.
    """
    from django.db.models import Value
    from django.db.models.functions import Concat, Lower, Trim

    strands = Strand.objects.filter(plan=plan).order_by("number")
    actions = Action.objects.filter(plan=plan).select_related("strand", "lead_officer").order_by("sort_key", "pk")
    if lock:
        strands = strands.select_for_update()
        actions = actions.select_for_update(of=("self",))
    keys = {person_key(text) for text in leads if text.strip()}
    people: dict[str, list] = defaultdict(list)
    if keys:
        full_name = Lower(Concat(Trim("first_name"), Value(" "), Trim("last_name")))
        found = (
            # Only the plan's own area's people: a name never reaches into another area.
            get_user_model().objects.filter(is_active=True, memberships__area_id=plan.inspection.area_id)
            .annotate(full_name_key=full_name, email_key=Lower("email"))
            .filter(Q(full_name_key__in=keys) | Q(email_key__in=keys))
            .distinct()
            .order_by("pk")
        )
        for person in found:
            for key in {person_key(f"{person.first_name} {person.last_name}"), person_key(person.email)} & keys:
                people[key].append(person)
    weaknesses = list(SignificantWeakness.objects.filter(inspection_id=plan.inspection_id).order_by("number"))
    links = Strand.weaknesses.through.objects.filter(strand__plan=plan)
    linked = set(links.values_list("strand_id", "significantweakness_id"))
    return ImportTargets(
        strands=list(strands), actions=list(actions), people=dict(people), weaknesses=weaknesses, linked=linked
    )
