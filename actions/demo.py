"""Loading the demo areas' plans through the services: subgroups, strands, actions, a year of updates, measures.

Every write goes through the services, so the history says who did what; the history is then dated to the month
it describes. Loading again adds nothing that is already there. The story itself is in ``demo_plan_data``.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from inspections.models import Inspection
from wsoa.services import user_create

from .demo_plan_data import (
    ACTIONS,
    JO,
    LINES,
    MEASURES,
    PEOPLE,
    SAM,
    STRANDS,
    DemoAction,
    DemoMeasure,
)
from .evidence import evidence_add
from .evidence_models import EvidenceItem
from .measure_periods import period_of
from .measures import ReadingRow, impact_measure_create, measure_readings_save
from .models import Action, ImpactMeasure, MeasureReading, Plan, ProgressUpdate, Strand, Subgroup
from .services import (
    action_create,
    plan_create_for,
    progress_update_post,
    strand_create,
    subgroup_create,
)

UPDATE_MONTHS = 12  # a year of monthly updates, this month included


def demo_load(*, users: dict, areas: dict) -> Plan | None:
    """Load Demo Borough's plan, adding only what is not there yet.

    The neighbour's inspection is left without a plan, so that someone trying the service can set one up
    from its inspection's page as the neighbour's administrator."""
    return _home_plan_load(users=users, area=areas["home"])


def _home_plan_load(*, users: dict, area) -> Plan | None:
    """Demo Borough's plan: four strands, thirty actions and a year of monthly updates."""
    inspection = Inspection.objects.filter(area=area).order_by("starts_on", "pk").first()
    if inspection is None:
        return None
    started = timezone.now()
    today = timezone.localdate()
    admin = users["admin@demo.example.org"]
    people = _people(users, area=area)
    weaknesses = {weakness.number: weakness for weakness in inspection.weaknesses.all()}

    plan = Plan.objects.filter(inspection=inspection).first()
    if plan is None:
        plan = plan_create_for(inspection=inspection, by=admin, section_label=Plan.SectionLabel.STRAND)
        first_month = today.replace(day=1) - relativedelta(months=UPDATE_MONTHS - 1)
        Plan.objects.filter(pk=plan.pk).update(created_at=_moment(first_month, 0, started))
        _backdate(plan.history, _moment(first_month, 0, started), started)
        plan.refresh_from_db()
    # Every date hangs off the month the plan was set up, so loading again next month keeps the same plan.
    first_month = timezone.localdate(plan.created_at).replace(day=1)

    strands = {}
    for number, subgroup_name, lead_key, title in STRANDS:
        subgroup = Subgroup.objects.filter(plan=plan, name=subgroup_name).first()
        if subgroup is None:
            members = {people[action.lead] for action in ACTIONS
                       if action.reference.startswith(f"{number}.") and action.lead in people}
            subgroup = subgroup_create(plan=plan, by=admin, name=subgroup_name, lead=people[lead_key],
                                       members=sorted(members | {people[lead_key]}, key=lambda person: person.pk))
            _backdate(subgroup.history, _moment(first_month, 0, started), started)
        strand = Strand.objects.filter(plan=plan, number=number).first()
        if strand is None:
            strand = strand_create(plan=plan, by=admin, number=number, title=title, subgroup=subgroup,
                                   weaknesses=[weaknesses[number]] if number in weaknesses else [])
            _backdate(strand.history, _moment(first_month, 0, started), started)
        strands[number] = strand

    existing = {action.reference: action for action in Action.objects.filter(plan=plan)}
    posted = set(ProgressUpdate.objects.filter(action__plan=plan).values_list("action__reference", "month"))
    for position, spec in enumerate(ACTIONS):
        strand = strands[int(spec.reference.split(".")[0])]
        action = existing.get(spec.reference) or _action_create(
            spec, strand=strand, by=admin, people=people, first_month=first_month, started=started
        )
        _updates_post(spec, action, position=position, people=people, strand=strand, first_month=first_month,
                      posted=posted, today=today, started=started)

    _measures_load(plan, strands, by=admin, first_month=first_month, today=today, started=started)
    _evidence_load(plan, people=people, today=today)
    return plan


