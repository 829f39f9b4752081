"""Load (or refresh) the two demo areas, their people, plans, boards and committee reports. Safe to run again:
nothing is duplicated.

It sits in the top layer because it loads every app's demo, in order: areas, people, inspections, plans, boards,
reports.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from actions import demo as actions_demo
from governance import demo as governance_demo
from inspections import demo as inspections_demo
from reports.papers import demo as reports_demo
from wsoa.demo import demo_password, demo_users_load, sign_in_lines


class Command(BaseCommand):
    help = "Load the demo areas, one demo sign-in per role and the areas' data. Refused in production."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is not allowed with these settings (production).")
        password = demo_password()
        with transaction.atomic():
            areas = inspections_demo.demo_areas_load()
            users = {user.email: user for user in demo_users_load(password=password, areas=areas)}
            inspections_demo.demo_load(users=users, areas=areas)
            actions_demo.demo_load(users=users, areas=areas)
            governance_demo.demo_load(users=users, areas=areas)
            reports_demo.demo_load(users=users, areas=areas)
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
        if not options["quiet_logins"]:
            self.stdout.write("Demo sign-ins (every account uses the same password):")
            for line in sign_in_lines():
                self.stdout.write(line)
            self.stdout.write(f"  password: {password}")
