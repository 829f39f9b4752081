"""What a paper's generated sections show, read from the plan as it stood at the end of the paper's data day: the
plan's past (``actions.plan_as_of``), the dashboard's reads of changes and measures (``reports.dashboard``) and,
for a board pack, what the meeting's dashboard holds (as issued to the board once its pack was). Every value is
read once per paper and only when a section asks for it; nothing is copied from the plan into the report."""
from collections import Counter
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.utils import timezone

from actions.models import Plan
from actions.plan_as_of import PlanAsOf, plan_as_of
from actions.ratings import legend_entry
from actions.weakness_evidence import EvidenceFilters, items_for_weakness
from governance.models import Meeting
from inspections.dates import short_date
from inspections.models import Inspection, SignificantWeakness

from ..dashboard import dashboard_day, meeting_dashboard
from ..dashboard.changes import changes_between
from ..dashboard.counts import rating_counts
from ..dashboard.links import Links
from ..dashboard.measures import measures_on
from ..dashboard.plan_day import plan_on
from ..dashboard.read import neighbours_of
from ..dashboard.shapes import plain
from ..models import DashboardSnapshot

DUE_SOON_DAYS = 91  # "due soon" without a next meeting to count to: the next three months
CHANGES_DAYS = 91  # "changes since" when the report names no day: the last three months


def _no_link(*_args, **_kwargs) -> str:
    return ""


class Facts:
    def __init__(self, *, inspection: Inspection, day: date, today: date, meeting: Meeting | None = None,
                 weakness: SignificantWeakness | None = None, changes_since: date | None = None):
        self.inspection, self.day, self.today = inspection, day, today
        self.meeting, self.weakness, self._since = meeting, weakness, changes_since
        self.plan: Plan | None = getattr(inspection, "plan", None)
        self.legend = self.plan.legend if self.plan else ()
        self.section_word = self.plan.section_word if self.plan else "Strand"

    # --- reads, each once -------------------------------------------------------------------------

    @cached_property
    def past(self) -> PlanAsOf | None:
        return plan_as_of(self.plan, self.day) if self.plan else None

    @cached_property
    def neighbours(self) -> tuple[Meeting | None, Meeting | None]:
        return neighbours_of(self.meeting) if self.meeting else (None, None)

    @cached_property
    def since(self) -> date:
        previous = self.neighbours[0]
        if self._since:
            return self._since
        return previous.held_on if previous else self.day - timedelta(days=CHANGES_DAYS)

    @cached_property
    def due_until(self) -> date:
        following = self.neighbours[1]
        return following.held_on if following else self.day + timedelta(days=DUE_SOON_DAYS)

    @cached_property
    def dashboard(self) -> dict | None:
        """The meeting's dashboard as the board was sent it, or (before its pack is issued) as it stands."""
        if self.meeting is None or self.plan is None:
            return None
        snapshot = DashboardSnapshot.objects.filter(meeting=self.meeting).first()
        if snapshot:
            return snapshot.data
        day = min(self.day, dashboard_day(self.meeting, self.today))
        return plain(meeting_dashboard(meeting=self.meeting, day=day, today=self.today))

    # --- what each generated section shows ------------------------------------------------------------

    def label(self, key: str) -> str:
        return legend_entry(key, self.legend).label

    def strand_name(self, strand) -> str:
        return f"{self.section_word} {strand.number}: {strand.title}"

    def weaknesses(self) -> list[SignificantWeakness]:
        chosen = self.past.weaknesses if self.past else list(self.inspection.weaknesses.order_by("number"))
        return [w for w in chosen if self.weakness is None or w.pk == self.weakness.pk]

    def strands_answering(self, weakness: SignificantWeakness) -> list:
        return [strand for strand in self.past.strands if weakness.pk in strand.weakness_ids] if self.past else []

    def action_rows(self, strand_ids=None) -> list[dict]:
        if not self.past:
            return []
        return [
            {"reference": action.reference, "title": action.title, "lead": action.lead_display or "Not set",
             "organisation": action.lead_organisation, "due": self._due_words(action),
             "rating": self.label(action.rating), "rating_key": action.rating, "reason": action.rating_reason,
             "overdue": action.overdue_on(self.day)}
            for action in self.past.actions if strand_ids is None or action.strand_id in strand_ids
        ]

    @staticmethod
    def _due_words(action) -> str:
        if action.ongoing:
            return "Ongoing"
        return short_date(action.due_date) if action.due_date else "Not set"

    def strands_with_actions(self, strand_ids=None) -> list[dict]:
        return [
            {"name": self.strand_name(strand), "lead": str(strand.subgroup.lead or "") if strand.subgroup else "",
             "actions": self.action_rows({strand.pk})}
            for strand in (self.past.strands if self.past else ()) if strand_ids is None or strand.pk in strand_ids
        ]

    def evidence_for(self, weakness, strand_ids: set[int]) -> dict:
        """The weakness's evidence as it stood at the end of the report's day (items dated and added by then),
        newest first, and the actions complete by then that no item supports: what an inspector asks first."""
        if not self.plan:
            return {"items": [], "complete_without": []}
        end_of_day = timezone.make_aware(datetime.combine(self.day, time.max))
        items = list(items_for_weakness(weakness.pk, self.plan, EvidenceFilters(until=self.day))
                     .filter(added_at__lte=end_of_day))
        supported = {action.pk for item in items for action in item.actions.all()}
        complete = [action for action in (self.past.actions if self.past else ())
                    if action.strand_id in strand_ids and action.completed_on and action.pk not in supported]
        return {
            "items": [{
                "dated": short_date(item.dated), "title": item.title, "kind": item.get_kind_display(),
                "note": item.note, "source": item.link or item.original_name,
                "supports": ", ".join(action.reference for action in item.actions.all()),
            } for item in items],
            "complete_without": [action.reference for action in complete],
        }

    def counts_for(self, strand_ids: set[int]) -> dict:
        actions = [action for action in self.past.actions if action.strand_id in strand_ids] if self.past else []
        counts = Counter(action.rating for action in actions)
        return {"counts": rating_counts(counts, self.legend, _no_link), "total": len(actions),
                "overdue": sum(action.overdue_on(self.day) for action in actions)}

    def changes(self) -> dict | None:
        if not self.plan:
            return None
        links = Links(plan_pk=self.plan.pk, day=self.day)
        return plain(changes_between(self.plan, plan_on(self.plan, self.day, today=self.today), links,
                                     since=self.since))

    def measures(self, strand_names: set[str] | None = None) -> list[dict]:
        if not self.plan:
            return []
        measures = plain(measures_on(self.plan, self.day))
        return [m for m in measures if strand_names is None or m["strand"] in strand_names]
