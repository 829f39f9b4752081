"""Load (or refresh) the demo area, its people and its plan. Safe to run again: nothing is duplicated."""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wsoa.demo import DEMO_USERS, demo_password, demo_users_load

# Each app that has demo data offers <app>.demo.demo_load(users=...); they run in this order.
DEMO_LOADERS = ["inspections.demo", "actions.demo", "reports.demo"]


class Command(BaseCommand):
    help = "Load demo users (one per role) and the demo area's data. Refused in production."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is not allowed with these settings (production).")
        password = demo_password()
        with transaction.atomic():
            users = demo_users_load(password=password)
            for module_name in DEMO_LOADERS:
                try:
                    module = importlib.import_module(module_name)
                except ModuleNotFoundError as error:
                    if error.name != module_name:
                        raise
                    continue
                module.demo_load(users={user.email: user for user in users})
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
        if not options["quiet_logins"]:
            self.stdout.write("Demo sign-ins (every account uses the same password):")
            for person in DEMO_USERS:
                self.stdout.write(f"  {person['roles'][0]:<20} {person['email']}")
            self.stdout.write(f"  password: {password}")