def _demo_pdf(text: str) -> bytes:
    """A one-page PDF saying ``text``: small, and a real PDF to the type check."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return body + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def _evidence_load(plan: Plan, *, people: dict, today: date) -> None:
    """A few pieces of evidence for strand 1, two of them files, each added by the person who would add it; one
    complete action (1.3) is left without any, so the weakness's page shows a gap."""
    if EvidenceItem.objects.filter(plan=plan).exists():
        return
    chosen = Action.objects.filter(plan=plan, reference__in=["1.1", "1.2", "1.4"])
    actions = {action.reference: action for action in chosen}
    measure = ImpactMeasure.objects.filter(plan=plan, strand__number=1).order_by("name").first()
    sam, jo = people[SAM], people[JO]
    minutes = SimpleUploadedFile("EHC plans quality subgroup minutes.pdf",
                                 _demo_pdf("EHC plans quality subgroup: audit framework signed off"))
    evidence_add(plan=plan, by=sam, title="EHC plans quality subgroup minutes: audit framework signed off",
                 dated=today - timedelta(days=70), kind=EvidenceItem.Kind.MINUTES, upload=minutes,
                 note="The subgroup agreed the audit framework and saw the first three months' audit results.",
                 actions=[actions["1.1"]])
    backlog = SimpleUploadedFile("annual-review-backlog.csv",
                                 b"month,overdue reviews\nSeptember,240\nDecember,150\nMarch,95\n")
    evidence_add(plan=plan, by=jo, title="Overdue annual reviews by month", dated=today - timedelta(days=20),
                 kind=EvidenceItem.Kind.DATA, upload=backlog, note="The backlog falling month by month.",
                 actions=[actions["1.4"]], impact_measures=[measure] if measure else [])
    evidence_add(plan=plan, by=sam, title="Multi-agency case audit summary", dated=today - timedelta(days=40),
                 kind=EvidenceItem.Kind.CASE_AUDIT, link="https://intranet.example.org/send/audits/summary",
                 note="Twenty plans audited; outcomes specific and measurable in sixteen.", actions=[actions["1.1"]])
    evidence_add(plan=plan, by=jo, title="Outcomes training materials and attendance",
                 dated=today - timedelta(days=30), kind=EvidenceItem.Kind.DOCUMENT,
                 link="https://intranet.example.org/send/training/outcomes", actions=[actions["1.2"]])


def _people(users: dict, *, area) -> dict:
    """The demo sign-ins and the extra people (who work in ``area``), by the name before the @.

    The extra people share the demo password through the administrator's stored hash: hashing it again for
    each of them would make loading the demo take seconds longer.
    """
    home_domains = ("@demo.example.org", "@icb.example.org")  # the neighbour's people work elsewhere
    people = {email.split("@")[0]: user for email, user in users.items() if email.endswith(home_domains)}
    hashed = people["admin"].password
    for email_name, first_name, last_name, job_title, organisation, role in PEOPLE:
        person = user_create(
            email=f"{email_name}@demo.example.org", first_name=first_name, last_name=last_name,
            memberships=[(area, role)], job_title=job_title, organisation=organisation,
        )
        if person.password != hashed:
            type(person).objects.filter(pk=person.pk).update(password=hashed)
            person.password = hashed
        people[email_name] = person
    return people


def _month(first_month: date, offset: int) -> date:
    return first_month + relativedelta(months=offset)


def _moment(day: date, position: int, ceiling: datetime) -> datetime:
    """A working-hours moment on ``day`` (varied by ``position``), never after ``ceiling`` (the load)."""
    when = timezone.make_aware(datetime.combine(day, time(9 + position % 8, (position * 7) % 60)))
    return min(when, ceiling - timedelta(seconds=1))


def _backdate(history, when: datetime, started: datetime) -> None:
    """Date the history rows this load just wrote to when the change happened in the demo's story."""
    history.filter(history_date__gte=started).update(history_date=when)


def _action_create(spec: DemoAction, *, strand, by, people, first_month, started) -> Action:
    lead = people.get(spec.lead)
    due = None if spec.due is None else _month(first_month, spec.due + 1) - timedelta(days=1)
    action = action_create(
        strand=strand, by=by, reference=spec.reference, title=spec.title,
        lead_officer=lead, lead_name="" if lead else spec.lead.lstrip("="),
        lead_organisation=spec.organisation, partners=spec.partners,
        start_date=_month(first_month, spec.start), due_date=due, ongoing=spec.due is None,
        success_criteria=spec.success, rating="not_started", today=first_month,
    )
    _backdate(action.history, _moment(first_month, 1, started), started)
    return action


def _rating_in(spec: DemoAction, month_index: int) -> tuple[str, str]:
    """The action's rating that month and, when it got worse that month, the reason."""
    rating, reason = "not_started", ""
    for step in spec.story:
        if step[0] <= month_index:
            rating = step[1]
            reason = step[2] if len(step) > 2 and step[0] == month_index else ""
    return rating, reason


