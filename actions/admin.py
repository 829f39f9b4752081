"""Administrators' set-up pages: a plan's settings, its subgroups and strands; impact measures to read.

Kept to the areas the person administers (``wsoa.admin_scoping``). Every save goes through the service the
service pages use, so the same checks apply (a strand's weaknesses are its plan's inspection's, its subgroup
its plan's) and the history names the person. Plans are set up from their inspection's page, so they are
not added here. Actions, progress updates, impact measures with their readings and the reminder record are
read-only: they change only through the service pages, which keep the version checks and the worse-rating rule.
"""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from wsoa.admin_scoping import AreaScoped, ScopedAdmin, ScopedModelAdmin, changed_words

from .models import Action, ImpactMeasure, MeasureReading, Plan, ProgressUpdate, Strand, Subgroup, UpdateReminder
from .services import (
    STRAND_FIELDS,
    SUBGROUP_FIELDS,
    plan_update,
    strand_create,
    strand_update,
    subgroup_create,
    subgroup_update,
)

IN_PLAN = "plan__inspection__area"
BY_PLAN = ("plan", admin.RelatedOnlyFieldListFilter)


def _changes(form, allowed) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data if name in allowed}


def _narrow(form_class, name: str, **lookups) -> None:
    """Offer in a field only the choices that match (the plan's own weaknesses, strands, subgroups…)."""
    field = form_class.base_fields.get(name)
    if field is not None:
        matching = field.queryset.model._base_manager.filter(**lookups).values("pk")
        field.queryset = field.queryset.filter(pk__in=matching)


class PlanPartAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """Something that belongs to one plan: the plan is chosen when it is added, then stays."""

    area_path = IN_PLAN
    list_filter = [BY_PLAN]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return ["plan", *fields] if obj else fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            self.narrow_to_plan(form, obj.plan)
        return form

    def narrow_to_plan(self, form_class, plan) -> None:
        """Offer only the plan's own related objects."""


@admin.register(Plan)
class PlanAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "section_label", "reminder_day", "escalation_working_days"]
    list_select_related = ["inspection__area"]
    readonly_fields = ["inspection"]
    area_path = "inspection__area"

    def has_add_permission(self, request):
        return False  # from the inspection's page, which sets the rating legend up with the plan

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def write(self, request, obj, form, change):
        allowed = ("section_label", "rating_legend", "reminder_day", "escalation_working_days")
        return plan_update(plan=obj, by=request.user, **_changes(form, allowed))


@admin.register(Subgroup)
class SubgroupAdmin(PlanPartAdmin):
    list_display = ["name", "plan", "lead"]
    list_select_related = ["plan__inspection__area", "lead"]
    filter_horizontal = ["members"]
    saves_many_to_many = True

    def narrow_to_plan(self, form_class, plan) -> None:
        for name in ("lead", "members"):  # people of the plan's area
            _narrow(form_class, name, memberships__area=plan.inspection.area_id)

    def write(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            return subgroup_create(
                plan=data["plan"], by=request.user, name=data["name"], lead=data.get("lead"),
                members=data.get("members", ()),
            )
        reason = changed_words(form, add=False)
        return subgroup_update(subgroup=obj, by=request.user, reason=reason, **_changes(form, SUBGROUP_FIELDS))


@admin.register(Strand)
class StrandAdmin(PlanPartAdmin):
    list_display = ["number", "title", "plan", "subgroup"]
    list_select_related = ["plan__inspection__area", "subgroup"]
    filter_horizontal = ["weaknesses"]
    related_area_paths = {"weaknesses": "inspection__area"}
    saves_many_to_many = True

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser  # it takes its actions and their history with it

    def narrow_to_plan(self, form_class, plan) -> None:
        _narrow(form_class, "weaknesses", inspection=plan.inspection_id)
        _narrow(form_class, "subgroup", plan=plan)

    def write(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            return strand_create(
                plan=data["plan"], by=request.user, number=data["number"], title=data["title"],
                weaknesses=data.get("weaknesses", ()), subgroup=data.get("subgroup"),
            )
        return strand_update(strand=obj, by=request.user, **_changes(form, STRAND_FIELDS))


class ReadOnly:
    """Listed and shown, never added, changed or deleted here."""

    area_path = IN_PLAN

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadingInline(AreaScoped, admin.TabularInline):
    model = MeasureReading
    extra = 0
    can_delete = False
    area_path = "measure__plan__inspection__area"
    fields = readonly_fields = ["period", "value", "source_note"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImpactMeasure)
class ImpactMeasureAdmin(ReadOnly, ScopedAdmin, SimpleHistoryAdmin):
    """Added and changed on the plan's pages, which check the version and word every reading's history."""

    list_display = ["name", "plan", "strand", "weakness", "baseline", "target", "direction", "frequency"]
    list_select_related = ["plan__inspection__area", "strand", "weakness"]
    list_filter = [BY_PLAN]
    related_area_paths = {"weakness": "inspection__area"}
    inlines = [ReadingInline]


@admin.register(Action)
class ActionAdmin(ReadOnly, ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["reference", "title", "plan", "lead_officer", "rating", "due_date", "version"]
    list_select_related = ["plan__inspection__area", "lead_officer"]
    list_filter = [BY_PLAN, "rating"]
    search_fields = ["reference", "title"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnly, ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["action", "month", "rating", "author"]
    list_select_related = ["action", "author"]
    list_filter = ["month"]
    area_path = "action__plan__inspection__area"


@admin.register(UpdateReminder)
class UpdateReminderAdmin(ReadOnly, ScopedModelAdmin):
    """The record of which monthly reminders and summaries went to whom."""

    list_display = ["month", "kind", "recipient", "plan", "sent_at"]
    list_filter = ["kind", "month"]
