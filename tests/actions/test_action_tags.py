"""The rating tag and the due date as the plan's pages draw them: exact markup, words always, text escaped."""
from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from actions.models import Action, Plan, ProgressUpdate, Strand
from actions.overview import StrandSummary, WeaknessGroup
from actions.ratings import DEFAULT_LEGEND, LegendEntry
from actions.selectors import RatingCount
from inspections.models import SignificantWeakness
from wsoa.models import User

TODAY = date(2025, 6, 16)


def _render(source: str, **context) -> str:
    return Template("{% load action_tags %}" + source).render(Context(context))


def test_a_worse_rating_prints_its_words_colour_and_reason():
    html = _render("{% rating_tag 'amber' legend reason %}", legend=DEFAULT_LEGEND, reason="Panel cancelled")
    assert html == (
        '<strong class="govuk-tag govuk-tag--yellow app-rating-tag">Amber – some risk</strong>\n'
        '<span class="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0 '
        'app-rating-reason">Why it got worse: Panel cancelled</span>'
    )


def test_blue_takes_the_plain_tag_and_no_reason_line_without_a_reason():
    html = _render("{% rating_tag 'blue' legend '' %}", legend=DEFAULT_LEGEND)
    assert html == '<strong class="govuk-tag app-rating-tag">Blue – complete</strong>'


def test_the_rating_tag_escapes_the_label_and_the_reason():
    legend = (LegendEntry(key="red", label="Red <b>& late</b>", colour="red", severity=3),)
    html = _render("{% rating_tag 'red' legend reason %}", legend=legend, reason='<script>alert("x")</script>')
    assert "<b>" not in html and "<script>" not in html
    assert ">Red &lt;b&gt;&amp; late&lt;/b&gt;</strong>" in html
    assert "Why it got worse: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        (Action(ongoing=True), "Ongoing"),
        (Action(), "Not set"),
        (Action(due_date=date(2025, 6, 15)), '15 Jun 2025 <strong class="govuk-tag govuk-tag--red">Overdue</strong>'),
        (Action(due_date=date(2025, 6, 15), completed_on=date(2025, 6, 1)), "15 Jun 2025"),
        (Action(due_date=TODAY), "16 Jun 2025"),
        (Action(due_date=date(2026, 1, 2)), "2 Jan 2026"),
    ],
    ids=["ongoing", "no due date", "overdue", "completed late", "due today", "due later"],
)
def test_the_due_date_says_ongoing_not_set_or_the_day_and_marks_an_open_action_overdue(action, expected):
    assert _render("{% due action today %}", action=action, today=TODAY) == expected


def test_without_today_no_action_is_called_overdue():
    assert _render("{% due action today %}", action=Action(due_date=date(2020, 1, 1))) == "1 Jan 2020"


@pytest.mark.parametrize("name", ["actions:action", "actions:progress_update", "actions:strand", "actions:plan"])
def test_a_link_to_a_page_taking_an_id_is_what_url_gives(name):
    for pk in (1, 7, 40213):
        assert _render("{% pk_url name pk %}", name=name, pk=pk) == reverse(name, args=[pk])


def test_a_link_keeps_the_script_prefix_the_site_is_served_under():
    set_script_prefix("/plans-service/")
    try:
        assert _render("{% pk_url 'actions:action' 12 %}") == "/plans-service/plan/actions/12/"
    finally:
        set_script_prefix("/")


def test_a_table_row_of_an_action_links_it_and_escapes_what_people_typed():
    action = Action(pk=5, reference="2.<1>", title='Hold "panels" & <b>listen</b>', lead_name="A <i>Lead</i>",
                    rating="red", rating_reason="Late & <short>", due_date=date(2025, 7, 1))
    html = _render("{% action_rows actions legend today %}", actions=[action], legend=DEFAULT_LEGEND, today=TODAY)
    assert html == (
        '<tr class="govuk-table__row"><td class="govuk-table__cell" data-label="Ref">2.&lt;1&gt;</td>'
        '<th scope="row" class="govuk-table__header"><a class="govuk-link" href="/plan/actions/5/">'
        "Hold &quot;panels&quot; &amp; &lt;b&gt;listen&lt;/b&gt;</a></th>"
        '<td class="govuk-table__cell" data-label="Lead">A &lt;i&gt;Lead&lt;/i&gt;</td>'
        '<td class="govuk-table__cell" data-label="Due">1 Jul 2025</td>'
        '<td class="govuk-table__cell" data-label="Rating"><strong class="govuk-tag govuk-tag--red app-rating-tag">'
        "Red – significant risk/off track</strong>\n"
        '<span class="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0 '
        'app-rating-reason">Why it got worse: Late &amp; &lt;short&gt;</span></td></tr>\n'
    )


