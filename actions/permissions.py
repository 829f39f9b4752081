"""Who may see and change which plan, strand, action and update: the role's permission in the object's area,
then the object rule.

Seeing is the selectors' business: they return only the person's areas, so another area's plan is a 404.
Roles come from the person's memberships of local areas (wsoa/roles.py). In the plan's area, officers
change the actions they lead; a subgroup lead changes every action in the strands of the subgroups they
lead, and those strands with their impact measures; administrators change everything. Board chairs,
democratic services and regional advisers hold no change permission, so they read and change nothing even
if named as a lead.

The checks of one object answer with a :class:`wsoa.refusals.Verdict`: false with the reason ("You do not lead
this strand") that the 403 page shows, so a person refused knows why and whom to ask.
"""
from collections.abc import Iterable

from inspections.permissions import can_set_up_plan as can_set_up_plan_in
from wsoa.refusals import ALLOWED, ROLE_REASON, Verdict, refused
from wsoa.roles import Role, has_perm_in, is_administrator_in, may_give

from .models import Action, ImpactMeasure, Plan, ProgressUpdate, Strand, Subgroup

VIEW_PLAN = "actions.view_plan"
VIEW_ACTION = "actions.view_action"
ADD_PLAN = "actions.add_plan"
CHANGE_PLAN = "actions.change_plan"
ADD_ACTION = "actions.add_action"
CHANGE_ACTION = "actions.change_action"
CHANGE_STRAND = "actions.change_strand"
ADD_UPDATE = "actions.add_progressupdate"


def plan_area_id(plan: Plan) -> int:
    """The local area a plan belongs to (needs ``plan.inspection`` loaded, as every selector does)."""
    return plan.inspection.area_id


def leads_strand(user, strand: Strand) -> bool:
    """Whether the person chairs the subgroup the strand belongs to (needs ``strand.subgroup`` loaded)."""
    return bool(strand.subgroup_id) and strand.subgroup.lead_id == user.pk


def _may(user, perm: str, plan: Plan) -> bool:
    return user.is_authenticated and has_perm_in(user, perm, plan_area_id(plan))


def can_view_plans(user) -> bool:
    """Anywhere: the first check of the plan pages, before the object is loaded."""
    return user.is_authenticated and user.has_perm(VIEW_PLAN)


def can_view_plan(user, plan: Plan) -> bool:
    return _may(user, VIEW_PLAN, plan)


def can_view_action(user, action: Action) -> bool:
    return can_view_actions_of(user, action.plan)


def can_view_actions_of(user, plan: Plan) -> bool:
    """Seeing the plan's actions, including one no longer in it (as the plan stood on a past day)."""
    return _may(user, VIEW_ACTION, plan)


def can_create_plan_in(user, area_id: int) -> bool:
    return can_set_up_plan_in(user, area_id)


def can_set_up_plan(user, plan: Plan) -> bool:
    """The plan's settings, legend, subgroups and strands: its area's administrators only (a subgroup lead
    changes their own strands from the strand's page)."""
    return _may(user, CHANGE_PLAN, plan) and can_set_up_plan_in(user, plan_area_id(plan))


def _is_responsible_for(user, action: Action) -> Verdict:
    if (
        is_administrator_in(user, plan_area_id(action.plan))
        or action.lead_officer_id == user.pk
        or leads_strand(user, action.strand)
    ):
        return ALLOWED
    return refused("You do not lead this action or its strand: only they or an administrator can change it")


def _strand_rule(user, strand: Strand) -> Verdict:
    if is_administrator_in(user, plan_area_id(strand.plan)) or leads_strand(user, strand):
        return ALLOWED
    if not strand.subgroup_id:
        return refused("You do not lead this strand: it belongs to no subgroup, so only administrators change it")
    return refused("You do not lead this strand: only its subgroup's lead or an administrator can change it")


def _role_then(user, perm: str, plan: Plan, rule) -> Verdict:
    if not _may(user, perm, plan):
        return refused(ROLE_REASON)
    return rule()


def can_edit_action(user, action: Action) -> Verdict:
    return _role_then(user, CHANGE_ACTION, action.plan, lambda: _is_responsible_for(user, action))


