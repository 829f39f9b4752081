"""Administrators can see which monthly reminders went out, and cannot forge or edit that record."""
from django.urls import reverse

from wsoa.models import User


def test_the_reminder_record_is_listed_but_read_only(client, db):
    client.force_login(User.objects.create_superuser("root@test.example.org", "a-long-password-for-tests"))
    assert client.get(reverse("admin:actions_updatereminder_changelist")).status_code == 200
    assert client.get(reverse("admin:actions_updatereminder_add")).status_code == 403
