"""The project's part of the administration site: nothing of its own.

People and their roles are managed on the service's People pages, which check who may give which role, so
neither users nor memberships are registered here; Django's groups are not used at all (roles are
memberships). The site itself is for superusers only (``wsoa.admin_site``).
"""

from django.contrib import admin
from django.contrib.auth.models import Group

admin.site.unregister(Group)
