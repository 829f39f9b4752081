"""Reading joint area SEND letters (2016 framework), counted by hand: Barnsley, Westmoor and Eastholm."""

import json
import re
from datetime import date

import pytest

from inspections.letter import Finding, letter_as_dict, parse_letter
from tests.inspections.letters import FURNITURE_IN_ITEMS, every_item, mini_2016, parsed, read, sections

# Barnsley, 2021: the published letter (2016 framework, two areas of significant weakness).


@pytest.fixture(scope="module")
def barnsley():
    return parsed("barnsley_2021.txt")


def test_barnsley_is_a_2016_letter_for_the_inspection_week_of_20_to_24_september_2021(barnsley):
    assert barnsley.framework == "2016"
    assert barnsley.area_name == "Barnsley"
    assert (barnsley.inspection_start, barnsley.inspection_end) == (date(2021, 9, 20), date(2021, 9, 24))


def test_barnsley_has_twelve_main_findings(barnsley):
    assert len(barnsley.main_findings) == 12
    assert barnsley.main_findings[0].startswith("Area leaders were slow to implement the 2014 reforms.")
    assert barnsley.main_findings[-1].startswith("The post-16 education and training offer is effective.")


def test_barnsley_strengths_and_areas_for_development_are_counted_per_section(barnsley):
    assert sections(barnsley.strengths) == {"identifying": 6, "meeting": 8, "improving": 4}
    assert sections(barnsley.areas_for_development) == {"identifying": 5, "meeting": 5, "improving": 3}
    assert barnsley.strengths[0] == Finding(
        "identifying",
        "Area leaders use data to forecast the need for, and improve the effectiveness of, health and "
        "children’s services. For example, health leaders redesigned the autism spectrum disorder diagnosis "
        "pathway to address long waiting times.",
    )
    assert barnsley.areas_for_development[5].text.startswith("Too many children wait too long for support")
    assert barnsley.areas_for_development[5].section == "meeting"


def test_barnsley_names_exactly_two_areas_of_significant_weakness(barnsley):
    assert barnsley.wsoa_required is True
    assert barnsley.significant_weaknesses == [
        "The engagement of, and communication with, parents and carers. Area leaders need to ensure that the "
        "lived experience of families is influencing their strategic plans for services and provision.",
        "Improving the identification of, and provision for, children and young people with SEND but without "
        "an EHC plan.",
    ]


def test_a_bullet_wrapped_over_several_lines_becomes_one_paragraph(barnsley):
    # The extracted text starts this bullet's fifth line with a stray space: still the same item.
    assert barnsley.main_findings[5] == (
        "Outcomes for children and young people who have EHC plans are positive. Their placements are "
        "ambitious and meet their needs. However, the attainment, attendance and level of exclusions for "
        "pupils at SEND support are weak. The support provided to many pupils at SEND support does not meet "
        "their needs well. Area leaders have developed training and monitoring systems to improve the help "
        "given to pupils at the SEND support stage. This work is not yet embedded."
    )


def test_a_full_line_ending_a_sentence_does_not_split_the_item(barnsley):
    early_years = barnsley.strengths[2].text
    assert early_years.startswith("Early years providers appreciate termly meetings")
    assert "get involved quickly when needed. Over the past 18 months, COVID-19" in early_years
    assert early_years.endswith("There is a plan in place to address these gaps.")


def test_a_paragraph_without_a_bullet_after_a_short_line_is_its_own_item(barnsley):
    improving = [finding.text for finding in barnsley.areas_for_development if finding.section == "improving"]
    assert improving[1].endswith("There is no measurable impact yet.")
    assert improving[2] == (
        "There are insufficient opportunities in the area for children and young people with SEND to "
        "socialise with their peers. This is limiting the development of social skills that will help "
        "children and young people with SEND prepare for adulthood."
    )


