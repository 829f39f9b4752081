"""Factories for the action plan, named by the state they build (RedActionFactory, OverdueActionFactory…)."""
from datetime import date, timedelta

import factory
from django.utils import timezone

from actions.models import Action, ImpactMeasure, MeasureReading, Plan, ProgressUpdate, Strand, Subgroup
from actions.services import reference_sort_key
from tests.conftest import PASSWORD
from tests.inspections.factories import BarnsleyAreaFactory, WeaknessFactory, WsoaRequiredInspectionFactory
from wsoa.models import User
from wsoa.roles import Role
from wsoa.services import memberships_set


def _today() -> date:
    return timezone.localdate()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@test.example.org")
    first_name = factory.Sequence(lambda n: f"Person{n}")
    last_name = "Tester"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """``roles=[...]`` in Barnsley (the factories' area) unless ``roles__areas=[...]`` names others."""
        _give_roles(self, create, extracted or [], kwargs.get("areas"))


def _give_roles(user: User, create: bool, roles: list[str], areas=None) -> None:
    if create:
        user.save()
        areas = [BarnsleyAreaFactory()] if areas is None else areas
        memberships_set(user=user, memberships=[(area, role) for area in areas for role in roles])


class OfficerFactory(UserFactory):
    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _give_roles(self, create, extracted or [Role.OFFICER], kwargs.get("areas"))


class SubgroupLeadFactory(UserFactory):
    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _give_roles(self, create, extracted or [Role.SUBGROUP_LEAD], kwargs.get("areas"))


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    inspection = factory.SubFactory(WsoaRequiredInspectionFactory)


class SubgroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subgroup

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Subgroup {n}")
    lead = factory.SubFactory(SubgroupLeadFactory)


class StrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strand
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Strand title {n + 1}")
    subgroup = factory.SubFactory(SubgroupFactory, plan=factory.SelfAttribute("..plan"))

    @factory.post_generation
    def weaknesses(self, create, extracted, **kwargs):
        if create and extracted:
            self.weaknesses.set(extracted)


class StrandWithoutSubgroupFactory(StrandFactory):
    subgroup = None


class ActionFactory(factory.django.DjangoModelFactory):
    """A green action due in three months, led by a new officer."""

    class Meta:
        model = Action

    strand = factory.SubFactory(StrandFactory)
    plan = factory.SelfAttribute("strand.plan")
    reference = factory.Sequence(lambda n: f"9.{n + 1}")
    sort_key = factory.LazyAttribute(lambda action: reference_sort_key(action.reference))
    title = factory.Sequence(lambda n: f"Action number {n + 1}")
    description = "Review how EHC plans are written and quality assured."
    lead_officer = factory.SubFactory(OfficerFactory)
    lead_organisation = "Demo Borough Council"
    start_date = factory.LazyFunction(lambda: _today() - timedelta(days=60))
    due_date = factory.LazyFunction(lambda: _today() + timedelta(days=90))
    success_criteria = "90% of new EHC plans audited as good or better."
    rating = "green"


class GreenActionFactory(ActionFactory):
    rating = "green"


class AmberActionFactory(ActionFactory):
    rating = "amber"
    rating_reason = "Waiting for the new panel to start."


class RedActionFactory(ActionFactory):
    rating = "red"
    rating_reason = "The recruitment of two caseworkers has failed twice."


class NotStartedActionFactory(ActionFactory):
    rating = "not_started"
    start_date = factory.LazyFunction(lambda: _today() + timedelta(days=30))


class CompletedActionFactory(ActionFactory):
    rating = "blue"
    completed_on = factory.LazyFunction(lambda: _today() - timedelta(days=10))


class OverdueActionFactory(ActionFactory):
    rating = "amber"
    start_date = factory.LazyFunction(lambda: _today() - timedelta(days=200))
    due_date = factory.LazyFunction(lambda: _today() - timedelta(days=5))


class OngoingActionFactory(ActionFactory):
    due_date = None
    ongoing = True


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    """This month's update by the action's lead, keeping its rating."""

    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    author = factory.SelfAttribute("action.lead_officer")
    month = factory.LazyFunction(lambda: _today().replace(day=1))
    rating = factory.SelfAttribute("action.rating")
    previous_rating = factory.SelfAttribute("action.rating")
    narrative = "Audit of twenty plans finished; findings shared with the panel."


class ImpactMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImpactMeasure

    strand = factory.SubFactory(StrandFactory)
    plan = factory.SelfAttribute("strand.plan")
    name = "New EHC plans issued within 20 weeks"
    unit = "%"
    baseline = 38
    target = 90
    direction = ImpactMeasure.Direction.HIGHER


class WeaknessMeasureFactory(ImpactMeasureFactory):
    strand = None
    plan = factory.SubFactory(PlanFactory)
    weakness = factory.SubFactory(WeaknessFactory, inspection=factory.SelfAttribute("..plan.inspection"))


class MeasureReadingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureReading

    measure = factory.SubFactory(ImpactMeasureFactory)
    period = factory.Sequence(lambda n: date(2023, 1, 1) + timedelta(days=31 * n))
    value = 45
    source_note = "Monthly SEN2 return"
