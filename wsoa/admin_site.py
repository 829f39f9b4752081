"""Django's administration site, for superusers only: staff status alone opens nothing.

People, roles and invitations are managed on the service's own pages (``wsoa.views_people``); what is left in
the administration site is set-up that has no page yet, for the superusers made on the command line. A
signed-in person who is not a superuser is refused with the service's 403 page on every address of the site,
its sign-in page included, rather than sent to a second sign-in form.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from .refusals import Refused

NOT_FOR_YOU = "The administration site is for superusers only: people and roles are managed on the People page"


class SuperuserAuthenticationForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_superuser:
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login",
                                  params={"username": self.username_field.verbose_name})


class SuperuserAdminSite(admin.AdminSite):
    site_header = "SEND improvement plan: administration"
    site_title = "Administration"
    login_form = SuperuserAuthenticationForm

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)

    def admin_view(self, view, cacheable=False):
        checked = super().admin_view(view, cacheable)

        def refused_unless_superuser(request, *args, **kwargs):
            _refuse_signed_in_non_superusers(request)
            return checked(request, *args, **kwargs)

        refused_unless_superuser.__dict__.update(checked.__dict__)
        return refused_unless_superuser

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        _refuse_signed_in_non_superusers(request)
        return super().login(request, extra_context)


def _refuse_signed_in_non_superusers(request) -> None:
    user = request.user
    if user.is_authenticated and not (user.is_active and user.is_superuser):
        raise Refused(NOT_FOR_YOU)