def test_headings_and_page_numbers_do_not_leak_into_barnsley_items(barnsley):
    items = every_item(barnsley)
    assert len(items) == 12 + 18 + 13 + 2
    assert [item for item in items if FURNITURE_IN_ITEMS.search(item)] == []
    assert all("  " not in item and item == item.strip() for item in items)


def test_barnsley_lead_inspector_is_the_hmi_who_signed_despite_the_shuffled_signature_table(barnsley):
    assert barnsley.lead_inspector == "Patricia Head"


def test_barnsley_extract_has_no_letter_date_and_the_warning_says_what_to_enter(barnsley):
    assert barnsley.letter_date is None
    assert barnsley.outcome is None
    assert barnsley.warnings == [
        "Could not find the letter's date at the top; enter the date the area received the letter."
    ]


def test_barnsley_pdf_with_square_bullets_and_letterhead_reads_the_same_as_its_text():
    text = read("barnsley_2021.pdf")
    # The rendering really does carry bullets, Ofsted's letterhead and page footers to be removed.
    assert text.count("◼") == 44
    assert "Piccadilly Gate" in text and "Page 2 of" in text and "\f" in text
    assert letter_as_dict(parse_letter(text)) == letter_as_dict(parsed("barnsley_2021.txt"))


def test_pdf_reads_the_same_without_its_paragraph_gaps():
    # Other extractors give no blank lines between paragraphs; line lengths must be enough.
    without_gaps = re.sub(r"\n\s*\n", "\n", read("barnsley_2021.pdf"))
    assert letter_as_dict(parse_letter(without_gaps)) == letter_as_dict(parsed("barnsley_2021.txt"))


# The JSON shape handed to the review page.


def test_letter_as_dict_gives_json_ready_data_with_the_agreed_keys(barnsley):
    data = letter_as_dict(barnsley)
    assert list(data) == [
        "framework", "inspection_start", "inspection_end", "main_findings", "strengths",
        "areas_for_development", "significant_weaknesses", "priority_actions", "areas_for_improvement",
        "area_name", "letter_date", "outcome", "wsoa_required", "lead_inspector", "cqc_lead_inspector",
        "jointly_responsible", "warnings",
    ]  # fmt: skip
    assert json.loads(json.dumps(data)) == data
    assert data["framework"] == "2016"
    assert (data["inspection_start"], data["inspection_end"]) == ("2021-09-20", "2021-09-24")
    assert data["strengths"][0]["section"] == "identifying"
    assert set(data["strengths"][0]) == {"section", "text"}
    assert data["letter_date"] is None and data["wsoa_required"] is True and data["outcome"] is None


def test_letter_as_dict_writes_the_letter_date_as_iso():
    assert letter_as_dict(parsed("westmoor_2018.txt"))["letter_date"] == "2019-01-08"


# Other 2016 letters: round bullets with tabs, letterhead, page breaks inside bullets, no WSoA.


@pytest.fixture(scope="module")
def westmoor():
    return parsed("westmoor_2018.txt")


def test_westmoor_dates_letter_date_and_area(westmoor):
    assert westmoor.framework == "2016"
    assert westmoor.area_name == "Westmoor"
    assert (westmoor.inspection_start, westmoor.inspection_end) == (date(2018, 11, 26), date(2018, 11, 30))
    assert westmoor.letter_date == date(2019, 1, 8)
    assert westmoor.warnings == []


def test_westmoor_needs_no_written_statement_of_action(westmoor):
    assert westmoor.wsoa_required is False
    assert westmoor.significant_weaknesses == []


def test_round_bullets_and_a_closing_paragraph_in_main_findings(westmoor):
    assert len(westmoor.main_findings) == 5
    assert westmoor.main_findings[4] == (
        "Overall, the local area has made strong progress in implementing the reforms since 2014."
    )
    assert sections(westmoor.strengths) == {"identifying": 2, "meeting": 3, "improving": 1}
    assert sections(westmoor.areas_for_development) == {"identifying": 1, "meeting": 2, "improving": 1}


