"""Reading area SEND reports (2023 framework), counted by hand: Northshire, Southvale, outcomes and date wordings."""

from datetime import date

import pytest

from inspections.letter import letter_as_dict, parse_letter
from tests.inspections.letters import parsed, read, sections

# Area SEND letters (2023 framework).


@pytest.fixture(scope="module")
def northshire():
    return parsed("northshire_2024.txt")


def test_northshire_is_a_2023_report_with_outcome_3(northshire):
    assert northshire.framework == "2023"
    assert northshire.area_name == "Northshire"
    assert northshire.outcome == 3
    assert northshire.wsoa_required is None
    assert northshire.significant_weaknesses == []


def test_inspection_dates_are_not_confused_with_the_previous_inspection(northshire):
    assert (northshire.inspection_start, northshire.inspection_end) == (date(2024, 3, 4), date(2024, 3, 8))


def test_what_it_is_like_paragraphs_are_the_main_findings(northshire):
    assert len(northshire.main_findings) == 3
    assert northshire.main_findings[0].startswith("Too many children and young people with SEND in Northshire")
    assert northshire.main_findings[2].endswith("say that leaders listen to them.")


def test_effective_and_do_better_bullets_are_strengths_and_areas_for_development(northshire):
    assert sections(northshire.strengths) == {None: 4}
    assert sections(northshire.areas_for_development) == {None: 5}
    assert northshire.areas_for_development[2].text == (
        "Communication with parents and carers is weak. Families do not receive timely responses to their "
        "questions. The parent carer forum is not involved early enough in the development of new services."
    )


def test_priority_actions_keep_the_body_responsible(northshire):
    assert [item.as_text() for item in northshire.priority_actions] == [
        "Northshire County Council and NHS Northshire and Westdale Integrated Care Board: Leaders across the "
        "partnership should urgently improve the timeliness and quality of EHC plans, so that children and "
        "young people’s needs are accurately identified and met, and plans are reviewed and amended when "
        "needs change.",
        "NHS Northshire and Westdale Integrated Care Board: Leaders should reduce the waiting times for "
        "neurodevelopmental assessments and make sure that children and their families receive support while "
        "they wait.",
    ]


def test_areas_for_improvement_from_a_table_and_nothing_after_it(northshire):
    assert len(northshire.areas_for_improvement) == 3
    assert northshire.areas_for_improvement[0].whole.startswith("Leaders across the partnership should improve how")
    assert northshire.areas_for_improvement[2].whole.endswith("so that they can check the impact of their actions.")


def test_the_ofsted_lead_inspector_is_chosen_over_the_cqc_lead(northshire):
    assert northshire.lead_inspector == "Rachel Okafor"


def test_northshire_pdf_with_tables_and_running_footer_reads_the_same_as_its_text(northshire):
    text = read("northshire_2024.pdf")
    assert "area SEND inspection report" in text and "Responsible body" in text
    from_pdf, from_text = letter_as_dict(parse_letter(text)), letter_as_dict(northshire)
    # The PDF knows each item's page; text saved without page breaks or page numbers reads as one page.
    for kind in ("priority_actions", "areas_for_improvement"):
        assert [item.pop("page") for item in from_pdf[kind]] == [3] * len(from_text[kind])
        assert {item.pop("page") for item in from_text[kind]} == {1}
    assert from_pdf == from_text


@pytest.fixture(scope="module")
def southvale_text():
    return read("southvale_2023.txt")


def test_southvale_outcome_1_without_blank_lines_between_paragraphs(southvale_text):
    southvale = parse_letter(southvale_text)
    assert southvale.framework == "2023"
    assert southvale.area_name == "Southvale"  # the title wraps before "Partnership"
    assert southvale.outcome == 1
    assert (southvale.inspection_start, southvale.inspection_end) == (date(2023, 2, 27), date(2023, 3, 3))
    assert len(southvale.main_findings) == 3
    assert len(southvale.strengths) == 3 and len(southvale.areas_for_development) == 2
    assert southvale.priority_actions == []
    assert [item.whole for item in southvale.areas_for_improvement] == [
        "Leaders in the ICB should reduce waiting times for occupational therapy assessments and provide "
        "support to families while they wait.",
        "Leaders across the partnership should improve families’ awareness of the local offer.",
    ]
    assert southvale.lead_inspector == "Lee Hart"
    assert southvale.warnings == [
        "Could not find the letter's date at the top; enter the date the area received the letter."
    ]


