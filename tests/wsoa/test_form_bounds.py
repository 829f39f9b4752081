"""The limits every form puts on what is typed: dates in the GOV.UK pattern, text within its column, in words."""

import inspect
from datetime import date

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

import actions.forms
import inspections.forms
import wsoa.forms
from actions.models import Action
from inspections.forms import ApprovalForm, InspectionForm, TransitionForm
from inspections.models import Inspection, LocalArea, PlanApproval
from tests.conftest import PASSWORD
from tests.inspections.test_views import _date
from wsoa.fields import LONG_TEXT_MAX_LENGTH, BoundedTextMixin, DateField
from wsoa.forms import NewPasswordForm


class _ApprovalDateForm(forms.Form):
    approved_on = DateField(label="Date approved")


def _date_errors(day: str, month: str, year: str) -> list[str]:
    form = _ApprovalDateForm({"approved_on_0": day, "approved_on_1": month, "approved_on_2": year})
    assert not form.is_valid()
    return form.errors["approved_on"]


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("99999999999999999999", "3", "2024", "Date approved must be a real date"),
        ("1", "99999999999999999999", "2024", "Date approved must be a real date"),
        ("1", "3", "99999999999999999999", "Date approved must have a year of 4 numbers, like 2024"),
        ("-1", "3", "2024", "Date approved must be a real date, in numbers"),
        ("1e309", "3", "2024", "Date approved must be a real date, in numbers"),
        ("0x10", "3", "2024", "Date approved must be a real date, in numbers"),
        ("１２", "3", "2024", "Date approved must be a real date, in numbers"),  # full-width digits
        ("1\x00", "3", "2024", "Date approved must be a real date, in numbers"),
        ("👩🏽‍🏫", "3", "2024", "Date approved must be a real date, in numbers"),
        ("001", "3", "2024", "Date approved must be a real date"),
        ("30", "2", "2024", "Date approved must be a real date"),
        ("31", "12", "1899", "Date approved must be between 1900 and 2100"),
        ("1", "1", "2101", "Date approved must be between 1900 and 2100"),
        ("", "3", "2024", "Date approved must include a day"),
        ("1", "", "", "Date approved must include a month and year"),
    ],
)
def test_a_date_refuses_any_text_that_is_not_a_real_date_in_words(day, month, year, message):
    assert _date_errors(day, month, year) == [message]


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(2100, 12, 31), date(2024, 2, 29)])
def test_a_date_between_1900_and_2100_is_taken(day):
    form = _ApprovalDateForm(_date("approved_on", day))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["approved_on"] == day


def test_free_text_is_limited_to_ten_thousand_characters_and_says_so():
    assert TransitionForm({"note": "x" * LONG_TEXT_MAX_LENGTH}).errors.get("note") is None
    errors = TransitionForm({"note": "x" * (LONG_TEXT_MAX_LENGTH + 1)}).errors["note"]
    assert errors == ["Note must be 10,000 characters or fewer"]


def test_text_kept_in_a_column_is_limited_to_the_column():
    limit = PlanApproval._meta.get_field("organisation").max_length
    errors = ApprovalForm({"organisation": "x" * (limit + 1)}).errors["organisation"]
    assert errors == [f"Organisation must be {limit} characters or fewer"]
    assert ApprovalForm({"organisation": "x" * limit}).errors.get("organisation") is None


def test_a_null_character_is_refused_in_words():
    assert ApprovalForm({"organisation": "abc\x00def"}).errors["organisation"] == [
        "Organisation must not include a null character"
    ]


def test_a_label_with_a_percent_sign_still_gives_its_message():
    class MeasureForm(BoundedTextMixin, forms.Form):
        unit = forms.CharField(label="Share of plans (%)", max_length=5)

    assert MeasureForm({"unit": "x" * 6}).errors["unit"] == ["Share of plans (%) must be 5 characters or fewer"]


def _project_forms():
    for module in (wsoa.forms, inspections.forms, actions.forms):
        for _, form_class in inspect.getmembers(module, inspect.isclass):
            if issubclass(form_class, forms.BaseForm) and form_class.__module__ == module.__name__:
                yield form_class


