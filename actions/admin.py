"""Administrators' set-up pages: a plan's settings, its subgroups and strands, and impact measures.

Actions and progress updates are read-only here: they change only through the service pages, which keep
the version check and the worse-rating rule (an admin save would slip past both).
"""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, ImpactMeasure, MeasureReading, Plan, ProgressUpdate, Strand, Subgroup, UpdateReminder


class AttributedAdmin(SimpleHistoryAdmin):
    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(AttributedAdmin):
    list_display = ["__str__", "section_label", "reminder_day", "escalation_working_days"]
    list_select_related = ["inspection__area"]
    raw_id_fields = ["inspection"]


@admin.register(Subgroup)
class SubgroupAdmin(AttributedAdmin):
    list_display = ["name", "plan", "lead"]
    list_select_related = ["plan__inspection__area", "lead"]
    list_filter = ["plan"]
    filter_horizontal = ["members"]


@admin.register(Strand)
class StrandAdmin(AttributedAdmin):
    list_display = ["number", "title", "plan", "subgroup"]
    list_select_related = ["plan__inspection__area", "subgroup"]
    list_filter = ["plan"]
    filter_horizontal = ["weaknesses"]


class ReadingInline(admin.TabularInline):
    model = MeasureReading
    extra = 1


@admin.register(ImpactMeasure)
class ImpactMeasureAdmin(AttributedAdmin):
    list_display = ["name", "plan", "strand", "weakness", "baseline", "target", "direction"]
    list_select_related = ["plan__inspection__area", "strand", "weakness"]
    list_filter = ["plan"]
    inlines = [ReadingInline]


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "plan", "lead_officer", "rating", "due_date", "version"]
    list_select_related = ["plan__inspection__area", "lead_officer"]
    list_filter = ["plan", "rating"]
    search_fields = ["reference", "title"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin):
    list_display = ["action", "month", "rating", "author"]
    list_select_related = ["action", "author"]
    list_filter = ["month"]


@admin.register(UpdateReminder)
class UpdateReminderAdmin(admin.ModelAdmin):
    """Read-only: the record of which monthly reminders and summaries went to whom."""

    list_display = ["month", "kind", "recipient", "plan", "sent_at"]
    list_filter = ["kind", "month"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
