"""Factories for inspections, named by the state they build."""

from datetime import date

import factory

from inspections.models import Inspection, LocalArea, Milestone, PartnerOrganisation, SignificantWeakness


class LocalAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalArea
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Area {n}")
    local_authority = factory.LazyAttribute(lambda area: f"{area.name} Council")


class BarnsleyAreaFactory(LocalAreaFactory):
    name = "Barnsley"
    local_authority = "Barnsley Metropolitan Borough Council"


class CcgThenIcbFactory:
    """The NHS partner changing on 1 July 2022, as it did everywhere in England."""

    @staticmethod
    def create(area):
        icb = PartnerOrganisation.objects.create(
            area=area, name=f"South Yorkshire ICB ({area.name})", kind="icb", starts_on=date(2022, 7, 1)
        )
        ccg = PartnerOrganisation.objects.create(
            area=area, name=f"NHS {area.name} CCG", kind="ccg", ends_on=date(2022, 6, 30), successor=icb
        )
        return ccg, icb


class WsoaRequiredInspectionFactory(factory.django.DjangoModelFactory):
    """Barnsley's 2021 inspection: letter received Wednesday 17 November 2021, WSoA required."""

    class Meta:
        model = Inspection

    area = factory.SubFactory(BarnsleyAreaFactory)
    framework = "2016"
    starts_on = date(2021, 9, 20)
    ends_on = date(2021, 9, 24)
    received_on = date(2021, 11, 17)
    published_on = date(2021, 11, 19)
    outcome = "wsoa_required"


class WeaknessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignificantWeakness

    inspection = factory.SubFactory(WsoaRequiredInspectionFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Weakness {n + 1}")
    text = "The variability in the quality of EHC plans."


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    inspection = factory.SubFactory(WsoaRequiredInspectionFactory)
    key = "review_meeting"
    sequence = factory.Sequence(lambda n: n + 1)
    label = "DfE/NHS England review meeting"
    due = date(2022, 6, 1)
    rule_key = "review_meetings_after_acceptance"
    rule_label = "DfE/NHS England review meeting"
    source = "DfE"
    confidence = "guidance"
    explanation = "Every three months."
