"""Administrators' set-up pages: areas and partners, local closure days and the deadline rules."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .deadlines import RuleError
from .models import DeadlineRuleSetting, Inspection, LocalArea, NonWorkingDay, PartnerOrganisation
from .rules import rule_from_row
from .services import schedules_recompute_later


class RecomputesSchedules:
    """Admin saves go through the same rule as the service: a change that can move a deadline recomputes."""

    def recompute_after(self, obj) -> None:
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)
        self.recompute_after(obj)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.recompute_after(obj)


class PartnerInline(admin.TabularInline):
    model = PartnerOrganisation
    fk_name = "area"
    extra = 1


@admin.register(LocalArea)
class LocalAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "local_authority"]
    search_fields = ["name", "local_authority"]
    inlines = [PartnerInline]


@admin.register(Inspection)
class InspectionAdmin(RecomputesSchedules, SimpleHistoryAdmin):
    list_display = ["area", "framework", "starts_on", "outcome", "status"]
    list_filter = ["framework", "status"]
    filter_horizontal = ["responsible_people"]

    def recompute_after(self, obj) -> None:
        if obj.pk:
            schedules_recompute_later(area=obj.area)


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(RecomputesSchedules, SimpleHistoryAdmin):
    list_display = ["day", "name", "area"]
    list_filter = ["area"]

    def recompute_after(self, obj) -> None:
        schedules_recompute_later(area=obj.area)


class DeadlineRuleForm(forms.ModelForm):
    class Meta:
        model = DeadlineRuleSetting
        fields = [
            "key", "position", "milestone", "framework", "label", "anchor", "amount", "unit", "repeat_every_months",
            "repeat_within_months", "repeat_at_least", "conditions", "requires_wsoa", "official_deadline_overrides",
            "estimated", "roll", "source", "confidence", "note", "active",
        ]

    def clean(self):
        cleaned = super().clean()
        try:
            rule_from_row({name: cleaned.get(name) for name in self.fields} | {"key": cleaned.get("key")})
        except (RuleError, TypeError) as error:
            raise forms.ValidationError(str(error)) from error
        return cleaned


@admin.register(DeadlineRuleSetting)
class DeadlineRuleAdmin(RecomputesSchedules, SimpleHistoryAdmin):
    form = DeadlineRuleForm
    list_display = ["label", "framework", "amount", "unit", "anchor", "confidence", "active", "position"]
    list_filter = ["framework", "confidence", "active"]
    ordering = ["position"]

    def recompute_after(self, obj) -> None:
        schedules_recompute_later(framework=obj.framework)
