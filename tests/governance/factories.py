"""Factories for governance, named by the state they build."""
from datetime import date, time

import factory

from governance.models import ActionArising, Board, BoardMember, Meeting
from tests.actions.factories import PlanFactory


class SecondTuesdayBoardFactory(factory.django.DjangoModelFactory):
    """A SEND Improvement Board meeting monthly on the second Tuesday, reports due 5 working days before."""

    class Meta:
        model = Board

    plan = factory.SubFactory(PlanFactory)
    area = factory.LazyAttribute(lambda board: board.plan.inspection.area)
    name = "SEND Improvement Board"
    kind = Board.Kind.IMPROVEMENT
    frequency = Board.Frequency.MONTHLY
    weekday = Board.Weekday.TUESDAY
    week_of_month = Board.WeekOfMonth.SECOND
    usual_time = time(10, 0)
    starts_on = date(2025, 1, 1)


class LastMondayBoardFactory(SecondTuesdayBoardFactory):
    weekday = Board.Weekday.MONDAY
    week_of_month = Board.WeekOfMonth.LAST


class BoardMemberWithoutAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMember

    board = factory.SubFactory(SecondTuesdayBoardFactory)
    name = factory.Sequence(lambda n: f"Member {n}")
    organisation = "Demo Parent Carer Forum"
    role_on_board = "Co-chair"


class PlannedMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(SecondTuesdayBoardFactory)
    scheduled_on = factory.Sequence(lambda n: date(2030, 1, 1).replace(year=2030 + n // 12, month=1 + n % 12))
    held_on = factory.SelfAttribute("scheduled_on")
    reports_due_on = factory.SelfAttribute("scheduled_on")
    time = time(10, 0)


class HeldMeetingFactory(PlannedMeetingFactory):
    status = Meeting.Status.HELD
    minutes_text = "The board noted the reports."


class OpenActionArisingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionArising

    meeting = factory.SubFactory(HeldMeetingFactory)
    text = "Bring the 20-week figures to the next meeting"
    owner_name = "Head of SEND"