OUTCOME_1 = (
    "The local area partnership’s special educational needs and/or disabilities (SEND) arrangements typically\n"
    "lead to positive experiences and outcomes for children and young people with SEND."
)


def test_outcome_2_wording(southvale_text):
    outcome_2 = (
        "The local area partnership’s arrangements lead to inconsistent experiences and outcomes for children\n"
        "and young people with special educational needs and/or disabilities (SEND)."
    )
    text = southvale_text.replace(_outcome_paragraph(southvale_text), outcome_2)
    assert parse_letter(text).outcome == 2


def test_outcome_3_without_priority_actions_is_flagged(southvale_text):
    outcome_3 = (
        "There are widespread and/or systemic failings leading to significant concerns about the experiences\n"
        "and outcomes of children and young people with SEND."
    )
    letter = parse_letter(southvale_text.replace(_outcome_paragraph(southvale_text), outcome_3))
    assert letter.outcome == 3
    assert "The outcome needs a priority action plan but no areas for priority action were found." in (
        letter.warnings
    )


def _outcome_paragraph(text: str) -> str:
    start = text.index("The local area partnership’s special")
    return text[start : text.index("The next full reinspection")].rstrip("\n")


@pytest.mark.parametrize(
    ("dates_line", "start", "end"),
    [
        ("Inspection dates: 4 to 8 March 2024", date(2024, 3, 4), date(2024, 3, 8)),
        ("Inspection dates: 4 March to 8 March 2024", date(2024, 3, 4), date(2024, 3, 8)),
        ("Inspection dates: 27 February to 3 March 2023", date(2023, 2, 27), date(2023, 3, 3)),
        ("Dates of inspection: 4–8 March 2024", date(2024, 3, 4), date(2024, 3, 8)),
        ("Inspection dates: Monday 4 March to Friday 8 March 2024", date(2024, 3, 4), date(2024, 3, 8)),
        ("Inspection dates: 30 December 2024 to 3 January 2025", date(2024, 12, 30), date(2025, 1, 3)),
        ("Inspection dates: 30 December to 3 January 2025", date(2024, 12, 30), date(2025, 1, 3)),
        ("Inspection dates: 4 and\n8 March 2024", date(2024, 3, 4), date(2024, 3, 8)),
    ],
)
def test_inspection_date_wordings(southvale_text, dates_line, start, end):
    letter = parse_letter(southvale_text.replace("Inspection dates: 27 February to 3 March 2023", dates_line))
    assert (letter.inspection_start, letter.inspection_end) == (start, end)


# Title and team-table shapes of published reports, in invented words.


@pytest.mark.parametrize(
    "title",
    [
        "Area SEND inspection of North Westdale Local\n\nArea Partnership",
        "Area SEND inspection of North\n\nWestdale Local Area Partnership",
        "Area SEND inspection of North Westdale Local Area\nPartnership",
        "Area SEND inspection of North Westdale Local",
    ],
)
def test_the_area_is_the_title_without_the_partnership_however_the_title_wraps(title):
    text = read("northshire_2024.txt").replace("Area SEND inspection of Northshire Local Area Partnership", title, 1)
    assert parse_letter(text).area_name == "North Westdale"


@pytest.mark.parametrize(
    "team",
    [
        "Ofsted Care Quality Commission\nAnna Cole HMI, Ofsted Lead inspector Ben Day, CQC Lead inspector\n"
        "Tom Birch, Ofsted HMI Cara Fenn, CQC inspector",
        "Ofsted Care Quality Commission\nMs Anna Cole, Ofsted HMI, lead inspector Ben Day, CQC lead inspector",
        "Ofsted Care Quality Commission\nAnna Cole, Ofsted HMI lead\ninspector\nBen Day, CQC lead inspector",
        "Ofsted\n\nCare Quality Commission\nAnna Cole, Ofsted Lead Inspector Ben Day, CQC Lead Inspector",
    ],
)
def test_the_ofsted_and_cqc_leads_come_from_the_team_table_on_one_line_or_wrapped(team):
    text = read("northshire_2024.txt")
    old_team = text[text.index("Ofsted\nRachel Okafor") : text.index("Nadia Haddad, CQC lead inspector") + 32]
    letter = parse_letter(text.replace(old_team, team))
    assert (letter.lead_inspector, letter.cqc_lead_inspector) == ("Anna Cole", "Ben Day")


# Riverbend: an invented report laid out as published reports are, as text extraction gives them: a narrow
# "Responsible body" column beside the action, a body cell split by a page break, bullets inside items, the
# same body named in every row, and a footer with the page number at the bottom of every page.


