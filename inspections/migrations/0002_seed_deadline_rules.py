from django.db import migrations


def seed(apps, schema_editor):
    from inspections.deadlines import DEFAULT_RULES
    from inspections.rules import rule_as_row

    Setting = apps.get_model("inspections", "DeadlineRuleSetting")
    for position, rule in enumerate(DEFAULT_RULES, start=1):
        Setting.objects.update_or_create(key=rule.key, defaults={**rule_as_row(rule), "position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
