"""Administrators' set-up pages: areas and partners, local closure days, an inspection's details, the deadline rules.

Kept to the areas the person administers (``wsoa.admin_scoping``). An inspection's lifecycle (status,
decision and the dates each step records) is read-only here: the lifecycle page moves it, with a check of
the step and a dated lifecycle event. Its other details save through ``inspection_update``. The deadline
rules are national: only superusers change them.
"""

from django import forms
from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from wsoa.admin_scoping import AreaScoped, ScopedAdmin

from .deadline_table import RuleError
from .lifecycle import DATE_FIELD_FOR
from .models import DeadlineRuleSetting, Inspection, LocalArea, NonWorkingDay, PartnerOrganisation
from .rules import rule_from_row
from .schedules import schedules_recompute_later
from .services import inspection_update

# What the lifecycle page records, with a lifecycle event: never typed in here.
LIFECYCLE_FIELDS = ("status", "decision", *dict.fromkeys(DATE_FIELD_FOR.values()))


class PartnerInline(AreaScoped, admin.TabularInline):
    model = PartnerOrganisation
    fk_name = "area"
    extra = 1
    area_path = "area"
    related_area_paths = {"successor": "area"}

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        successor = formset.form.base_fields.get("successor")
        if successor is not None:  # a partner's successor is another partner of the same area
            successor.queryset = successor.queryset.filter(area=obj) if obj else successor.queryset.none()
        return formset


@admin.register(LocalArea)
class LocalAreaAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """Areas are added with their first inspection (or by a superuser here); nobody else adds or deletes one."""

    list_display = ["name", "local_authority"]
    search_fields = ["name", "local_authority"]
    inlines = [PartnerInline]
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


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """A local closure day moves its area's deadlines; a day closed everywhere (no area) is a superuser's."""

    list_display = ["day", "name", "area"]
    list_filter = [("area", admin.RelatedOnlyFieldListFilter)]
    area_path = "area"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "area" and not request.user.is_superuser:
            kwargs.update(required=True, empty_label=None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def write(self, request, obj, form, change):
        saved = super().write(request, obj, form, change)
        schedules_recompute_later(area=saved.area)
        if change and "area" in form.changed_data:  # the area it left has its deadlines back
            before = form.initial.get("area")
            schedules_recompute_later(area=LocalArea.objects.get(pk=before) if before else None)
        return saved

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        schedules_recompute_later(area=obj.area)


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
