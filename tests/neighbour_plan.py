"""The neighbouring demo area's plan, which the demo leaves for a new user to set up, set up by its
administrator through the services the set-up pages use: for the tests that need both areas to have a plan."""
from datetime import date

from actions.evidence import evidence_add
from actions.models import EvidenceItem, Plan
from actions.plan_setup import StrandRow, SubgroupRow, strands_save, subgroups_save
from actions.services import action_create, plan_create_for
from inspections.models import Inspection, LocalArea
from wsoa.models import User


def neighbour_plan_set_up(area: LocalArea) -> Plan:
    """A subgroup led by the area's officer, a strand per priority action, an action led by the ICB officer
    who works in both areas, and a link as its evidence (made once)."""
    inspection = Inspection.objects.get(area=area)
    existing = Plan.objects.filter(inspection=inspection).first()
    if existing is not None:
        return existing
    admin = User.objects.get(email="admin@neighbour.example.org")
    officer = User.objects.get(email="officer@neighbour.example.org")
    priya = User.objects.get(email="priya.shah@icb.example.org")
    plan = plan_create_for(inspection=inspection, by=admin, section_label=Plan.SectionLabel.PRIORITY)
    (subgroup,) = subgroups_save(plan=plan, by=admin, rows=[
        SubgroupRow(name="Priority action delivery group", lead=officer, members=[officer, priya]),
    ])
    strands = strands_save(plan=plan, by=admin, rows=[
        StrandRow(number=weakness.number, title=weakness.title, weaknesses=[weakness], subgroup=subgroup)
        for weakness in inspection.weaknesses.order_by("number")
    ])
    action = action_create(strand=strands[0], by=admin, reference="1.1", title="Publish waiting times monthly",
                           lead_officer=priya)
    evidence_add(plan=plan, by=admin, title="Waiting times dashboard",
                 dated=inspection.published_on or date(2026, 7, 1), kind=EvidenceItem.Kind.DATA,
                 link="https://example.org/neighbour/waiting-times", actions=[action])
    return plan
