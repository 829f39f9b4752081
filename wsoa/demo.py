"""Demo people, one per role, for trying the service out (never in production)."""

import secrets
from pathlib import Path

from django.conf import settings

from .roles import Role
from .services import user_create

DEMO_USERS = [
    {
        "email": "admin@demo.example.org",
        "first_name": "Asha",
        "last_name": "Patel",
        "job_title": "SEND improvement programme manager",
        "roles": [Role.ADMINISTRATOR],
    },
    {
        "email": "officer@demo.example.org",
        "first_name": "Jo",
        "last_name": "Smith",
        "job_title": "SEND officer",
        "roles": [Role.OFFICER],
    },
    {
        "email": "lead@demo.example.org",
        "first_name": "Sam",
        "last_name": "Okafor",
        "job_title": "Head of SEND, subgroup chair",
        "roles": [Role.SUBGROUP_LEAD],
    },
    {
        "email": "chair@demo.example.org",
        "first_name": "Margaret",
        "last_name": "Hughes",
        "job_title": "Director of Children's Services, board chair",
        "roles": [Role.BOARD_CHAIR],
    },
    {
        "email": "democratic@demo.example.org",
        "first_name": "Tom",
        "last_name": "Reid",
        "job_title": "Democratic services officer",
        "roles": [Role.DEMOCRATIC_SERVICES],
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


def demo_users_load(*, password: str) -> list:
    return [user_create(password=password, **person) for person in DEMO_USERS]
