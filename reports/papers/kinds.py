"""What a committee report can be made of: its kinds, the title block's fields, the sections the service can fill
from the data, and the default templates each local area starts with (the cabinet and scrutiny formats councils
publish, the board pack, the DfE/NHS England review pack and the revisit readiness pack). Pure data: the models
store a copy of a default, which an administrator then edits without a code change."""
from dataclasses import dataclass, field


class Kind:
    CABINET = "cabinet"
    SCRUTINY = "scrutiny"
    BOARD = "board"
    REVIEW = "review"
    REVISIT = "revisit"


KIND_CHOICES = [
    (Kind.CABINET, "Cabinet report"),
    (Kind.SCRUTINY, "Scrutiny committee report"),
    (Kind.BOARD, "Board pack"),
    (Kind.REVIEW, "DfE and NHS England review pack"),
    (Kind.REVISIT, "Revisit readiness pack"),
]
KIND_WORDS = dict(KIND_CHOICES)

NUMBERED = "decimal"  # "1.0 Purpose of report", paragraphs 1.1, 1.2
UNNUMBERED = "none"
NUMBERING_CHOICES = [(NUMBERED, "Numbered sections and paragraphs (1.0, 1.1)"), (UNNUMBERED, "No numbers")]

# The title block's fields: key → label as the paper prints it. A template lists the ones it shows, in order.
TITLE_FIELDS = {
    "report_of": "Report of",
    "report_to": "Report to",
    "relevant_officer": "Relevant officer",
    "meeting": "Meeting",
    "item": "Agenda item",
    "key_decision": "Key decision",
    "forward_plan": "Forward plan reference",
    "call_in": "Call-in",
    "cabinet_member": "Relevant cabinet member",
    "wards": "Wards affected",
    "author": "Report author",
    "contact": "Contact",
}

# The sections the service fills from the data: key → what the template pages call it.
GENERATED = {
    "inspection_summary": "Inspection summary",
    "weaknesses": "Areas of weakness with their strands",
    "weakness_ratings": "Progress by area of weakness",
    "action_plan": "Action plan by strand, with ratings and reasons",
    "changes": "Changes since a date",
    "deadlines": "Overdue and due soon",
    "milestones": "Milestones and deadlines",
    "measures": "Impact measures with chart and table",
    "approvals": "Approvals and lifecycle",
    "rating_key": "Rating key",
    "glossary": "Glossary",
    "board_papers": "The subgroups' reports to the meeting",
    "revisit_weaknesses": "Readiness for the revisit, weakness by weakness",
}
GENERATED_CHOICES = list(GENERATED.items())

# What a narrative section's starter text may name: replaced from the data when a report is started.
STARTER_NAMES = ("area", "council", "plan", "meeting", "meeting_date", "data_date", "weakness_count", "inspection")


@dataclass(frozen=True)
class SectionSpec:
    heading: str
    generated: str = ""  # a key of GENERATED; empty for a narrative section
    guidance: str = ""
    starter: str = ""
    bold: bool = False


@dataclass(frozen=True)
class TemplateSpec:
    kind: str
    name: str
    numbering: str
    title_fields: tuple[str, ...]
    title_defaults: dict = field(default_factory=dict)
    sections: tuple[SectionSpec, ...] = ()


def _n(heading: str, guidance: str = "", starter: str = "", bold: bool = False) -> SectionSpec:
    return SectionSpec(heading=heading, guidance=guidance, starter=starter, bold=bold)


def _g(heading: str, key: str) -> SectionSpec:
    return SectionSpec(heading=heading, generated=key)


PURPOSE = "To inform {meeting} of progress against the {plan} for {area}, as the position stood on {data_date}."
NO_IMPLICATIONS = "There are no implications directly arising from this report."

CABINET = TemplateSpec(
    kind=Kind.CABINET, name="Cabinet report", numbering=NUMBERED,
    title_fields=("report_of", "report_to", "meeting", "item", "key_decision", "forward_plan", "cabinet_member",
                  "wards", "author", "contact"),
    title_defaults={"report_of": "Executive Director (Children's Services)", "report_to": "Cabinet",
                    "key_decision": "No", "wards": "All wards"},
    sections=(
        _n("Purpose of report", "One or two paragraphs: what the report is for.", PURPOSE),
        _n("Recommendations", "What Cabinet is asked to decide or note. Printed in bold.",
           "That Cabinet notes the progress made against the {plan}.", bold=True),
        _n("Introduction", "The inspection and why the plan exists.",
           "The local area of {area} was inspected by Ofsted and the Care Quality Commission ({inspection}). "
           "The inspection found {weakness_count} areas of weakness that the plan addresses."),
        _g("Inspection summary", "inspection_summary"),
        _g("Areas of significant weakness", "weaknesses"),
        _g("Progress against the plan", "action_plan"),
        _g("Changes since the last report", "changes"),
        _g("Overdue and due soon", "deadlines"),
        _g("Milestones and deadlines", "milestones"),
        _g("Impact measures", "measures"),
        _n("Proposal and justification", "What is proposed and why."),
        _n("Consideration of alternative approaches", "The options considered and why they were not chosen."),
        _n("Implications for local people and service users", starter=NO_IMPLICATIONS),
        _n("Financial implications", "Agreed with the finance officer.", NO_IMPLICATIONS),
        _n("Employee implications", starter=NO_IMPLICATIONS),
        _n("Legal implications", starter=NO_IMPLICATIONS),
        _n("Customer and digital implications", starter=NO_IMPLICATIONS),
        _n("Communications implications", starter=NO_IMPLICATIONS),
        _n("Consultations", "Who was consulted on this report."),
        _n("Equality impact", "Whether an equality impact assessment was needed, and its outcome."),
        _n("The corporate plan and performance management framework"),
        _n("Risk management issues", starter="Risks to the plan's delivery are managed through the plan's risk "
           "register and reported to the SEND improvement board."),
        _g("Approvals and lifecycle", "approvals"),
        _g("Rating key", "rating_key"),
        _g("Glossary", "glossary"),
        _n("List of appendices", starter="None."),
        _n("Background papers", starter="If you would like to inspect background papers for this report, please "
           "contact democratic services."),
    ),
)