def test_a_bullet_running_over_a_page_break_loses_the_footer_and_stays_whole(westmoor):
    assert westmoor.main_findings[2] == (
        "Children and young people’s needs are identified early. Health visitors, early years practitioners "
        "and school nurses share information well, so that families receive the help they need without "
        "having to repeat their story."
    )
    assert westmoor.strengths[4].text == (
        "Short breaks are valued highly by families. Young people told inspectors about the wide range of "
        "activities that they enjoy in the evenings and at weekends, and the friends that they have made."
    )
    assert [item for item in every_item(westmoor) if FURNITURE_IN_ITEMS.search(item)] == []


def test_a_word_hyphenated_at_a_line_end_is_joined(westmoor):
    assert "but its development has been slow, and it is not yet used by all partners." in (
        westmoor.areas_for_development[0].text
    )


def test_lead_inspector_from_a_hmi_lead_inspector_line(westmoor):
    assert westmoor.lead_inspector == "Amir Rahman"


@pytest.fixture(scope="module")
def eastholm():
    return parsed("eastholm_2016.txt")


def test_eastholm_dates_cross_a_month_end(eastholm):
    assert (eastholm.inspection_start, eastholm.inspection_end) == (date(2016, 11, 28), date(2016, 12, 2))
    assert eastholm.letter_date == date(2017, 1, 16)
    assert eastholm.lead_inspector == "Priya Kaur"
    assert eastholm.warnings == []


def test_small_square_and_symbol_font_bullets_even_on_a_line_of_their_own(eastholm):
    assert eastholm.main_findings == [
        "Leaders have been too slow to implement the reforms. The local area’s self-evaluation is overgenerous "
        "and does not identify the most important weaknesses.",
        "Parents and carers are not involved well enough in the planning of services. The parent carer forum "
        "has only recently been re-established, and many parents do not know that it exists.",
        "The timeliness of EHC plans is poor. Only a third of new plans were issued within 20 weeks in 2015/16.",
    ]


def test_a_section_heading_wrapped_over_three_lines_still_tags_its_findings(eastholm):
    assert sections(eastholm.strengths) == {"identifying": 1, "meeting": 1, "improving": 1}
    assert sections(eastholm.areas_for_development) == {"identifying": 1, "meeting": 2, "improving": 1}
    assert [item for item in every_item(eastholm) if FURNITURE_IN_ITEMS.search(item)] == []


def test_numbered_areas_of_significant_weakness(eastholm):
    assert eastholm.wsoa_required is True
    assert eastholm.significant_weaknesses == [
        "the lack of involvement of parents and carers in the planning and co-production of services",
        "the poor timeliness and quality of EHC plans",
        "the inconsistent identification of needs in schools, including the needs of pupils who have been "
        "excluded.",
    ]


# Inspection dates in a 2016 letter.


def test_2016_dates_between_two_days_of_one_month():
    letter = parse_letter(mini_2016("• Leaders know the area well.").replace(
        "Between 1 March 2021 and 5 March 2021", "Between 8 and 12 November 2021"
    ))  # fmt: skip
    assert (letter.inspection_start, letter.inspection_end) == (date(2021, 11, 8), date(2021, 11, 12))


def test_missing_dates_are_a_warning_not_a_guess():
    letter = parse_letter(mini_2016("• Leaders know the area well.").replace(
        "Between 1 March 2021 and 5 March 2021, ", ""
    ))  # fmt: skip
    assert letter.inspection_start is None and letter.inspection_end is None
    assert "Could not find the inspection dates; enter them by hand." in letter.warnings


def test_the_ccg_jointly_responsible_is_named_from_the_findings(barnsley):
    # "the local authority and the area's clinical commissioning group (CCG) are jointly responsible", and the
    # findings call it "the Barnsley clinical commissioning group".
    assert barnsley.jointly_responsible == [("Barnsley Clinical Commissioning Group", "ccg")]
