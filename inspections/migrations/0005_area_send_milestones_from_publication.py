"""The 2023 framework's milestones from what is known: the priority action plan, strategic plan and monitoring
inspection estimated from publication when the date the report was received is not known, and the rules that
are themselves approximate ("about 18 months", "within 3 years") marked so.

The rows are literal data, as in 0002: a migration never imports live code. Each new rule goes just after the
rule counted from receipt, which wins whenever that date is known.
"""

from django.db import migrations

NEW_RULES = [
    (
        "priority_action_plan_after_received",
        {
            "key": "priority_action_plan_from_published",
            "milestone": "priority_action_plan_due",
            "framework": "2023",
            "label": "Priority action plan due (estimated from publication)",
            "anchor": "published",
            "amount": 30,
            "unit": "working_days",
            "repeat_every_months": None,
            "repeat_within_months": None,
            "repeat_at_least": 0,
            "requires_wsoa": False,
            "official_deadline_overrides": True,
            "estimated": True,
            "approximate": False,
            "roll": "previous_working_day",
            "source": "Area SEND framework: areas for priority action need a priority action plan; the 30 working days "
            "are not confirmed, and are counted from publication because the date the report was received is "
            "not known.",
            "confidence": "not confirmed",
            "note": "Estimated: the date the report was received is not known, and counting from publication usually "
            "gives a date a few working days too late.",
            "conditions": {"outcomes": [3]},
        },
    ),
    (
        "strategic_plan_after_received",
        {
            "key": "strategic_plan_from_published",
            "milestone": "strategic_plan_due",
            "framework": "2023",
            "label": "Strategic plan updated and published (estimated from publication)",
            "anchor": "published",
            "amount": 30,
            "unit": "working_days",
            "repeat_every_months": None,
            "repeat_within_months": None,
            "repeat_at_least": 0,
            "requires_wsoa": False,
            "official_deadline_overrides": False,
            "estimated": True,
            "approximate": False,
            "roll": "previous_working_day",
            "source": "Secondary sources only: the local area partnership updates and publishes its strategic plan "
            "within 30 working days of receiving the report; counted from publication because the date the "
            "report was received is not known.",
            "confidence": "secondary source",
            "note": "Estimated: the date the report was received is not known, and counting from publication usually "
            "gives a date a few working days too late.",
            "conditions": {},
        },
    ),
    (
        "monitoring_inspection_after_received",
        {
            "key": "monitoring_inspection_from_published",
            "milestone": "monitoring_inspection_due",
            "framework": "2023",
            "label": "Monitoring inspection expected (estimated from publication)",
            "anchor": "published",
            "amount": 18,
            "unit": "months",
            "repeat_every_months": None,
            "repeat_within_months": None,
            "repeat_at_least": 0,
            "requires_wsoa": False,
            "official_deadline_overrides": False,
            "estimated": True,
            "approximate": True,
            "roll": "previous_working_day",
            "source": "Area SEND framework: after outcome 3, a monitoring inspection about 18 months after the final "
            "report; counted from publication because the date the report was received is not known.",
            "confidence": "framework",
            "note": "Approximate: the framework says 'about' 18 months. Estimated: the date the report was received is "
            "not known, and counting from publication usually gives a date a few working days too late.",
            "conditions": {"outcomes": [3]},
        },
    ),
]

APPROXIMATE = ["monitoring_inspection_after_received", "next_inspection_outcome_1", "next_inspection_outcomes_2_and_3"]
# "About 18 months" was marked estimated; it is approximate, and estimated now means counted from publication.
NO_LONGER_ESTIMATED = ["monitoring_inspection_after_received"]


def add_rules(apps, schema_editor):
    Setting = apps.get_model("inspections", "DeadlineRuleSetting")
    Setting.objects.filter(key__in=APPROXIMATE).update(approximate=True)
    Setting.objects.filter(key__in=NO_LONGER_ESTIMATED).update(estimated=False)
    for after, row in NEW_RULES:
        before = Setting.objects.filter(key=after).values_list("position", flat=True).first()
        position = (before if before is not None else Setting.objects.count() * 10) + 5
        Setting.objects.update_or_create(key=row["key"], defaults={**row, "position": position})


def remove_rules(apps, schema_editor):
    Setting = apps.get_model("inspections", "DeadlineRuleSetting")
    Setting.objects.filter(key__in=[row["key"] for _, row in NEW_RULES]).delete()
    Setting.objects.filter(key__in=NO_LONGER_ESTIMATED).update(estimated=True)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0004_approximate_milestones")]
    operations = [migrations.RunPython(add_rules, remove_rules)]
