"""Demo people and their roles in the demo areas, for trying the service out (never in production).

Areas are named by key ("home": Demo Borough, "neighbour": its neighbour sharing the same ICB); the
inspections app's demo creates them, so this module, below the apps, imports none of them.
"""

import secrets
from pathlib import Path

from django.conf import settings

from .roles import Role
from .services import user_create

HOME, NEIGHBOUR = "home", "neighbour"

DEMO_USERS = [
    {
        "email": "admin@demo.example.org",
        "first_name": "Asha",
        "last_name": "Patel",
        "job_title": "SEND improvement programme manager",
        "memberships": [(HOME, Role.ADMINISTRATOR)],
    },
    {
        "email": "officer@demo.example.org",
        "first_name": "Jo",
        "last_name": "Smith",
        "job_title": "SEND officer",
        "memberships": [(HOME, Role.OFFICER)],
    },
    {
        "email": "lead@demo.example.org",
        "first_name": "Sam",
        "last_name": "Okafor",
        "job_title": "Head of SEND, subgroup chair",
        "memberships": [(HOME, Role.SUBGROUP_LEAD)],
    },
    {
        "email": "chair@demo.example.org",
        "first_name": "Margaret",
        "last_name": "Hughes",
        "job_title": "Director of Children's Services, board chair",
        "memberships": [(HOME, Role.BOARD_CHAIR)],
    },
    {
        "email": "democratic@demo.example.org",
        "first_name": "Tom",
        "last_name": "Reid",
        "job_title": "Democratic services officer",
        "memberships": [(HOME, Role.DEMOCRATIC_SERVICES)],
    },
    {
        "email": "priya.shah@icb.example.org",
        "first_name": "Priya",
        "last_name": "Shah",
        "job_title": "Designated Clinical Officer for SEND",
        "organisation": "NHS Demo Integrated Care Board",
        "memberships": [(HOME, Role.OFFICER), (NEIGHBOUR, Role.OFFICER)],
    },
    {
        "email": "officer@neighbour.example.org",
        "first_name": "Ben",
        "last_name": "Adeyemi",
        "job_title": "SEND officer",
        "organisation": "Neighbour Borough Council",
        "memberships": [(NEIGHBOUR, Role.OFFICER)],
    },
    {
        "email": "admin@neighbour.example.org",
        "first_name": "Rachel",
        "last_name": "Quinn",
        "job_title": "Head of SEND improvement",
        "organisation": "Neighbour Borough Council",
        "memberships": [(NEIGHBOUR, Role.ADMINISTRATOR)],
    },
    {
        "email": "adviser@region.example.org",
        "first_name": "Owen",
        "last_name": "Hart",
        "job_title": "Regional SEND adviser",
        "organisation": "Department for Education",
        "memberships": [(HOME, Role.REGIONAL_ADVISER), (NEIGHBOUR, Role.REGIONAL_ADVISER)],
    },
]


def demo_password() -> str:
    """The demo password: DEMO_PASSWORD if set, else one made at random on first use and kept in var/."""
    import os

    if os.environ.get("DEMO_PASSWORD"):
        return os.environ["DEMO_PASSWORD"]
    path = Path(settings.VAR_DIR) / "demo_password"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"demo-{secrets.token_urlsafe(9)}")
        path.chmod(0o600)
    return path.read_text().strip()


def demo_users_load(*, password: str, areas: dict) -> list:
    """Every demo sign-in, with its roles in the demo areas (``areas``: key → area)."""
    return [
        user_create(
            password=password,
            memberships=[(areas[key], role) for key, role in person["memberships"]],
            **{name: value for name, value in person.items() if name != "memberships"},
        )
        for person in DEMO_USERS
    ]


def sign_in_lines() -> list[str]:
    """ "SEND officer (Demo Borough and neighbour)   priya.shah@icb.example.org" for the terminal."""
    lines = []
    for person in DEMO_USERS:
        keys = [key for key, _ in person["memberships"]]
        role = person["memberships"][0][1]
        where = "both areas" if len(set(keys)) > 1 else ("Demo Borough" if keys[0] == HOME else "Neighbour Borough")
        lines.append(f"  {role + ', ' + where:<42} {person['email']}")
    return lines
