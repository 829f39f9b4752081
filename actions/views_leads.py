"""Inviting an action's lead, named in the plan without an account, from the action's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from wsoa.forms_people import PersonForm
from wsoa.views_people import refused_on

from . import permissions as can
from . import selectors, services
from .views import _load, _require


def _names_in(lead_name: str) -> dict:
    first, _, last = lead_name.strip().partition(" ")
    return {"first_name": first, "last_name": last}


@require_http_methods(["GET", "POST"])
def action_lead_invite(request, pk: int):
    action = _load(selectors.action_for_change, pk, request.user)
    _require(can.can_invite_lead(request.user, action))
    form = PersonForm(request.POST or None, initial=_names_in(action.lead_name))
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_lead_invite(action=action, by=request.user, **form.cleaned_data)
        except services.StaleEdit:
            form.add_error(None, "Someone changed this action while you were inviting its lead. Try again.")
        except ValidationError as refusal:
            refused_on(form, refusal)
        else:
            messages.success(request, f"{action.lead_officer} is invited and is now the lead of {action.reference}.")
            return redirect("actions:action", pk=action.pk)
    return render(request, "actions/lead_invite.html", {
        "form": form, "action": action, "plan": action.plan, "cancel_url": reverse("actions:action", args=[action.pk]),
    })
