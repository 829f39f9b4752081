"""The People pages: administrators invite people, change and move their roles, and deactivate them.

Reached by administrators (of any area) and superusers; each person, and each role, is found through the
reader's administered areas first, so another area's is a 404. The invitation link's page is here too.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST

from .forms import NewPasswordForm
from .forms_people import AreaRoleForm, DeactivateForm, InviteForm
from .invitations import invitation_tokens
from .outbox import administers_any
from .refusals import Refused
from .roles import may_give, may_manage
from .selectors import memberships_for, people_for
from .services import (
    TOO_MANY_INVITATIONS,
    membership_change,
    membership_give,
    membership_remove,
    person_invite,
    person_set_active,
)


def _require_administrator(user) -> None:
    if not administers_any(user):
        raise Refused("Only administrators manage people")


def refused_on(form, refusal: ValidationError) -> None:
    """Show a service's refusal on the form's fields (or above them)."""
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refusal)


def _status(refused_form, template: str, context: dict, request):
    throttled = any(error == TOO_MANY_INVITATIONS for error in refused_form.non_field_errors())
    return render(request, template, context, status=429 if throttled else 200)


def people(request):
    _require_administrator(request.user)
    return render(request, "wsoa/people/people.html", {"people": people_for(request.user)})


@require_http_methods(["GET", "POST"])
def invite(request):
    _require_administrator(request.user)
    form = InviteForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = person_invite(
                by=request.user, email=data["email"], first_name=data["first_name"], last_name=data["last_name"],
                area=form.chosen_area(), role=data["role"], job_title=data["job_title"],
                organisation=data["organisation"],
            )
        except ValidationError as refusal:
            refused_on(form, refusal)
        else:
            if person.has_usable_password():
                messages.success(request, f"{person} has an account already: they now have the role too.")
            else:
                messages.success(request, f"{person} is invited. They have been sent a link to choose a password.")
            return redirect("person", pk=person.pk)
    context = {"form": form, "cancel_url": reverse("people"), "link_days": settings.INVITATION_LINK_DAYS}
    return _status(form, "wsoa/people/invite.html", context, request)


def _person(request, pk: int):
    return get_object_or_404(people_for(request.user), pk=pk)


def person(request, pk: int):
    found = _person(request, pk)
    _require_administrator(request.user)
    roles = [(membership, may_give(request.user, membership.area_id, membership.role))
             for membership in found.roles_shown]
    history = found.history.select_related("history_user").order_by("-history_date")[:10]
    return render(request, "wsoa/people/person.html", {
        "person": found, "roles": roles, "may_manage": may_manage(request.user, found),
        "add_form": AreaRoleForm(by=request.user, prefix="add"), "deactivate_form": DeactivateForm(),
        "history": history,
    })


@require_http_methods(["GET", "POST"])
def role_add(request, pk: int):
    found = _person(request, pk)
    form = AreaRoleForm(request.POST or None, by=request.user, prefix="add")
    if request.method == "POST" and form.is_valid():
        try:
            membership_give(by=request.user, person=found, area=form.chosen_area(), role=form.cleaned_data["role"])
        except ValidationError as refusal:
            refused_on(form, refusal)
        else:
            messages.success(request, f"{found} now has that role.")
            return redirect("person", pk=found.pk)
    return render(request, "wsoa/people/role_form.html", {"form": form, "person": found, "title": "Give a role"})


def _membership(request, pk: int):
    membership = get_object_or_404(memberships_for(request.user), pk=pk)
    if not may_give(request.user, membership.area_id, membership.role):
        raise Refused("That role is above your own: only someone who holds a higher role changes it")
    return membership


@require_http_methods(["GET", "POST"])
def membership_edit(request, pk: int):
    membership = _membership(request, pk)
    form = AreaRoleForm(request.POST or None, by=request.user,
                        initial={"area": membership.area_id, "role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            membership_change(by=request.user, membership=membership, area=form.chosen_area(),
                              role=form.cleaned_data["role"])
        except ValidationError as refusal:
            refused_on(form, refusal)
        else:
            messages.success(request, f"{membership.user}'s role is changed.")
            return redirect("person", pk=membership.user_id)
    return render(request, "wsoa/people/role_form.html", {
        "form": form, "person": membership.user, "membership": membership, "title": "Change or move a role",
    })


@require_POST
def membership_remove_view(request, pk: int):
    membership = _membership(request, pk)
    try:
        membership_remove(by=request.user, membership=membership)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, f"{membership.user} no longer has the {membership.get_role_display()} role "
                                  f"in {membership.area}.")
    return redirect("person", pk=membership.user_id)


@require_POST
def person_active(request, pk: int):
    found = _person(request, pk)
    form = DeactivateForm(request.POST)
    active = request.POST.get("active") == "yes"
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect("person", pk=found.pk)
    try:
        person_set_active(by=request.user, person=found, active=active, reason=form.cleaned_data["reason"])
    except ValidationError as refusal:
        raise Refused("; ".join(message.rstrip(".") for message in refusal.messages)) from refusal
    messages.success(request, f"{found} is {'reactivated' if active else 'deactivated'}.")
    return redirect("person", pk=found.pk)


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The invited person chooses their password; the link then no longer works (see ``wsoa.invitations``)."""

    token_generator = invitation_tokens
    form_class = NewPasswordForm
    template_name = "wsoa/people/invitation_accept.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        form.user._history_user = form.user
        form.user._change_reason = "Password chosen from the invitation"
        response = super().form_valid(form)
        messages.success(self.request, "Your password is saved. Sign in with your e-mail address and password.")
        return response
