"""A rule, and the milestone it gives, can be approximate ("about 18 months") as well as estimated."""

from django.db import migrations, models

RULE_HELP = "The rule itself is approximate, such as 'about 18 months'."


def _approximate(model_name: str, help_text: str = ""):
    field = models.BooleanField(default=False, help_text=help_text) if help_text else models.BooleanField(default=False)
    return migrations.AddField(model_name=model_name, name="approximate", field=field)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0003_history_reasons_in_words")]

    operations = [
        _approximate("deadlinerulesetting", RULE_HELP),
        _approximate("historicaldeadlinerulesetting", RULE_HELP),
        _approximate("historicalmilestone"),
        _approximate("milestone"),
    ]
