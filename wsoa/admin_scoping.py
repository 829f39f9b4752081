"""What every model admin shares: it shows a person only the areas they administer, and it writes like the service.

Each admin names the path from its model to the local area as a string (``"plan__inspection__area"``), so this
module imports no app. For staff who are not superusers, every list, page, history, autocomplete and choice
of a related object is cut to the areas where they hold the Administrator role; another area's object is a
404. A model with no area (``area_path = None``) is national: only superusers change it.

Writes: an admin's ``write`` saves through the app's service (the same checks, attribution and history); a
service's refusal (a ``ValidationError``) is shown on the form, never a 500. Every history row written by an
admin save gets a change reason in words ("Changed in the administration site: name, lead"). Reverting to
an old version from the history page is refused: it would write past the services.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import Http404
from simple_history.signals import pre_create_historical_record

from .roles import Role, memberships_of

ADMIN_PLACE = "in the administration site"
_reason: ContextVar[str | None] = ContextVar("admin_change_reason", default=None)


def administered_area_ids(user) -> frozenset[int]:
    """The areas where the person holds the Administrator role (superusers: every area)."""
    return frozenset(area_id for area_id, held in memberships_of(user).items() if Role.ADMINISTRATOR in held)


def in_areas(queryset, area_path: str, area_ids):
    """The rows of ``queryset`` whose area (reached by ``area_path``) is one of ``area_ids``."""
    model = queryset.model
    inside = model._base_manager.filter(**{f"{area_path}__in": area_ids}).values("pk")
    return queryset.filter(pk__in=inside)


@contextmanager
def change_reason(words: str):
    """Give every history row written inside the block this reason (after the service's own, if it set one)."""
    token = _reason.set(words)
    try:
        yield
    finally:
        _reason.reset(token)


def _give_reason(sender, history_instance, **kwargs) -> None:
    words = _reason.get()
    if words is None:
        return
    own = history_instance.history_change_reason or ""
    # A service's "Changed: reminder day" says no more than the admin's own words, which name the place too.
    if not own or own.startswith(("Changed:", "Changed (")) or own in {"Added", "Changed", "Removed"}:
        history_instance.history_change_reason = words
    elif not own.startswith(words):
        history_instance.history_change_reason = f"{words}. {own}"


pre_create_historical_record.connect(_give_reason, dispatch_uid="wsoa_admin_change_reason")


def changed_words(form, *, add: bool) -> str:
    """ "Changed in the administration site: name, subgroup lead", from the form's changed fields."""
    if add:
        return f"Added {ADMIN_PLACE}"
    labels = [str(form.fields[name].label or name).lower() for name in form.changed_data if name in form.fields]
    return f"Changed {ADMIN_PLACE}: {', '.join(labels)}" if labels else f"Saved {ADMIN_PLACE} without changes"


class AreaScoped:
    """For ModelAdmin and InlineModelAdmin: only the administered areas' objects, and their related choices.

    ``area_path``: from the model to its LocalArea ("pk" for LocalArea itself; None for a national model).
    ``related_area_paths``: for a related model with no scoped admin of its own, its path to the area, by
    field name ({"weaknesses": "inspection__area"}).
    """

    area_path: str | None = None
    related_area_paths: dict[str, str] = {}

    def scope(self, request, queryset):
        """Overridable: the rows of ``queryset`` this person may see here."""
        if request.user.is_superuser or self.area_path is None:
            return queryset
        return in_areas(queryset, self.area_path, administered_area_ids(request.user))

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request))

    def get_field_queryset(self, db, db_field, request):
        queryset = super().get_field_queryset(db, db_field, request)
        if request.user.is_superuser:
            return queryset
        related = db_field.remote_field.model
        if db_field.name in self.related_area_paths:
            base = queryset if queryset is not None else related._default_manager.using(db)
            return in_areas(base, self.related_area_paths[db_field.name], administered_area_ids(request.user))
        related_admin = self.admin_site._registry.get(related)
        if isinstance(related_admin, AreaScoped):
            return related_admin.get_queryset(request).using(db)
        raise ImproperlyConfigured(f"{type(self).__name__} does not say how to keep {db_field.name} to an area")

    def _may_write(self, request) -> bool:
        """National models are written by superusers only."""
        return self.area_path is not None or request.user.is_superuser

    def has_add_permission(self, request, *args):
        return self._may_write(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._may_write(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_write(request) and super().has_delete_permission(request, obj)


class ScopedAdmin(AreaScoped):
    """For ModelAdmin: 404 outside the areas; history read-only; each write attributed and given a reason."""

    def get_object(self, request, object_id, from_field=None):
        found = super().get_object(request, object_id, from_field)
        if found is None:
            raise Http404(f"No {self.opts.verbose_name} with that id here")
        return found

    def history_view(self, request, object_id, extra_context=None):
        if not request.user.is_superuser:
            self.get_object(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not request.user.is_superuser:
            self.get_object(request, unquote(object_id))
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied("Old versions are for reading: change the object on its own page")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    # --- writes ---------------------------------------------------------------------------------------

    def write(self, request, obj, form, change: bool):
        """Save the object; an admin whose model has a service overrides this to call it (and returns the
        saved instance). A service's ``ValidationError`` is shown on the form."""
        obj._history_user = request.user
        obj.save()
        return obj

    def save_model(self, request, obj, form, change):
        with change_reason(changed_words(form, add=not change)):
            saved = self.write(request, obj, form, change)
        if saved is not obj:  # the service made or reloaded its own instance: the admin's responses use obj
            obj.pk, obj._state.adding = saved.pk, False

    # True when ``write`` calls a service that sets the many-to-many fields itself.
    saves_many_to_many = False

    def save_related(self, request, form, formsets, change):
        if not self.saves_many_to_many:
            with change_reason(changed_words(form, add=not change)):
                form.save_m2m()
        for formset in formsets:
            with change_reason(f"Changed {ADMIN_PLACE}: {formset.model._meta.verbose_name_plural}"):
                self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        with change_reason(f"Deleted {ADMIN_PLACE}"):
            obj._history_user = request.user
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:  # one at a time, so each deletion is attributed and follows delete_model
            self.delete_model(request, obj)

    # --- a refused save shows the service's message on the form -----------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as refusal:
            # Raised by a service inside the view's transaction, which is rolled back. Show the same form
            # again with the refusal on it: the second pass fails validation, so it saves nothing.
            if request.method != "POST" or hasattr(request, "_admin_refusal"):
                raise
            request._admin_refusal = refusal
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "_admin_refusal", None)
        if refusal is None:
            return form

        class Refused(form):
            def clean(self):
                cleaned = super().clean()
                for field, messages in _messages_by_field(refusal).items():
                    self.add_error(field if field in self.fields else None, messages)
                return cleaned

        Refused.__name__ = form.__name__
        return Refused


def _messages_by_field(error: ValidationError) -> dict[str | None, list[str]]:
    if hasattr(error, "error_dict"):
        return {None if field == "__all__" else field: messages for field, messages in error.message_dict.items()}
    return {None: error.messages}


class ScopedModelAdmin(ScopedAdmin, admin.ModelAdmin):
    """A model admin kept to the person's areas (see ``ScopedAdmin``)."""
