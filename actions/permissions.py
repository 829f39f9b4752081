"""Who may see and change which plan, strand and action: the model permission and the object rule together.

Model permissions come from the person's role (wsoa/roles.py); the object rules say which objects they
apply to. Officers change the actions they lead; a subgroup lead changes every action in the strands of
the subgroups they lead, and those strands; administrators change everything. Board chairs and democratic
services hold no change permission, so they read everything and change nothing even if named as a lead.
"""
from wsoa.roles import is_administrator

from .models import Action, Plan, Strand

VIEW_PLAN = "actions.view_plan"
VIEW_ACTION = "actions.view_action"
ADD_PLAN = "actions.add_plan"
ADD_ACTION = "actions.add_action"
CHANGE_ACTION = "actions.change_action"
CHANGE_STRAND = "actions.change_strand"
ADD_UPDATE = "actions.add_progressupdate"


def leads_strand(user, strand: Strand) -> bool:
    """Whether the person chairs the subgroup the strand belongs to (needs ``strand.subgroup`` loaded)."""
    return bool(strand.subgroup_id) and strand.subgroup.lead_id == user.pk


def can_view_plan(user, plan: Plan | None = None) -> bool:
    return user.is_authenticated and user.has_perm(VIEW_PLAN)


def can_view_action(user, action: Action | None = None) -> bool:
    return user.is_authenticated and user.has_perm(VIEW_ACTION)


def can_create_plan(user) -> bool:
    return user.is_authenticated and user.has_perm(ADD_PLAN) and is_administrator(user)


def _is_responsible_for(user, action: Action) -> bool:
    return is_administrator(user) or action.lead_officer_id == user.pk or leads_strand(user, action.strand)


def can_edit_action(user, action: Action) -> bool:
    return user.is_authenticated and user.has_perm(CHANGE_ACTION) and _is_responsible_for(user, action)


def can_post_update(user, action: Action) -> bool:
    return user.is_authenticated and user.has_perm(ADD_UPDATE) and _is_responsible_for(user, action)


def can_edit_strand(user, strand: Strand) -> bool:
    return user.is_authenticated and user.has_perm(CHANGE_STRAND) and (
        is_administrator(user) or leads_strand(user, strand)
    )


def can_add_action(user, strand: Strand) -> bool:
    return user.is_authenticated and user.has_perm(ADD_ACTION) and (
        is_administrator(user) or leads_strand(user, strand)
    )


def can_move_strand_between_subgroups(user) -> bool:
    """Only administrators reassign a strand: a subgroup lead must not hand a strand to someone else."""
    return is_administrator(user) and user.has_perm(CHANGE_STRAND)
