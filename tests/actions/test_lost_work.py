"""Nothing a person typed is lost: the three sequences that used to lose work, done through the pages.

1. A second update for the same month replaced the first, text and evidence gone from page and history.
2. After an edit conflict the refusal page kept the second person's stale values in every field, so pressing
   Save again unchanged wiped the first person's edit.
3. The page said "By Jo Smith" over text that an administrator had revised.
"""
import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from actions.models import Action, ProgressUpdate
from tests.actions.conftest import World
from tests.wsoa.html_forms import read_page

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 18)


def _form(response, *, action_url: str = ""):
    page = read_page(response.content.decode())
    return next(form for form in page.forms if form.method == "post" and form.action in ("", action_url))


def _submit(client, url, form, **typed) -> object:
    """Press the form's button with these fields typed over what the page shows."""
    data = form.submission()
    data.update({name: [value] for name, value in typed.items()})
    return client.post(url, data)


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@time_machine.travel(TODAY, tick=False)
def test_a_second_update_for_the_month_opens_the_first_and_keeps_it_in_the_history(client, world: World):
    jo, admin = world.people["action lead officer"], world.people["administrator"]
    url = reverse("actions:progress_update", args=[world.action.pk])
    client.force_login(jo)
    first = _form(client.get(url))
    _submit(client, url, first, rating="green", narrative="Audit of 20 plans done.", evidence="Audit report v1")

    client.force_login(admin)
    opened = client.get(url)
    assert "Change the update for November 2026" in _text(opened)
    form = _form(opened)
    assert form.submission()["narrative"] == ["Audit of 20 plans done."]  # the form opens with the saved text
    assert form.submission()["evidence"] == ["Audit report v1"]
    _submit(client, url, form, narrative="Audit of 20 plans done; findings to the panel.")

    update = ProgressUpdate.objects.get(action=world.action)
    assert ProgressUpdate.objects.filter(action=world.action).count() == 1
    assert (update.narrative, update.evidence, update.author, update.revised_by) == (
        "Audit of 20 plans done; findings to the panel.", "Audit report v1", jo, admin,
    )
    page = _text(client.get(reverse("actions:action", args=[world.action.pk])))
    assert "By Jo Smith, 18 Nov 2026; revised by" in page and str(admin) in page
    assert "Earlier versions of this update (1)" in page and "Audit of 20 plans done." in page
    assert (
        f"Update for November 2026 revised by {admin}, 18 Nov 2026: narrative “Audit of 20 plans done.” → "
        "“Audit of 20 plans done; findings to the panel.”"
    ) in page


@time_machine.travel(TODAY, tick=False)
def test_a_second_post_that_did_not_open_the_saved_update_replaces_nothing_and_keeps_what_was_typed(
    client, world: World
):
    jo = world.people["action lead officer"]
    url = reverse("actions:progress_update", args=[world.action.pk])
    client.force_login(jo)
    stale = _form(client.get(url))  # opened in a second tab before the first update was saved
    _submit(client, url, _form(client.get(url)), rating="green", narrative="First words", evidence="Minutes")

    refused = _submit(client, url, stale, rating="green", narrative="Second words")
    assert refused.status_code == 200
    text = _text(refused)
    assert "Jo Smith already posted the update for November 2026, shown below. What you typed is kept" in text
    assert "First words" in text and "Minutes" in text
    assert _form(refused).submission()["narrative"] == ["Second words"]
    assert ProgressUpdate.objects.get(action=world.action).narrative == "First words"

    # Saving the refusal page now revises the update, and the first words stay in its history.
    _submit(client, url, _form(refused))
    update = ProgressUpdate.objects.get(action=world.action)
    assert update.narrative == "Second words" and update.version == 2
    assert [record.narrative for record in update.history.order_by("history_date")] == ["First words", "Second words"]


def test_after_an_edit_conflict_saving_the_refusal_page_unchanged_keeps_both_peoples_edits(client, world: World):
    jo, sam = world.people["action lead officer"], world.people["strand's subgroup lead"]
    url = reverse("actions:action_edit", args=[world.action.pk])
    client.force_login(jo)
    jos_form = _form(client.get(url))  # Jo opens the form…
    client.force_login(sam)
    assert _submit(client, url, _form(client.get(url)), title="Sam's clearer title").status_code == 302  # …Sam saves

    client.force_login(jo)
    refused = _submit(client, url, jos_form, due_date_0="31", due_date_1="7", due_date_2="2031")
    assert refused.status_code == 200
    text = _text(refused)
    assert "Someone else changed this action while you were editing it" in text
    assert "with your changes to due date on top" in text
    shown = _form(refused).submission()
    assert shown["title"] == ["Sam's clearer title"] and shown["due_date_2"] == ["2031"]
    assert Action.objects.get(pk=world.action.pk).due_date != date(2031, 7, 31)

    assert _submit(client, url, _form(refused)).status_code == 302  # Save pressed again, nothing touched
    action = Action.objects.get(pk=world.action.pk)
    assert (action.title, action.due_date) == ("Sam's clearer title", date(2031, 7, 31))


def test_an_edit_conflict_on_the_same_field_is_named_and_keeps_this_persons_value(client, world: World):
    jo, sam = world.people["action lead officer"], world.people["strand's subgroup lead"]
    url = reverse("actions:action_edit", args=[world.action.pk])
    client.force_login(jo)
    jos_form = _form(client.get(url))
    client.force_login(sam)
    _submit(client, url, _form(client.get(url)), partners="Schools forum")

    client.force_login(jo)
    refused = _submit(client, url, jos_form, partners="Parent carer forum")
    assert "They changed partners too." in _text(refused)
    assert "Partners: not set → Schools forum, by Sam Okafor" in _text(refused)
    assert _form(refused).submission()["partners"] == ["Parent carer forum"]