@pytest.fixture(scope="module")
def riverbend():
    return parsed("riverbend_2024.txt")


def test_a_body_cell_split_around_the_action_and_a_page_break_is_one_body(riverbend):
    assert [item.responsible_body for item in riverbend.priority_actions] == [
        "Riverbend Borough Council and NHS Riverbend and Lowfield Integrated Care Board",
        "NHS Riverbend and Lowfield Integrated Care Board",
    ]


def test_an_item_keeps_its_bullets_as_a_list_inside_it(riverbend):
    first = riverbend.priority_actions[0]
    assert first.text == (
        "Leaders across the partnership should act with urgency to make sure that the needs of children and young "
        "people are identified early and that families receive help while they wait. They should make sure that:"
    )
    assert first.bullets == (
        "plans are written within 20 weeks and say exactly what help a child will receive",
        "annual reviews change plans when needs change.",
    )
    assert first.as_text().splitlines()[1:] == [f"• {bullet}" for bullet in first.bullets]


def test_areas_for_improvement_split_where_a_sentence_names_who_must_act(riverbend):
    assert [item.text[:40] for item in riverbend.areas_for_improvement] == [
        "Leaders across the partnership should im",
        "Leaders across the partnership should ch",
        "Health leaders should make sure that:",
    ]
    assert riverbend.areas_for_improvement[1].text.endswith("Leaders should share what they learn with schools.")
    # A bullet list running over a page break stays with its item; the footer is not an item.
    assert riverbend.areas_for_improvement[2].bullets == (
        "waiting lists are checked every month",
        "families are told how long they are likely to wait.",
    )


def test_each_item_knows_its_page_from_the_footers(riverbend):
    assert [item.page for item in riverbend.priority_actions + riverbend.areas_for_improvement] == [3, 4, 4, 4, 4]


def test_a_repeated_body_name_is_not_dropped_as_page_furniture():
    row = "NHS Riverbend and \nLowfield Integrated Care \nBoard \nLeaders should check how long families wait. \n"
    text = read("riverbend_2024.txt").replace("Areas for improvement  \n", row * 3 + "Areas for improvement  \n", 1)
    letter = parse_letter(text)
    assert [item.responsible_body for item in letter.priority_actions[1:]] == [
        "NHS Riverbend and Lowfield Integrated Care Board"
    ] * 4
    assert letter.priority_actions[-1].text == "Leaders should check how long families wait."


def test_riverbend_facts_come_from_its_title_and_team_table(riverbend):
    assert (riverbend.area_name, riverbend.outcome) == ("Riverbend", 3)
    assert (riverbend.lead_inspector, riverbend.cqc_lead_inspector) == ("Mira Patel", "Owen Blake")


def test_the_bodies_jointly_responsible_come_from_the_information_about_the_partnership(northshire, riverbend):
    assert northshire.jointly_responsible == [
        ("Northshire County Council", "council"), ("NHS Northshire and Westdale Integrated Care Board", "icb")
    ]
    assert riverbend.jointly_responsible == [
        ("Riverbend Borough Council", "council"), ("NHS Riverbend and Lowfield Integrated Care Board", "icb")
    ]


def test_a_london_borough_is_the_council_and_an_icb_named_short_is_an_icb():
    from inspections.letter_facts import jointly_responsible

    flat = (
        "The London Borough of Eastfield and NHS Eastfield and Westmere ICB are responsible for the planning and "
        "commissioning of services for children and young people with SEND in Eastfield."
    )
    assert jointly_responsible(flat) == [
        ("London Borough of Eastfield", "council"), ("NHS Eastfield and Westmere ICB", "icb")
    ]


def test_areas_for_improvement_set_as_bullets_with_no_introduction_are_one_item_each(riverbend):
    text = read("riverbend_2024.txt")
    start = text.index("Leaders across the partnership should improve how they talk")
    end = text.index("Local area partnership details")
    bulleted = (
        "• Leaders should improve how they talk with families.\n"
        "• Leaders should check the quality of plans and use what\nthey find.\n"
        "• Health leaders should check waiting lists every month.\n"
    )
    letter = parse_letter(text[:start] + bulleted + text[end:])
    assert [(item.text, item.bullets) for item in letter.areas_for_improvement] == [
        ("Leaders should improve how they talk with families.", ()),
        ("Leaders should check the quality of plans and use what they find.", ()),
        ("Health leaders should check waiting lists every month.", ()),
    ]
