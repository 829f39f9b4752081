"""The administrators' back office for people: their details, and their roles in local areas (memberships).

Roles are memberships, so Django's groups and per-user permissions are not offered. An administrator who
is not a superuser sees the people who hold a role in an area they administer; changes the details of
those whose every role is in such an area (never a superuser's, a staff member's or another
administrator's, whose sign-in would open other doors); gives roles only in their own areas; and never
gives the Administrator role, staff status or superuser status: only a superuser does.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Count, Prefetch, Q, Value

from .admin_scoping import AreaScoped, ScopedAdmin, administered_area_ids
from .models import Membership, User
from .roles import Role
from .services import memberships_set


def may_manage(editor, person) -> bool:
    """Whether ``editor`` may change ``person``'s details, password and roles here."""
    if editor.is_superuser or person.pk == editor.pk:
        return True
    if person.is_superuser or person.is_staff:
        return False
    roles = list(person.memberships.values_list("area_id", "role"))
    mine = administered_area_ids(editor)
    return all(area_id in mine and role != Role.ADMINISTRATOR for area_id, role in roles)


class MembershipFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        chosen = [form.cleaned_data for form in self.forms if hasattr(form, "cleaned_data")]
        if self.min_num and not any(data.get("area") and not data.get("DELETE") for data in chosen):
            raise forms.ValidationError("Give the person a role in one of your areas")


class MembershipInline(AreaScoped, admin.TabularInline):
    """The person's roles in the areas the editor administers (all of them for a superuser)."""

    model = Membership
    fk_name = "user"
    fields = ["area", "role"]
    extra = 1
    formset = MembershipFormSet
    area_path = "area"
    verbose_name = "role in a local area"
    verbose_name_plural = "roles in local areas"

    def scope(self, request, queryset):
        queryset = super().scope(request, queryset)
        return queryset if request.user.is_superuser else queryset.exclude(role=Role.ADMINISTRATOR)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [("", "---------")] + [
                (value, label) for value, label in Role.choices if value != Role.ADMINISTRATOR
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        # A person added by an administrator needs a role in one of their areas, or they could not see them.
        kwargs["min_num"] = int(obj is None and not request.user.is_superuser)
        return super().get_formset(request, obj, **kwargs)


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = ["email", "first_name", "last_name", "roles", "organisation", "is_active"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    area_path = "memberships__area"
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal details", {"fields": ["first_name", "last_name", "job_title", "organisation"]}),
        ("Roles and access", {"fields": ["roles", "is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "first_name", "last_name", "password1", "password2"]}),
    ]

    def get_queryset(self, request):
        """Each person with their roles in the areas shown to this person, and how many they hold elsewhere."""
        here = Membership.objects.select_related("area").order_by("area__name", "role")
        elsewhere = Value(0)
        if not request.user.is_superuser:
            shown = administered_area_ids(request.user)
            here = here.filter(area__in=shown)
            elsewhere = Count("memberships", filter=~Q(memberships__area__in=shown))
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("memberships", queryset=here, to_attr="roles_shown"))
            .annotate(roles_elsewhere=elsewhere)
        )

    @admin.display(description="roles")
    def roles(self, person) -> str:
        words = [f"{membership.get_role_display()} in {membership.area}" for membership in person.roles_shown]
        if person.roles_elsewhere:
            words.append(f"{person.roles_elsewhere} in other areas")
        return "; ".join(words) or "No role"

    def get_readonly_fields(self, request, obj=None):
        fields = ["roles", "last_login", "date_joined"]
        return fields if request.user.is_superuser else [*fields, "is_staff", "is_superuser"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or may_manage(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser  # deactivate people instead: their history stays theirs

    def save_formset(self, request, form, formset, change):
        """Roles change through ``memberships_set``; the roles not shown to this person are kept as they are."""
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        person = formset.instance
        shown = {membership.pk for membership in formset.get_queryset()}
        kept = [(m.area_id, m.role) for m in person.memberships.all() if m.pk not in shown]
        chosen = [
            (data["area"], data["role"])
            for data in (membership_form.cleaned_data for membership_form in formset.forms)
            if data and data.get("area") and not data.get("DELETE")
        ]
        memberships_set(user=person, memberships=kept + chosen, by=request.user)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


# Roles are memberships: Django's groups are not used.
admin.site.unregister(Group)
admin.site.site_header = "SEND improvement plan: administration"
admin.site.site_title = "Administration"