SCRUTINY = TemplateSpec(
    kind=Kind.SCRUTINY, name="Scrutiny committee report", numbering=NUMBERED,
    title_fields=("report_to", "relevant_officer", "meeting", "item"),
    title_defaults={"report_to": "Children and Young People's Scrutiny Committee"},
    sections=(
        _n("Purpose of the report", starter=PURPOSE),
        _n("Recommendation(s)", starter="To note the progress made against the {plan}.", bold=True),
        _n("Reasons for recommendation(s)", starter="To ensure scrutiny of the local area's progress."),
        _n("Other alternative options to be considered", starter="None."),
        _n("Council priority", "The council priority this report supports."),
        _n("Background information", "The inspection, the plan and what has happened since."),
        _g("Inspection summary", "inspection_summary"),
        _g("Progress by area of weakness", "weakness_ratings"),
        _g("Progress by strand", "action_plan"),
        _g("Overdue and due soon", "deadlines"),
        _g("Impact measures", "measures"),
        _n("List of appendices", starter="None."),
        _n("Financial considerations", starter=NO_IMPLICATIONS),
        _n("Legal considerations", starter=NO_IMPLICATIONS),
        _n("Risk management considerations"),
        _n("Equalities considerations"),
        _n("Sustainability, climate change and environmental considerations", starter="None."),
        _n("Internal/external consultation undertaken"),
        _n("Background papers", starter="None."),
        _n("Key decision information", "Only for reports the executive or a cabinet member will consider.",
           "Is this a key decision? No."),
        _n("Call-in information", starter="Are there any grounds for urgency that would exempt this decision "
           "from the call-in process? No."),
    ),
)

BOARD = TemplateSpec(
    kind=Kind.BOARD, name="Board pack", numbering=NUMBERED,
    title_fields=("report_to", "meeting", "item", "author"),
    sections=(
        _n("Purpose", starter="The position of the {plan} for the board's meeting on {meeting_date}."),
        _g("Progress by area of weakness", "weakness_ratings"),
        _g("Progress by strand", "action_plan"),
        _g("Changes since the previous meeting", "changes"),
        _g("Overdue and due before the next meeting", "deadlines"),
        _g("Reports from the subgroups", "board_papers"),
        _g("Impact measures", "measures"),
        _g("Rating key", "rating_key"),
    ),
)

REVIEW = TemplateSpec(
    kind=Kind.REVIEW, name="DfE and NHS England review pack", numbering=NUMBERED,
    title_fields=("report_to", "meeting", "author", "contact"),
    title_defaults={"report_to": "Department for Education and NHS England review meeting"},
    sections=(
        _n("Purpose", starter="The local area's progress against the {plan} for the review meeting on "
           "{meeting_date}, as the position stood on {data_date}."),
        _g("Inspection summary", "inspection_summary"),
        _g("Progress by area of weakness", "weakness_ratings"),
        _g("Action plan by strand", "action_plan"),
        _g("Changes since the last review", "changes"),
        _g("Overdue and due soon", "deadlines"),
        _g("Milestones and deadlines", "milestones"),
        _g("Impact measures", "measures"),
        _n("Risks and issues", "What is at risk, and what is being done about it."),
        _n("Support requested", "What the local area asks of the Department and NHS England."),
        _g("Rating key", "rating_key"),
        _g("Glossary", "glossary"),
    ),
)

REVISIT = TemplateSpec(
    kind=Kind.REVISIT, name="Revisit readiness pack", numbering=NUMBERED,
    title_fields=("report_to", "meeting", "author", "contact"),
    title_defaults={"report_to": "SEND improvement board"},
    sections=(
        _n("Purpose", starter="How ready the local area is for the revisit, weakness by weakness, as the "
           "position stood on {data_date}."),
        _g("Inspection summary", "inspection_summary"),
        _g("Readiness by area of weakness", "revisit_weaknesses"),
        _g("Milestones and deadlines", "milestones"),
        _n("Evidence", "Where inspectors will find the evidence of impact."),
        _g("Rating key", "rating_key"),
        _g("Glossary", "glossary"),
    ),
)

DEFAULTS = {spec.kind: spec for spec in (CABINET, SCRUTINY, BOARD, REVIEW, REVISIT)}