def can_post_update(user, action: Action) -> Verdict:
    return _role_then(user, ADD_UPDATE, action.plan, lambda: _is_responsible_for(user, action))


def can_revise_update(user, update: ProgressUpdate) -> Verdict:
    """Its author revises an update, or an administrator of the area (who is then named as its reviser)."""
    action = update.action
    may_post = can_post_update(user, action)
    if not may_post:
        return may_post
    if update.author_id == user.pk or is_administrator_in(user, plan_area_id(action.plan)):
        return ALLOWED
    return refused("Only the update's author or an administrator can change it")


def can_edit_strand(user, strand: Strand) -> Verdict:
    return _role_then(user, CHANGE_STRAND, strand.plan, lambda: _strand_rule(user, strand))


def can_add_action(user, strand: Strand) -> Verdict:
    return _role_then(user, ADD_ACTION, strand.plan, lambda: _strand_rule(user, strand))


def can_move_strand_between_subgroups(user, plan: Plan) -> bool:
    """Only administrators reassign a strand: a subgroup lead must not hand a strand to someone else."""
    return is_administrator_in(user, plan_area_id(plan)) and _may(user, CHANGE_STRAND, plan)


def can_import_plan(user, plan: Plan) -> Verdict:
    """Only the area's administrators import: an import adds and changes actions in every strand at once."""
    if (
        is_administrator_in(user, plan_area_id(plan))
        and _may(user, ADD_ACTION, plan)
        and _may(user, CHANGE_ACTION, plan)
    ):
        return ALLOWED
    return refused("Only the local area's administrators import a plan")


def can_chase_updates(user, subgroup: Subgroup) -> bool:
    """The subgroup's lead, or an administrator of the area, may send its action leads a reminder."""
    return user.is_authenticated and (
        subgroup.lead_id == user.pk or is_administrator_in(user, plan_area_id(subgroup.plan))
    )


def can_change_measures_of(user, strand: Strand | None, plan: Plan) -> Verdict:
    """Add, change and read in a strand's impact measures: as for changing the strand. A measure of a weakness
    alone belongs to no subgroup, so only administrators change it."""
    if strand is not None:
        return can_edit_strand(user, strand)
    if _may(user, CHANGE_STRAND, plan) and is_administrator_in(user, plan_area_id(plan)):
        return ALLOWED
    return refused("A measure of a weakness alone belongs to no strand, so only administrators change it")


def can_change_measure(user, measure: ImpactMeasure) -> Verdict:
    """Change a measure or record its readings (needs ``measure.plan.inspection`` and ``measure.strand.subgroup``
    loaded, as the measure selectors do)."""
    return can_change_measures_of(user, measure.strand if measure.strand_id else None, measure.plan)


def can_invite_lead(user, action: Action) -> bool:
    """Whether the person may invite the action's lead, who has no account, as a SEND officer: someone who may
    change the action and give that role in its area (an administrator, or the strand's subgroup lead)."""
    return (
        not action.lead_officer_id
        and can_edit_action(user, action)
        and may_give(user, plan_area_id(action.plan), Role.OFFICER)
    )


# --- evidence ------------------------------------------------------------------------------------------


def can_view_evidence_of(user, plan: Plan) -> bool:
    """Reading a plan's evidence, and downloading its files: as for reading its actions."""
    return can_view_actions_of(user, plan)


def can_add_evidence_to(user, action: Action) -> bool:
    """Evidence for an action is added by whoever may post its updates: its lead, its strand's subgroup lead, an
    administrator (needs ``action.plan.inspection`` and ``action.strand.subgroup`` loaded)."""
    return can_post_update(user, action)


def can_add_evidence_alone(user, plan: Plan) -> bool:
    """Evidence for a weakness or a measure alone, supporting none of the actions, is an administrator's to add."""
    return _may(user, ADD_UPDATE, plan) and is_administrator_in(user, plan_area_id(plan))


def can_add_evidence_in(user, strand: Strand, actions: Iterable) -> bool:
    """Whether the person may add evidence to any of the strand's actions (``actions``, read for its page)."""
    if not _may(user, ADD_UPDATE, strand.plan):
        return False
    return (
        is_administrator_in(user, plan_area_id(strand.plan)) or leads_strand(user, strand)
        or any(action.lead_officer_id == user.pk for action in actions)
    )
