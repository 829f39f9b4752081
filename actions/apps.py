"""Plans, strands, subgroups, actions, progress updates, impact measures and reminders."""
from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Action plan"

    def ready(self) -> None:
        from . import export_refresh

        export_refresh.connect()
