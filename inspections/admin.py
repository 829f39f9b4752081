"""The superusers' administration pages: areas, an inspection's details, the deadline rules in full. An area's
partners and closure days, and a rule's wording, length, source and confidence, are changed on the service's own
pages (``inspections.views_setup``).

Kept to the areas the person administers (``wsoa.admin_scoping``). An inspection's lifecycle (status,
decision and the dates each step records) is read-only here: the lifecycle page moves it, with a check of
the step and a dated lifecycle event. Its other details save through ``inspection_update``. The deadline
rules are national: only superusers change them.
"""

from django import forms
from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from wsoa.admin_scoping import ScopedAdmin

from .deadline_table import RuleError
from .lifecycle import DATE_FIELD_FOR
from .models import DeadlineRuleSetting, Inspection, LocalArea
from .rules import rule_from_row
from .schedules import schedules_recompute_later
from .services import inspection_update

# What the lifecycle page records, with a lifecycle event: never typed in here.
LIFECYCLE_FIELDS = ("status", "decision", *dict.fromkeys(DATE_FIELD_FOR.values()))


@admin.register(LocalArea)
class LocalAreaAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """Areas are added with their first inspection (or by a superuser here); nobody else adds or deletes one."""

    list_display = ["name", "local_authority"]
    search_fields = ["name", "local_authority"]
    area_path = "pk"

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Inspection)
class InspectionAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """Added on the service's pages; here only its details change, through the same service."""

    list_display = ["area", "framework", "starts_on", "outcome", "status"]
    list_filter = ["framework", "status", ("area", admin.RelatedOnlyFieldListFilter)]
    filter_horizontal = ["responsible_people"]
    readonly_fields = ["area", *LIFECYCLE_FIELDS]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    area_path = "area"
    saves_many_to_many = True

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def write(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "responsible_people"}
        return inspection_update(
            inspection=obj, by=request.user, responsible_people=form.cleaned_data.get("responsible_people"), **changes
        )


class DeadlineRuleForm(forms.ModelForm):
    class Meta:
        model = DeadlineRuleSetting
        fields = [
            "key", "position", "milestone", "framework", "label", "anchor", "amount", "unit", "repeat_every_months",
            "repeat_within_months", "repeat_at_least", "conditions", "requires_wsoa", "official_deadline_overrides",
            "estimated", "approximate", "roll", "source", "confidence", "note", "active",
        ]

    def clean(self):
        cleaned = super().clean()
        try:
            rule_from_row({name: cleaned.get(name) for name in self.fields} | {"key": cleaned.get("key")})
        except (RuleError, TypeError) as error:
            raise forms.ValidationError(str(error)) from error
        return cleaned


@admin.register(DeadlineRuleSetting)
class DeadlineRuleAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """National rules (``area_path`` None): administrators read them; superusers change them."""

    form = DeadlineRuleForm
    list_display = ["label", "framework", "amount", "unit", "anchor", "confidence", "active", "position"]
    list_filter = ["framework", "confidence", "active"]
    ordering = ["position"]

    def write(self, request, obj, form, change):
        saved = super().write(request, obj, form, change)
        schedules_recompute_later(framework=saved.framework)
        return saved

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        schedules_recompute_later(framework=obj.framework)
