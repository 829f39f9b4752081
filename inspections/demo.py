"""The demo local areas: Demo Borough, a year into its Written Statement of Action, and its neighbour, which
shares the same ICB and has a recent area SEND inspection with areas for priority action. Dated from today."""

from datetime import date, timedelta

from django.utils import timezone

from .calendar import WorkingDayCalendar
from .models import Finding, Inspection, LocalArea, PartnerOrganisation, PlanApproval, SignificantWeakness
from .schedules import milestone_mark_met, milestones_recompute
from .services import inspection_transition

AREA = "Demo Borough"
ICB = "NHS Demo Integrated Care Board"
# Keys shared with wsoa.demo, which gives the demo people their roles in each area.
AREAS = {
    "home": (AREA, "Demo Borough Council"),
    "neighbour": ("Neighbour Borough", "Neighbour Borough Council"),
}
NEIGHBOUR_PRIORITY_ACTIONS = [
    (
        "Waiting times for neurodevelopmental assessment",
        "Leaders across the council and the ICB should reduce the time children and young people wait for a "
        "neurodevelopmental assessment, and make sure families get help while they wait.",
    ),
    (
        "Timeliness and quality of EHC plans",
        "Leaders should make sure that EHC needs assessments are completed within 20 weeks and that plans "
        "describe children's needs precisely, with contributions from health and social care.",
    ),
]
# The four areas of significant weakness follow a real WSoA (Rotherham, 2021), as published in council minutes.
WEAKNESSES = [
    (
        "Quality of EHC plans",
        "The variability in the quality of EHC plans, including the contribution of health and social care partners.",
    ),
    (
        "Graduated response",
        "The effectiveness of the graduated response to identify and meet children and young "
        "people's needs, especially in key stages 1 and 2.",
    ),
    (
        "Preparation for adulthood",
        "The quality of provision for children and young people's preparation for, and transition to, adulthood.",
    ),
    (
        "Communication and the local offer",
        "Communication with all parents and carers of children and young people "
        "with SEND about the local offer, and the accessibility of the very valuable information included within the "
        "local offer.",
    ),
]
FINDINGS = [
    ("main", "", "Leaders have an accurate understanding of the strengths and weaknesses of the area's provision."),
    ("main", "", "Too many parents and carers do not feel listened to or well informed about what is available."),
    ("strength", "identifying", "Health visitors identify needs early through well-attended developmental checks."),
    ("development", "identifying", "Some children wait too long for an assessment of autism spectrum disorder."),
    ("strength", "meeting", "Special schools provide high-quality, well-planned support."),
    ("development", "meeting", "The quality of education, health and care plans varies too much."),
    ("strength", "improving", "Attendance of children and young people with SEND is improving."),
    ("development", "improving", "Too few young people with SEND move into employment or training."),
]


def _working_day_before(day: date, calendar: WorkingDayCalendar) -> date:
    return day if calendar.is_working_day(day) else calendar.previous_working_day(day)


def demo_areas_load() -> dict[str, LocalArea]:
    """Both demo areas, each with the ICB they share as its partner; key → area."""
    areas = {}
    for key, (name, authority) in AREAS.items():
        area, _ = LocalArea.objects.get_or_create(name=name, defaults={"local_authority": authority})
        PartnerOrganisation.objects.get_or_create(area=area, name=ICB, defaults={"kind": "icb"})
        areas[key] = area
    return areas


def demo_load(*, users: dict, areas: dict[str, LocalArea]) -> Inspection:
    _neighbour_load(users=users, area=areas["neighbour"])
    return _home_load(users=users, area=areas["home"])


