"""Administrators invite people, change and move their roles and deactivate them on the People pages; nobody
gives a role above their own, and the invitation link works once, for a week."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.actions.factories import OfficerFactory, UserFactory
from tests.conftest import PASSWORD
from tests.inspections.factories import LocalAreaFactory
from wsoa.models import Membership, OutgoingEmail, User
from wsoa.outbox import email_queue
from wsoa.roles import ROLE_ORDER, Role, grantable_roles

pytestmark = pytest.mark.django_db

DAY = datetime(2026, 3, 16, 10, 0, tzinfo=UTC)  # a Monday
NEW_PASSWORD = "a-new-long-password-4-tests"


@pytest.fixture
def areas(db):
    return {"home": LocalAreaFactory(name="Betaford"), "other": LocalAreaFactory(name="Alphaville")}


@pytest.fixture
def administrator(areas):
    return UserFactory(first_name="Asha", last_name="Patel", roles=[Role.ADMINISTRATOR], roles__areas=[areas["home"]])


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def _invite(client, home, **changes):
    data = {"email": "sam.okafor@betaford.example.org", "first_name": "Sam", "last_name": "Okafor",
            "job_title": "", "organisation": "", "area": home.pk, "role": Role.SUBGROUP_LEAD, **changes}
    return client.post(reverse("person_invite"), data)


def _link_in(body: str) -> str:
    return re.search(r"https?://\S+/invitation/\S+/", body).group(0)


def _rows() -> tuple[int, ...]:
    return (User.objects.count(), Membership.objects.count(), Membership.history.count(), User.history.count(),
            OutgoingEmail.objects.count())


# --- the order of roles -------------------------------------------------------------------------------------


def test_an_administrator_gives_every_role_below_their_own_and_a_superuser_every_role(areas, administrator):
    area = areas["home"].pk
    assert grantable_roles(administrator, area) == list(ROLE_ORDER[:-1])
    assert Role.ADMINISTRATOR not in grantable_roles(administrator, area)
    assert grantable_roles(administrator, areas["other"].pk) == []
    root = User.objects.create_superuser("root@test.example.org", PASSWORD)
    assert grantable_roles(root, area) == list(ROLE_ORDER)


def test_a_subgroup_lead_gives_only_the_officer_role_and_an_officer_none(areas):
    lead = UserFactory(roles=[Role.SUBGROUP_LEAD], roles__areas=[areas["home"]])
    officer = OfficerFactory(roles__areas=[areas["home"]])
    assert grantable_roles(lead, areas["home"].pk) == [Role.OFFICER]
    assert grantable_roles(officer, areas["home"].pk) == []


# --- inviting -----------------------------------------------------------------------------------------------


def test_an_invitation_makes_an_account_without_a_password_and_e_mails_the_link(
    admin_client, areas, administrator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(admin_client, areas["home"])
    person = User.objects.get(email="sam.okafor@betaford.example.org")
    assert response.status_code == 302 and response["Location"] == reverse("person", args=[person.pk])
    assert not person.has_usable_password() and person.is_active and not person.is_staff
    membership = person.memberships.get()
    assert (membership.area, membership.role) == (areas["home"], Role.SUBGROUP_LEAD)
    record = membership.history.get()
    assert record.history_user == administrator
    assert record.history_change_reason == "Invited as Subgroup lead in Betaford"
    assert person.history.get().history_change_reason == "Invited as Subgroup lead in Betaford"
    email = OutgoingEmail.objects.get(reason=OutgoingEmail.Reason.INVITATION)
    assert email.status == OutgoingEmail.Status.SENT and email.area == areas["home"]
    [sent] = mail.outbox
    assert sent.to == [person.email] and "Betaford" in sent.subject
    assert "Asha Patel has invited you" in sent.body and "as Subgroup lead" in sent.body
    page = admin_client.get(reverse("person", args=[person.pk])).content.decode()
    assert "Invited" in page and "Subgroup lead" in page


def test_the_invited_person_chooses_a_password_once_and_signs_in(
    client, admin_client, areas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(admin_client, areas["home"])
    link = _link_in(mail.outbox[0].body)
    visitor = type(client)()
    form_page = visitor.get(link, follow=True)
    assert "Choose your password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    saved = visitor.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
                         follow=True)
    assert "Your password is saved" in saved.content.decode()
    person = User.objects.get(email="sam.okafor@betaford.example.org")
    assert person.check_password(NEW_PASSWORD)
    assert person.history.latest().history_change_reason == "Password chosen from the invitation"
    signed_in = visitor.post(reverse("login"), {"username": person.email, "password": NEW_PASSWORD}, follow=True)
    assert signed_in.redirect_chain[-1][0] == reverse("home")
    again = type(client)().get(link, follow=True).content.decode()
    assert "This invitation link no longer works" in again
    # The same browser, sending the form again to the address it was on: refused, the password stays.
    resent = visitor.post(set_password_url, {"new_password1": "x-another-password-1", "new_password2":
                                             "x-another-password-1"})
    assert "This invitation link no longer works" in resent.content.decode()
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_an_invitation_link_expires_after_a_week_and_a_newer_one_ends_it(
    client, admin_client, areas, administrator, django_capture_on_commit_callbacks
):
    with time_machine.travel(DAY, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            _invite(admin_client, areas["home"])
        first = _link_in(mail.outbox[0].body)
    with time_machine.travel(DAY + timedelta(days=6, hours=23), tick=False):
        assert "Choose your password" in client.get(first, follow=True).content.decode()
    with time_machine.travel(DAY + timedelta(days=7, minutes=1), tick=False):
        expired = client.get(first, follow=True).content.decode()
        assert "This invitation link no longer works" in expired
        posted = client.post(first, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        assert "This invitation link no longer works" in posted.content.decode()
        person = User.objects.get(email="sam.okafor@betaford.example.org")
        assert not person.has_usable_password()
        # Invited again (with another role): a new link, and the first one is over for good.
        admin_client.force_login(administrator)  # a week later, the administrator signs in again
        with django_capture_on_commit_callbacks(execute=True):
            _invite(admin_client, areas["home"], role=Role.BOARD_CHAIR)
        second = _link_in(mail.outbox[1].body)
        assert second != first
        assert "Choose your password" in type(client)().get(second, follow=True).content.decode()
        assert "no longer works" in type(client)().get(first, follow=True).content.decode()


def test_a_tampered_or_another_persons_link_is_refused(client, admin_client, areas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(admin_client, areas["home"])
        _invite(admin_client, areas["home"], email="jo@betaford.example.org", first_name="Jo", last_name="Smith")
    sam, jo = _link_in(mail.outbox[0].body), _link_in(mail.outbox[1].body)
    sams_uid, jos_token = sam.split("/")[-3], jo.split("/")[-2]
    crossed = sam.replace(sam.split("/")[-2], jos_token)
    assert sams_uid and "no longer works" in client.get(crossed, follow=True).content.decode()
    assert "no longer works" in client.get(sam[:-3] + "xx/", follow=True).content.decode()


def _people_forms(person: User) -> list[tuple[str, dict]]:
    """Every People page that takes a form, for ``person`` and their first role, with what a form would send."""
    membership = person.memberships.first()
    return [
        (reverse("person_role_add", args=[person.pk]), {"add-area": membership.area_id, "add-role": Role.BOARD_CHAIR}),
        (reverse("person_active", args=[person.pk]), {"active": "no", "reason": "Left"}),
        (reverse("membership_edit", args=[membership.pk]), {"area": membership.area_id, "role": Role.BOARD_CHAIR}),
        (reverse("membership_remove", args=[membership.pk]), {}),
    ]


@pytest.mark.parametrize("role", [role for role in Role.values if role != Role.ADMINISTRATOR])
def test_only_administrators_reach_the_people_pages(client, areas, role):
    client.force_login(UserFactory(roles=[role], roles__areas=[areas["home"]]))
    colleague = OfficerFactory(roles__areas=[areas["home"]])
    before = _rows()
    assert client.get(reverse("people")).status_code == 403
    assert client.get(reverse("person_invite")).status_code == 403
    assert _invite(client, areas["home"], role=Role.OFFICER).status_code == 403
    # A person of their own area is not found through pages that only administrators reach.
    assert client.get(reverse("person", args=[colleague.pk])).status_code == 404
    for url, data in _people_forms(colleague):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, data).status_code == 404, url
    assert _rows() == before
    colleague.refresh_from_db()
    assert colleague.is_active


def test_flags_posted_to_every_people_form_change_no_flag(admin_client, areas, administrator):
    officer = OfficerFactory(roles__areas=[areas["home"]])
    flags = {"is_superuser": "on", "is_staff": "on", "user_permissions": "1", "groups": "1"}
    for url, data in _people_forms(officer):
        assert admin_client.post(url, {**data, **flags}).status_code in (200, 302), url
    for person in (officer, administrator):
        person.refresh_from_db()
        assert not person.is_superuser and not person.is_staff
        assert not person.user_permissions.exists() and not person.groups.exists()


def test_the_invite_form_offers_only_the_roles_and_areas_the_administrator_may_give(admin_client, areas):
    page = admin_client.get(reverse("person_invite")).content.decode()
    assert "Betaford" in page and "Alphaville" not in page
    assert '<option value="Administrator"' not in page and '<option value="Subgroup lead"' in page


@pytest.mark.parametrize("hostile", [
    {"role": Role.ADMINISTRATOR},
    {"area": "other"},
    {"role": "Superuser"},
    {"area": "999999"},
], ids=["administrator role", "another area", "no such role", "no such area"])
def test_hostile_invitations_are_refused_on_the_form_and_change_nothing(admin_client, areas, hostile):
    hostile = {**hostile}
    if hostile.get("area") == "other":
        hostile["area"] = areas["other"].pk
    before = _rows()
    response = _invite(admin_client, areas["home"], **hostile)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert ("Choose one of the roles you can give" in page) or ("Choose one of your local areas" in page)
    assert _rows() == before


def test_flags_posted_with_an_invitation_are_ignored(admin_client, areas):
    _invite(admin_client, areas["home"], is_superuser="on", is_staff="on", is_active="off", groups="1")
    person = User.objects.get(email="sam.okafor@betaford.example.org")
    assert not person.is_superuser and not person.is_staff and person.is_active


def test_only_a_superuser_makes_an_administrator(client, areas):
    client.force_login(User.objects.create_superuser("root@test.example.org", PASSWORD))
    assert _invite(client, areas["home"], role=Role.ADMINISTRATOR).status_code == 302
    person = User.objects.get(email="sam.okafor@betaford.example.org")
    assert person.memberships.get().role == Role.ADMINISTRATOR and not person.is_staff


def test_invitations_are_limited_per_address_and_per_inviter(admin_client, areas, settings):
    settings.INVITATION_LIMIT_PER_ADDRESS, settings.INVITATION_LIMIT_PER_INVITER = 2, 3
    roles = [Role.OFFICER, Role.SUBGROUP_LEAD, Role.BOARD_CHAIR]
    assert [_invite(admin_client, areas["home"], role=role).status_code for role in roles] == [302, 302, 429]
    refused = _invite(admin_client, areas["home"], role=Role.REGIONAL_ADVISER)
    assert refused.status_code == 429 and "Too many invitations" in refused.content.decode()
    assert _invite(admin_client, areas["home"], email="jo@betaford.example.org").status_code == 302
    assert _invite(admin_client, areas["home"], email="kim@betaford.example.org").status_code == 429
    assert not User.objects.filter(email="kim@betaford.example.org").exists()
    assert OutgoingEmail.objects.filter(reason=OutgoingEmail.Reason.INVITATION).count() == 3


# --- changing, moving and taking away roles; deactivating -----------------------------------------------------


@pytest.fixture
def both_areas_administrator(client, areas):
    person = UserFactory(roles=[Role.ADMINISTRATOR], roles__areas=[areas["home"], areas["other"]])
    client.force_login(person)
    return person


def test_an_administrator_moves_a_role_to_another_of_their_areas_and_changes_it(
    client, areas, both_areas_administrator
):
    officer = OfficerFactory(roles__areas=[areas["home"]])
    membership = officer.memberships.get()
    url = reverse("membership_edit", args=[membership.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"area": areas["other"].pk, "role": Role.SUBGROUP_LEAD})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.area, membership.role) == (areas["other"], Role.SUBGROUP_LEAD)
    record = membership.history.latest()
    assert record.history_user == both_areas_administrator
    assert record.history_change_reason == (
        "Moved from Betaford to Alphaville; Role changed from SEND officer (action lead) to Subgroup lead"
    )


def test_a_role_cannot_be_raised_above_the_editors_nor_moved_to_an_area_they_do_not_administer(
    admin_client, areas
):
    officer = OfficerFactory(roles__areas=[areas["home"]])
    membership = officer.memberships.get()
    url = reverse("membership_edit", args=[membership.pk])
    for data in ({"area": areas["home"].pk, "role": Role.ADMINISTRATOR},
                 {"area": areas["other"].pk, "role": Role.OFFICER}):
        response = admin_client.post(url, data)
        assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    membership.refresh_from_db()
    assert (membership.area, membership.role) == (areas["home"], Role.OFFICER)
    assert membership.history.count() == 1


def test_another_administrators_role_and_another_areas_people_are_out_of_reach(admin_client, areas):
    colleague = UserFactory(roles=[Role.ADMINISTRATOR], roles__areas=[areas["home"]])
    stranger = OfficerFactory(roles__areas=[areas["other"]])
    admins_role, strangers_role = colleague.memberships.get(), stranger.memberships.get()
    assert admin_client.get(reverse("membership_edit", args=[admins_role.pk])).status_code == 403
    assert admin_client.post(reverse("membership_remove", args=[admins_role.pk])).status_code == 403
    assert admin_client.post(reverse("person_active", args=[colleague.pk]), {"active": "no"}).status_code == 403
    for url in (reverse("person", args=[stranger.pk]), reverse("membership_edit", args=[strangers_role.pk])):
        assert admin_client.get(url).status_code == 404
    assert admin_client.post(reverse("membership_remove", args=[strangers_role.pk])).status_code == 404
    assert admin_client.post(reverse("person_active", args=[stranger.pk]), {"active": "no"}).status_code == 404
    colleague.refresh_from_db()
    stranger.refresh_from_db()
    assert colleague.is_active and stranger.is_active
    assert Membership.objects.filter(pk__in=[admins_role.pk, strangers_role.pk]).count() == 2


def test_an_administrator_cannot_change_their_own_roles_or_deactivate_themselves(admin_client, administrator):
    own = administrator.memberships.get()
    assert admin_client.post(reverse("membership_remove", args=[own.pk])).status_code == 403
    assert admin_client.post(reverse("person_active", args=[administrator.pk]), {"active": "no"}).status_code == 403
    administrator.refresh_from_db()
    assert administrator.is_active and administrator.memberships.count() == 1


def test_a_role_taken_away_is_recorded(admin_client, areas, administrator):
    officer = OfficerFactory(roles__areas=[areas["home"]], roles=[Role.OFFICER, Role.BOARD_CHAIR])
    chair = officer.memberships.get(role=Role.BOARD_CHAIR)
    assert admin_client.post(reverse("membership_remove", args=[chair.pk])).status_code == 302
    assert list(officer.memberships.values_list("role", flat=True)) == [Role.OFFICER]
    record = Membership.history.filter(id=chair.pk, history_type="-").get()
    assert record.history_user == administrator
    assert record.history_change_reason == "Role taken away: Board chair in Betaford"


def test_a_role_given_on_the_persons_page_is_checked_and_recorded(admin_client, areas, administrator):
    officer = OfficerFactory(roles__areas=[areas["home"]])
    url = reverse("person_role_add", args=[officer.pk])
    refused = admin_client.post(url, {"add-area": areas["home"].pk, "add-role": Role.ADMINISTRATOR})
    assert refused.status_code == 200 and "Choose one of the roles you can give" in refused.content.decode()
    assert admin_client.post(url, {"add-area": areas["home"].pk, "add-role": Role.BOARD_CHAIR}).status_code == 302
    given = officer.memberships.get(role=Role.BOARD_CHAIR)
    assert given.history.get().history_change_reason == "Role given: Board chair in Betaford"


def test_a_person_with_a_role_in_another_area_is_deactivated_only_by_someone_administering_both(
    client, admin_client, areas, both_areas_administrator
):
    priya = OfficerFactory(roles__areas=[areas["home"], areas["other"]])
    single = UserFactory(roles=[Role.ADMINISTRATOR], roles__areas=[areas["home"]])
    client.force_login(single)
    assert client.post(reverse("person_active", args=[priya.pk]), {"active": "no"}).status_code == 403
    client.force_login(both_areas_administrator)
    response = client.post(reverse("person_active", args=[priya.pk]), {"active": "no", "reason": "Left the ICB"})
    assert response.status_code == 302
    priya.refresh_from_db()
    assert not priya.is_active
    assert priya.history.latest().history_change_reason == "Deactivated: Left the ICB"
    assert priya.history.latest().history_user == both_areas_administrator


def test_a_deactivated_person_cannot_sign_in_gets_no_e_mail_and_keeps_their_history(admin_client, areas):
    client = Client()
    officer = OfficerFactory(roles__areas=[areas["home"]], email="jo@betaford.example.org")
    assert admin_client.post(reverse("person_active", args=[officer.pk]), {"active": "no"}).status_code == 302
    signed_in = client.post(reverse("login"), {"username": officer.email, "password": PASSWORD})
    assert signed_in.status_code == 200 and "_auth_user_id" not in client.session
    assert email_queue(to=["Jo@Betaford.example.org"], subject="Reminder", body="x", reason="update_reminder") is None
    both = email_queue(to=[officer.email, "kim@betaford.example.org"], subject="Reminder", body="x",
                       reason="update_reminder")
    assert both.to == ["kim@betaford.example.org"]
    assert officer.memberships.count() == 1  # kept, so reactivating restores what they did
    people = admin_client.get(reverse("people")).content.decode()
    assert "Deactivated" in people
    assert admin_client.post(reverse("person_active", args=[officer.pk]), {"active": "yes"}).status_code == 302
    officer.refresh_from_db()
    assert officer.is_active and officer.history.latest().history_change_reason == "Reactivated"


def test_a_deactivated_person_who_is_signed_in_is_signed_out(admin_client, areas):
    officer, client = OfficerFactory(roles__areas=[areas["home"]]), Client()
    client.force_login(officer)
    assert client.get(reverse("home")).status_code == 200
    admin_client.post(reverse("person_active", args=[officer.pk]), {"active": "no"})
    assert client.get(reverse("home")).status_code == 302


def test_the_people_list_shows_only_the_administrators_areas_with_roles_in_words(
    admin_client, areas, django_assert_max_num_queries
):
    for n in range(5):
        OfficerFactory(first_name=f"Officer{n}", roles__areas=[areas["home"]])
    OfficerFactory(first_name="Both", roles__areas=[areas["home"], areas["other"]])
    OfficerFactory(first_name="Stranger", roles__areas=[areas["other"]])
    with django_assert_max_num_queries(12):
        page = admin_client.get(reverse("people")).content.decode()
    assert "Officer4" in page and "Both" in page and "Stranger" not in page
    assert "SEND officer (action lead) in Betaford" in page and "and 1 role in other areas" in page
    assert "Alphaville" not in page