def test_on_a_strands_page_each_row_says_the_month_of_the_last_update():
    updated, never = Action(pk=1, reference="1.1", title="A"), Action(pk=2, reference="1.2", title="B")
    updated.last_update, never.last_update = date(2025, 5, 1), None
    html = _render("{% action_rows actions legend today last_update=strand %}", actions=[updated, never],
                   legend=DEFAULT_LEGEND, today=TODAY, strand="a strand")
    assert '<td class="govuk-table__cell" data-label="Last update">May 2025</td></tr>' in html
    assert '<td class="govuk-table__cell" data-label="Last update">None yet</td></tr>' in html
    assert "Not set" in html  # no lead, no due date
    assert "May 2025" not in _render("{% action_rows actions legend today %}", actions=[updated],
                                     legend=DEFAULT_LEGEND, today=TODAY)


def test_a_row_of_the_overview_links_the_strand_and_counts_its_actions():
    strand = Strand(pk=3, number=2, title="Joint <commissioning>")
    counts = [RatingCount(entry, n) for entry, n in zip(DEFAULT_LEGEND, (4, 0, 2, 1, 0), strict=True)]
    summary = StrandSummary(strand=strand, counts=counts, total=7, overdue=1)
    html = _render("{% strand_rows strands %}", strands=[summary])
    number = '<td class="govuk-table__cell govuk-table__cell--numeric">'
    assert html == (
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
        '<a class="govuk-link" href="/plan/strands/3/">2. Joint &lt;commissioning&gt;</a></th>'
        '<td class="govuk-table__cell">Not set</td>'
        + "".join(f"{number}{n}</td>" for n in (4, 0, 2, 1, 0, 1, 7)) + "</tr>\n"
    )


def test_an_update_card_says_its_month_rating_texts_and_byline_and_escapes_what_people_typed():
    update = ProgressUpdate(
        month=date(2025, 5, 1), rating="red", narrative="Line one <b>\nline & two", evidence="<i>minutes</i>",
        reason_for_worse_rating="Panel <cancelled>", author=User(first_name="Jo", last_name="<Smith>"),
        created_at=datetime(2025, 5, 30, 9, tzinfo=UTC),
    )
    update.earlier_versions = []
    html = _render("{% update_cards updates legend %}", updates=[update], legend=DEFAULT_LEGEND)
    assert '<h3 class="govuk-summary-card__title">May 2025</h3>' in html
    assert "Why it got worse: Panel &lt;cancelled&gt;</span></p>" in html
    assert '<p class="govuk-body">Line one &lt;b&gt;<br>line &amp; two</p>' in html
    assert '<p class="govuk-body"><strong>Evidence:</strong> &lt;i&gt;minutes&lt;/i&gt;</p>' in html
    assert "By Jo &lt;Smith&gt;, 30 May 2025</p>" in html
    assert "<b>" not in html and "<i>" not in html and "Earlier versions" not in html


def test_an_action_with_no_updates_says_so():
    assert _render("{% update_cards updates legend %}", updates=[], legend=DEFAULT_LEGEND) == (
        '<p class="govuk-body">No updates yet.</p>'
    )


def test_the_overview_draws_each_weakness_with_its_strands_and_the_strands_answering_none():
    plan = Plan(section_label="workstream")
    answered = SignificantWeakness(pk=7, kind="asw", number=2, title="Waits <long>")
    unanswered = SignificantWeakness(pk=8, kind="asw", number=3, title="Transitions")
    strand = Strand(pk=3, number=1, title="Joint <commissioning>")
    counts = [RatingCount(entry, 1) for entry in DEFAULT_LEGEND]
    summary = StrandSummary(strand=strand, counts=counts, total=5, overdue=0)
    groups = [WeaknessGroup(answered, [summary]), WeaknessGroup(unanswered, []), WeaknessGroup(None, [summary])]
    html = _render("{% weakness_groups groups plan past %}", groups=groups, plan=plan, past=None)
    assert '<span class="govuk-caption-m">Area of significant weakness 2</span>Waits &lt;long&gt;</h2>' in html
    evidence = reverse("actions:weakness_evidence", args=[7])
    assert f'href="{evidence}">Evidence for area of significant weakness 2</a>' in html
    assert "Workstreams answering area of significant weakness 2, with the number of actions at each rating" in html
    assert '<a class="govuk-link" href="/plan/strands/3/">1. Joint &lt;commissioning&gt;</a>' in html
    assert '<p class="govuk-body">No workstream answers this weakness yet.</p>' in html
    assert '<h2 class="govuk-heading-m">Workstreams not linked to a weakness</h2>' in html
    assert html.count('<th scope="col" class="govuk-table__header govuk-table__header--numeric">') == 2 * (5 + 2)
    assert "<long>" not in html and "<commissioning>" not in html