def _updates_post(spec: DemoAction, action: Action, *, position, people, strand, first_month, posted, today,
                  started) -> None:
    """Post each month's update from the action's start to this month, as its lead (or the subgroup lead)."""
    this_month = today.replace(day=1)
    author = people.get(spec.lead) or strand.subgroup.lead
    index, month = spec.start, _month(first_month, spec.start)
    while month <= this_month:
        rating, reason = _rating_in(spec, index)
        if rating == "not_started":
            break
        owed = month == this_month and rating != "blue" and (spec.owes_this_month or _others_owe(spec, position))
        if (spec.reference, month) not in posted and not owed:
            on = min(today, month.replace(day=2 + position % 12))
            step = spec.steps[min(len(spec.steps) - 1, (index - spec.start) // 3)]
            lines = LINES[rating]
            update = progress_update_post(
                action=action, by=author, month=month, rating=rating, reason=reason, today=on,
                narrative=f"{step} {lines[index % len(lines)]}",
                evidence="Subgroup minutes confirming sign-off." if rating == "blue" else "",
            )
            when = _moment(on, position, started)
            _backdate(update.history, when, started)
            _backdate(action.history, when, started)
            ProgressUpdate.objects.filter(pk=update.pk).update(created_at=when, updated_at=when)
            Action.objects.filter(pk=action.pk).update(updated_at=when)
        if rating == "blue":
            break
        index, month = index + 1, _month(first_month, index + 1)


def _others_owe(spec: DemoAction, position: int) -> bool:
    """About two in five of the other leads have not posted this month's update yet (Jo's are set by hand)."""
    return spec.lead != JO and position % 5 in (1, 3)


def _measures_load(plan: Plan, strands: dict, *, by, first_month: date, today: date, started) -> None:
    """Two or three impact measures per strand, with a baseline the month before the plan, read monthly up to
    last month (or each quarter that has ended), moving from the baseline to the last value."""
    for number, specs in MEASURES.items():
        strand = strands[number]
        for position, spec in enumerate(specs):
            _measure_load(plan, spec, strand=strand, by=by, reader=strand.subgroup.lead or by, today=today,
                          first_month=first_month, started=started, wobble=number + position)


def _measure_load(plan: Plan, spec: DemoMeasure, *, strand, by, reader, first_month, today, started, wobble) -> None:
    measure = ImpactMeasure.objects.filter(plan=plan, name=spec.name).first()
    if measure is None:
        measure = impact_measure_create(
            plan=plan, by=by, strand=strand, name=spec.name, unit=spec.unit, baseline=Decimal(spec.baseline),
            baseline_period=first_month - relativedelta(months=1), target=Decimal(spec.target),
            target_date=_month(first_month, 18) - timedelta(days=1), direction=spec.direction,
            source=spec.source, frequency=spec.frequency,
        )
        _backdate(measure.history, _moment(first_month, 2, started), started)
    periods = _ended_periods(first_month, today, spec.frequency)
    read = set(MeasureReading.objects.filter(measure=measure).values_list("period", flat=True))
    for step, period in enumerate(periods, start=1):
        if period in read:
            continue
        value = _reading(spec.baseline, spec.last, step=step, steps=len(periods), wobble=wobble)
        note = "Provisional: to be validated" if step == len(periods) else ""
        measure_readings_save(measure=measure, by=reader, rows=[ReadingRow(period=period, value=value,
                                                                           source_note=note)])
        reading = MeasureReading.objects.get(measure=measure, period=period)
        months = 3 if spec.frequency == "quarterly" else 1
        _backdate(reading.history, _moment(period + relativedelta(months=months, days=6), step, started), started)


def _ended_periods(first_month: date, today: date, frequency: str) -> list[date]:
    """The months (or quarters) from the plan's first month that have ended by ``today``."""
    months = 3 if frequency == "quarterly" else 1
    periods, period = [], period_of(first_month, frequency)
    if period < first_month:
        period += relativedelta(months=months)
    while period + relativedelta(months=months) <= today.replace(day=1):
        periods.append(period)
        period += relativedelta(months=months)
    return periods


def _reading(baseline: int, last: int, *, step: int, steps: int, wobble: int) -> Decimal:
    """A value on the way from the baseline to the last reading, with a little month-to-month noise."""
    share = step / max(steps, 1)
    noise = ((step * 7 + wobble * 3) % 5 - 2) * abs(last - baseline) * 0.03
    value = baseline + (last - baseline) * share + (0 if step == steps else noise)
    return Decimal(round(value, 0 if abs(baseline) >= 100 else 1)).quantize(Decimal("0.1"))