@pytest.mark.parametrize("form_class", list(_project_forms()), ids=lambda form_class: form_class.__name__)
def test_every_form_with_text_bounds_its_text(form_class):
    has_text = any(isinstance(field, forms.CharField) for field in form_class.base_fields.values())
    has_text = has_text or form_class is inspections.forms.LetterReviewForm  # its findings are added per form
    if has_text:
        assert issubclass(form_class, BoundedTextMixin), f"{form_class.__name__} must use BoundedTextMixin"


def test_the_inspection_form_limits_a_new_area_to_its_columns():
    for field, column in (("new_area_name", "name"), ("new_local_authority", "local_authority")):
        assert InspectionForm.base_fields[field].max_length == LocalArea._meta.get_field(column).max_length
    assert InspectionForm.base_fields["report_url"].max_length == Inspection._meta.get_field("report_url").max_length


def test_a_ten_thousand_character_area_name_is_a_form_error_and_saves_nothing(client, make_user):
    from wsoa.roles import Role

    client.force_login(make_user(Role.ADMINISTRATOR))
    areas_before = LocalArea.objects.count()  # the administrator's own area
    data = {
        "area": "", "new_area_name": "x" * 10_000, "new_local_authority": "Sheffield City Council",
        "framework": "2016", "outcome": "wsoa_required", **_date("starts_on", date(2021, 9, 20)),
        **_date("ends_on", date(2021, 9, 24)), **_date("received_on", date(2021, 11, 17)),
    }  # fmt: skip
    response = client.post(reverse("inspections:create"), data)
    assert response.status_code == 200
    assert "New local area&#x27;s name must be 200 characters or fewer" in response.content.decode()
    assert LocalArea.objects.count() == areas_before and not Inspection.objects.exists()


def test_a_huge_day_on_an_action_is_a_form_error(client, world):
    client.force_login(world.people["administrator"])
    path = reverse("actions:action_edit", args=[world.action.pk])
    data = {"reference": "1.1", "title": "New title", "rating": "green", "version": world.action.version,
            "start_date_0": "99999999999999999999", "start_date_1": "1", "start_date_2": "2026"}  # fmt: skip
    response = client.post(path, data)
    assert response.status_code == 200
    assert "Start date must be a real date" in response.content.decode()
    assert Action.objects.get(pk=world.action.pk).title == world.action.title


def test_a_version_out_of_range_is_a_form_error(client, world):
    client.force_login(world.people["administrator"])
    path = reverse("actions:action_edit", args=[world.action.pk])
    data = {"reference": "1.1", "title": "New title", "rating": "green", "version": "99999999999999999999"}
    response = client.post(path, data)
    assert response.status_code == 200
    assert "Open the action again to change it" in response.content.decode()


def test_signing_in_with_an_address_longer_than_any_column_is_a_form_error(db):
    client = Client()
    response = client.post(reverse("login"), {"username": "a" * 300 + "@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert "E-mail address must be 254 characters or fewer" in response.content.decode()


def test_a_calendar_address_with_a_null_character_is_not_found(db):
    assert Client().get("/inspections/calendar/%00/mine.ics").status_code == 404


def test_a_new_password_from_a_reset_link_is_limited_and_says_so(world):
    too_long = "Qz9!" + "x" * LONG_TEXT_MAX_LENGTH
    form = NewPasswordForm(world.people["other officer"], {"new_password1": too_long, "new_password2": too_long})
    assert "New password must be 10,000 characters or fewer" in form.errors["new_password1"]


def test_a_text_area_counts_a_line_break_as_the_one_character_it_is_kept_as(rf):
    from reports.papers.forms import SectionForm

    kept = "\n\n".join(["A paragraph of the section."] * 400)[:LONG_TEXT_MAX_LENGTH]
    # A browser sends each line break of a text area as CR LF: the text is longer as sent than as kept.
    sent = rf.post("/", {"version": "1", "text": kept.replace("\n", "\r\n")}).POST
    assert len(sent["text"]) > LONG_TEXT_MAX_LENGTH
    form = SectionForm(sent)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["text"] == kept
    too_long = SectionForm({"version": "1", "text": kept + "x"})
    assert too_long.errors["text"] == ["Text must be 10,000 characters or fewer"]