def _home_load(*, users: dict, area: LocalArea) -> Inspection:
    admin = users["admin@demo.example.org"]
    calendar = WorkingDayCalendar()
    today = timezone.localdate()
    received = _working_day_before(today - timedelta(days=420), calendar)
    icb = PartnerOrganisation.objects.get(area=area, name=ICB)
    inspection = Inspection.objects.filter(area=area).first()
    if inspection is None:
        ends = _working_day_before(received - timedelta(days=50), calendar)
        inspection = Inspection.objects.create(
            area=area,
            framework="2016",
            starts_on=ends - timedelta(days=4),
            ends_on=ends,
            received_on=received,
            published_on=calendar.add_working_days(received, 3),
            outcome=Inspection.Outcome.WSOA_REQUIRED,
            lead_inspector="A. Inspector HMI",
        )
        for position, (kind, section, text) in enumerate(FINDINGS, start=1):
            Finding.objects.create(inspection=inspection, kind=kind, section=section, text=text, order=position)
        for number, (title, text) in enumerate(WEAKNESSES, start=1):
            SignificantWeakness.objects.create(inspection=inspection, number=number, title=title, text=text)
        _walk_the_lifecycle(inspection, admin=admin, icb=icb, calendar=calendar, received=received)
    inspection.responsible_people.add(
        *[users[email] for email in ("admin@demo.example.org", "lead@demo.example.org", "officer@demo.example.org")]
    )
    milestones_recompute(inspection_id=inspection.pk, today=today)
    for milestone in inspection.milestones.filter(key="review_meeting", due__lt=today, met_on__isnull=True):
        milestone_mark_met(milestone=milestone, by=admin, on=milestone.due)
    return inspection


def _neighbour_load(*, users: dict, area: LocalArea) -> Inspection:
    """An area SEND inspection (outcome 3) whose letter came ten weeks ago: its priority action plan is young."""
    calendar = WorkingDayCalendar()
    today = timezone.localdate()
    inspection = Inspection.objects.filter(area=area).first()
    if inspection is None:
        received = _working_day_before(today - timedelta(days=70), calendar)
        ends = _working_day_before(received - timedelta(days=40), calendar)
        inspection = Inspection.objects.create(
            area=area,
            framework="2023",
            starts_on=ends - timedelta(days=14),
            ends_on=ends,
            received_on=received,
            published_on=calendar.add_working_days(received, 4),
            outcome=Inspection.Outcome.OUTCOME_3,
            lead_inspector="B. Inspector HMI",
        )
        for number, (title, text) in enumerate(NEIGHBOUR_PRIORITY_ACTIONS, start=1):
            SignificantWeakness.objects.create(
                inspection=inspection, kind=SignificantWeakness.Kind.PRIORITY_ACTION, number=number, title=title,
                text=text,
            )
        Finding.objects.create(
            inspection=inspection, kind="improvement", text="Leaders should improve how the local offer is shared."
        )
    inspection.responsible_people.add(
        *[users[email] for email in ("admin@neighbour.example.org", "officer@neighbour.example.org")]
    )
    milestones_recompute(inspection_id=inspection.pk, today=today)
    return inspection


def _walk_the_lifecycle(inspection, *, admin, icb, calendar, received) -> None:
    """Approved, submitted a week early, judged fit and accepted: the usual first three months."""
    submitted = calendar.add_working_days(received, 64)
    for organisation, approver in (
        ("Demo Borough Council", "Cabinet Member for Children's Services under delegated authority"),
        (icb.name, "ICB board"),
    ):
        PlanApproval.objects.create(
            inspection=inspection,
            organisation=organisation,
            approved_by=approver,
            approved_on=calendar.add_working_days(received, 60),
            recorded_by=admin,
        )
    steps = [
        ("approved", calendar.add_working_days(received, 61)),
        ("submitted", submitted),
        ("fit", calendar.add_working_days(submitted, 9)),
        ("accepted", calendar.add_working_days(submitted, 12)),
        ("monitoring", calendar.add_working_days(submitted, 13)),
    ]
    for status, day in steps:
        inspection_transition(inspection=inspection, by=admin, to_status=status, on=day)
