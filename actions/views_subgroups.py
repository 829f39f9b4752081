"""A subgroup's page: its strands, who still owes this month's update, and the reminder its lead may send them."""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from inspections.dates import month_and_year

from . import permissions as can
from . import reminders, selectors
from .models import Subgroup


def _subgroup(pk: int, user) -> Subgroup:
    try:
        subgroup = selectors.subgroup_page(pk, user=user)
    except Subgroup.DoesNotExist:
        raise Http404("Not found") from None
    if not can.can_view_plan(user, subgroup.plan):
        raise Http404("Not found")
    return subgroup


@require_GET
def subgroup_detail(request, pk: int):
    subgroup = _subgroup(pk, request.user)
    today = timezone.localdate()
    plan = subgroup.plan
    strands = [
        (strand, selectors.rating_counts_of(strand.actions.all(), plan.legend)) for strand in subgroup.strands.all()
    ]
    owed = selectors.updates_owed_in(subgroup, today.replace(day=1))
    reminded = reminders.chases_on(plan, today)
    for item in owed:
        item.reminded = reminded.get(item.lead.pk) if item.lead is not None else None
    return render(request, "actions/subgroup_detail.html", {
        "subgroup": subgroup, "plan": plan, "strands": strands, "owed": owed,
        "month": month_and_year(today),
        "may_chase": can.can_chase_updates(request.user, subgroup),
    })


class ChaseForm(forms.Form):
    recipient = forms.TypedChoiceField(coerce=int, error_messages={
        "required": "Choose who to remind", "invalid_choice": "That person owes no updates in this subgroup",
    })

    def __init__(self, *args, owed: list[selectors.UpdatesOwed], **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {item.lead.pk: item.lead for item in owed if item.lead is not None}
        self.fields["recipient"].choices = [(pk, str(person)) for pk, person in self.people.items()]


@require_POST
def subgroup_chase(request, pk: int):
    subgroup = _subgroup(pk, request.user)
    if not can.can_chase_updates(request.user, subgroup):
        raise PermissionDenied
    today = timezone.localdate()
    form = ChaseForm(request.POST, owed=selectors.updates_owed_in(subgroup, today.replace(day=1)))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["recipient"]))
        return redirect("actions:subgroup", pk=subgroup.pk)
    recipient = form.people[form.cleaned_data["recipient"]]
    try:
        actions = reminders.update_chase_send(subgroup=subgroup, recipient=recipient, by=request.user, today=today)
    except reminders.ChaseRefused as refusal:
        messages.error(request, str(refusal))
    else:
        count = len(actions)
        messages.success(request, f"Reminder sent to {recipient} about {count} action{'s' if count != 1 else ''}")
    return redirect("actions:subgroup", pk=subgroup.pk)
