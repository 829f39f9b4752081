"""The generated sections: for each key of ``kinds.GENERATED``, what its template
(``templates/reports/papers/sections/<key>.html``) is given, read through ``Facts``. Charts are drawn here as
SVG (the measure pages' own drawing) and put in the paper as ``data:`` images with their words as alt text."""
import base64

from django.template.loader import render_to_string

from inspections.dates import long_date

from .facts import Facts

GLOSSARY = (
    ("ASW", "Area of significant weakness: a weakness the inspection letter names that the plan must address."),
    ("BRAG", "Blue, red, amber, green: the ratings of each action's progress (blue is complete)."),
    ("CQC", "Care Quality Commission, which inspects health and care services."),
    ("DfE", "Department for Education."),
    ("EHC plan", "Education, health and care plan: a legal document setting out a child's needs and support."),
    ("ICB", "Integrated care board: the NHS body that plans health services for the area (from July 2022)."),
    ("Ofsted", "Office for Standards in Education, Children's Services and Skills."),
    ("SEND", "Special educational needs and disabilities."),
    ("WSoA", "Written Statement of Action: the local area's plan for improving the areas of weakness."),
)


def _day(value) -> str:
    return long_date(value) if value else "Not yet"


def inspection_summary(facts: Facts) -> dict:
    inspection = facts.inspection
    rows = [
        ("Local area", str(inspection.area)),
        ("Framework", inspection.get_framework_display()),
        ("Inspection", f"{long_date(inspection.starts_on)} to {long_date(inspection.ends_on)}"),
        ("Outcome", inspection.get_outcome_display() or "Not yet known"),
        ("Final letter received", _day(inspection.received_on)),
        ("Letter published", _day(inspection.published_on)),
        ("Plan submitted", _day(inspection.submitted_on)),
        ("Plan accepted", _day(inspection.accepted_on)),
        ("Areas of weakness", str(len(facts.weaknesses()))),
    ]
    return {"rows": rows}


def weaknesses(facts: Facts) -> dict:
    return {"weaknesses": [
        {"number": w.number, "title": w.title, "text": w.text,
         "strands": [facts.strand_name(strand) for strand in facts.strands_answering(w)]}
        for w in facts.weaknesses()
    ]}


def weakness_ratings(facts: Facts) -> dict:
    rows = [{"name": f"Weakness {w.number}: {w.title}",
             **facts.counts_for({strand.pk for strand in facts.strands_answering(w)})} for w in facts.weaknesses()]
    every = {strand.pk for strand in facts.past.strands} if facts.past else set()
    return {"rows": rows, "plan": facts.counts_for(every), "legend": facts.legend}


def action_plan(facts: Facts) -> dict:
    return {"strands": facts.strands_with_actions(), "section_word": facts.section_word}


def changes(facts: Facts) -> dict:
    return {"changes": facts.changes(), "since_words": long_date(facts.since)}


def deadlines(facts: Facts) -> dict:
    rows = facts.action_rows()
    soon = {a.reference for a in (facts.past.actions if facts.past else ())
            if a.completed_on is None and a.due_date and facts.day <= a.due_date <= facts.due_until}
    return {"overdue": [row for row in rows if row["overdue"]],
            "due_soon": [row for row in rows if row["reference"] in soon],
            "until_words": long_date(facts.due_until), "day_words": long_date(facts.day)}


def milestones(facts: Facts) -> dict:
    rows = []
    for milestone in facts.inspection.milestones.order_by("due", "key", "sequence"):
        if milestone.met_on and milestone.met_on <= facts.day:
            state = f"Met on {long_date(milestone.met_on)}"
        elif milestone.due < facts.day:
            state = "Overdue"
        else:
            state = "Due"
        rows.append({"label": milestone.label, "due": long_date(milestone.due), "state": state,
                     "estimated": milestone.estimated})
    return {"rows": rows}


def chart_image(measure: dict, number: int) -> str:
    """The measure's chart as a ``data:`` URI of its SVG, drawn by the measure pages' own template."""
    svg = render_to_string("actions/_measure_svg.html", {
        "chart": measure["chart"], "measure": measure, "trend": measure["trend"], "chart_id": f"chart-{number}",
    })
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _drawn(measures: list[dict]) -> list[dict]:
    return [{**m, "image": chart_image(m, n) if m["chart"] else ""} for n, m in enumerate(measures, start=1)]


def measures(facts: Facts) -> dict:
    return {"measures": _drawn(facts.measures())}


def approvals(facts: Facts) -> dict:
    inspection = facts.inspection
    return {
        "approvals": [a for a in inspection.approvals.order_by("approved_on", "pk") if a.approved_on <= facts.day],
        "events": [e for e in inspection.lifecycle_events.order_by("happened_on", "pk") if e.happened_on <= facts.day],
    }


def rating_meaning(entry, scale: list[int]) -> str:
    """What a rating means on the plan's own scale, in words (the legend orders ratings by severity)."""
    if entry.complete:
        return "The action is complete."
    if entry.severity is None or not scale:
        return "Not rated on the scale of progress (for example, not started)."
    if entry.severity == min(scale):
        return "The best progress rating short of complete: on track."
    if entry.severity == max(scale):
        return "The worst progress rating: the action needs attention."
    return "Between the two: progressing, with some risk."


def rating_key(facts: Facts) -> dict:
    scale = [entry.severity for entry in facts.legend if entry.severity is not None and not entry.complete]
    return {"entries": [{"key": entry.key, "label": entry.label, "meaning": rating_meaning(entry, scale)}
                        for entry in facts.legend]}


def glossary(facts: Facts) -> dict:
    return {"terms": GLOSSARY}


def board_papers(facts: Facts) -> dict:
    dashboard = facts.dashboard or {}
    return {"spotlight": dashboard.get("spotlight"), "reports": dashboard.get("reports", []),
            "has_meeting": facts.meeting is not None}


def revisit_weaknesses(facts: Facts) -> dict:
    made = []
    for w in facts.weaknesses():
        strands = facts.strands_answering(w)
        ids = {strand.pk for strand in strands}
        made.append({
            "number": w.number, "title": w.title, "text": w.text, "judgement": w.get_revisit_judgement_display(),
            "figures": facts.counts_for(ids), "strands": facts.strands_with_actions(ids),
            "measures": _drawn(facts.measures({facts.strand_name(strand) for strand in strands})),
            "evidence": facts.evidence_for(w, ids),
        })
    return {"weaknesses": made}


BUILDERS = {
    "inspection_summary": inspection_summary, "weaknesses": weaknesses, "weakness_ratings": weakness_ratings,
    "action_plan": action_plan, "changes": changes, "deadlines": deadlines, "milestones": milestones,
    "measures": measures, "approvals": approvals, "rating_key": rating_key, "glossary": glossary,
    "board_papers": board_papers, "revisit_weaknesses": revisit_weaknesses,
}
