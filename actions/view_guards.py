"""What a plan page checks before anything else: that the person may do it, and that the plan is in one of their
areas (another area's plan is not found)."""
from django.http import Http404

from wsoa.refusals import require

from . import selectors, strand_page
from .models import Plan

__all__ = ["plan_of_strand_or_404", "plan_or_404", "require"]


def plan_or_404(pk: int | None, user) -> Plan:
    """The plan, if it is in one of the person's areas (404 otherwise)."""
    try:
        return selectors.plan_for_page(pk, user=user)
    except Plan.DoesNotExist:
        raise Http404("Not found") from None


def plan_of_strand_or_404(strand_pk: int, user) -> Plan:
    """The plan of the strand (today's or one removed since), if in one of the person's areas (404 otherwise)."""
    try:
        return strand_page.plan_of_strand(strand_pk, user=user)
    except Plan.DoesNotExist:
        raise Http404("Not found") from None
