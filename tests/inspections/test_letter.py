"""Letter import: reading Ofsted/CQC outcome letters of both frameworks from PDF or text, counted by hand."""

import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfWriter

from inspections.letter import NOT_A_LETTER, Finding, letter_as_dict, parse_letter
from inspections.letter_file import MAX_LETTER_BYTES, MAX_LETTER_PAGES, LetterError, extract_text

LETTERS = Path(__file__).parent / "fixtures" / "letters"


def read(name: str) -> str:
    return extract_text((LETTERS / name).read_bytes(), name)


def parsed(name: str):
    return parse_letter(read(name))


def sections(findings: list[Finding]) -> dict[str | None, int]:
    counts: dict[str | None, int] = {}
    for finding in findings:
        counts[finding.section] = counts.get(finding.section, 0) + 1
    return counts


def every_item(letter) -> list[str]:
    return [
        *letter.main_findings,
        *(finding.text for finding in letter.strengths + letter.areas_for_development),
        *letter.significant_weaknesses,
        *letter.priority_actions,
        *letter.areas_for_improvement,
    ]


FURNITURE_IN_ITEMS = re.compile(
    r"Piccadilly|Store Street|Manchester|M1 2WD|0300 123|Textphone|Text phone|@|www\.|gov\.uk|Page \d|"
    r"\bOfsted$|^Ofsted\b|Strengths|Areas for development|The effectiveness of the|area SEND inspection report|"
    r"joint local area SEND inspection outcome letter|Dear |Yours sincerely|\s\d{1,3}\s+[A-Z]|\s\d{1,3}$"
)


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
        "area_name", "letter_date", "outcome", "wsoa_required", "lead_inspector", "warnings",
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
    assert northshire.priority_actions == [
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
    assert northshire.areas_for_improvement[0].startswith("Leaders across the partnership should improve how")
    assert northshire.areas_for_improvement[2].endswith("so that they can check the impact of their actions.")


def test_the_ofsted_lead_inspector_is_chosen_over_the_cqc_lead(northshire):
    assert northshire.lead_inspector == "Rachel Okafor"


def test_northshire_pdf_with_tables_and_running_footer_reads_the_same_as_its_text(northshire):
    text = read("northshire_2024.pdf")
    assert "area SEND inspection report" in text and "Responsible body" in text
    assert letter_as_dict(parse_letter(text)) == letter_as_dict(northshire)


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
    assert southvale.areas_for_improvement == [
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


# Joining rules, on a small 2016 letter.


def mini_2016(main_findings: str) -> str:
    return (
        "Joint area SEND inspection in Testshire\n"
        "Between 1 March 2021 and 5 March 2021, Ofsted and the Care Quality Commission (CQC) conducted a\n"
        "joint inspection of the local area of Testshire to judge the effectiveness of the area in\n"
        "implementing the special educational needs and/or disabilities (SEND) reforms.\n"
        "Main findings\n"
        f"{main_findings}\n"
        "The effectiveness of the area in identifying children and young people’s special educational\n"
        "needs and/or disabilities\n"
        "Strengths\n"
        "• Health visitors identify needs early.\n"
        "Yours sincerely\n"
        "Kim Abbott\n"
        "Her Majesty’s Inspector\n"
    )


@pytest.mark.parametrize("glyph", ["◼", "■", "▪", "•", "●", "○", "◦", "-", "–", "*", "\uf0a7", "\uf0b7"])
def test_every_bullet_glyph_starts_a_new_item(glyph):
    letter = parse_letter(mini_2016(
        f"{glyph} Parents and carers have too little say in strategic decision-making about the area’s\n"
        "services, and many report dissatisfaction with the SEND system in Testshire\n"
        f"{glyph}\tLeaders do not communicate clearly with parents and carers."
    ))  # fmt: skip
    assert letter.main_findings == [
        "Parents and carers have too little say in strategic decision-making about the area’s services, and "
        "many report dissatisfaction with the SEND system in Testshire",
        "Leaders do not communicate clearly with parents and carers.",
    ]


def test_numbered_items_start_new_items_but_a_number_inside_a_sentence_does_not():
    letter = parse_letter(mini_2016(
        "1. Leaders have reduced the backlog of assessments for children aged under\n"
        "5. They have recruited more staff.\n"
        "2. Waiting times are shorter."
    ))  # fmt: skip
    assert letter.main_findings == [
        "Leaders have reduced the backlog of assessments for children aged under 5. They have recruited more "
        "staff.",
        "Waiting times are shorter.",
    ]


def test_a_wrapped_line_starting_with_1_in_mid_sentence_does_not_start_a_list():
    letter = parse_letter(mini_2016(
        "• Too few pupils at SEND support reach the expected standard in reading by the end of Year\n"
        "1. Leaders have introduced a new phonics programme."
    ))  # fmt: skip
    assert letter.main_findings == [
        "Too few pupils at SEND support reach the expected standard in reading by the end of Year 1. Leaders "
        "have introduced a new phonics programme."
    ]


def test_a_dash_starting_a_wrapped_line_in_mid_sentence_is_not_a_bullet():
    letter = parse_letter(mini_2016(
        "• Few parents know about the local offer, the website that lists services in the area\n"
        "– the information on it is out of date."
    ))  # fmt: skip
    assert letter.main_findings == [
        "Few parents know about the local offer, the website that lists services in the area – the "
        "information on it is out of date."
    ]


@pytest.mark.parametrize(
    ("wrapped", "joined"),
    [
        ("the develop-\nment of services", "the development of services"),
        ("the develop\u2010\nment of services", "the development of services"),
        ("the develop\u00ad\nment of services", "the development of services"),
        ("strategic decision-\nmaking", "strategic decision-making"),
        ("the co-\nproduction of plans", "the co-production of plans"),
        ("out-of-\narea placements", "out-of-area placements"),
        ("SEND-\nrelated training", "SEND-related training"),
        ("pre-\n16 provision", "pre-16 provision"),
        ("education, health and/\nor care", "education, health and/or care"),
    ],
)
def test_line_end_hyphens(wrapped, joined):
    letter = parse_letter(mini_2016(f"• Leaders have improved {wrapped} across the area."))
    assert letter.main_findings == [f"Leaders have improved {joined} across the area."]


@pytest.mark.parametrize(
    "furniture",
    [
        "2",
        "Page 3 of 7",
        "3 of 7",
        "www.gov.uk/ofsted",
        "Ofsted",
        "Piccadilly Gate",
        "Store Street",
        "Manchester",
        "M1 2WD",
        "T 0300 123 1231",
        "Text phone",
        "Textphone 0161 618 8524",
        "enquiries@ofsted.gov.uk",
        "lasend.support@ofsted.gov.uk",
        "T 0300 123 1231 Textphone 0161 618 8524 enquiries@ofsted.gov.uk www.gov.uk/ofsted",
        "Piccadilly Gate Store Street Manchester M1 2WD",
    ],
)
def test_page_furniture_inside_an_item_is_dropped(furniture):
    letter = parse_letter(mini_2016(
        "• Area leaders have taken advice from external advisers and reviewed waiting lists\n"
        f"\n{furniture}\n\n"
        "for services. This has led to changes in how services are organised."
    ))  # fmt: skip
    assert letter.main_findings == [
        "Area leaders have taken advice from external advisers and reviewed waiting lists for services. This "
        "has led to changes in how services are organised."
    ]


def test_a_sentence_ending_with_ofsted_or_a_year_is_not_furniture():
    letter = parse_letter(mini_2016(
        "• The written statement was sent to\n"
        "Ofsted.\n"
        "• Plans have been in place since\n"
        "2014."
    ))  # fmt: skip
    assert letter.main_findings == ["The written statement was sent to Ofsted.", "Plans have been in place since 2014."]


def test_a_footer_repeated_on_every_page_is_dropped_even_in_plain_text():
    footer = "Testshire joint area SEND inspection letter"
    letter = parse_letter(mini_2016(
        f"• Leaders know the area well and have\n{footer}\nan accurate self-evaluation.\n{footer}\n"
        f"• Waiting times are shorter.\n{footer}"
    ))  # fmt: skip
    assert letter.main_findings == [
        "Leaders know the area well and have an accurate self-evaluation.",
        "Waiting times are shorter.",
    ]


def test_crlf_line_ends_and_no_break_spaces_are_normalised():
    letter = parse_letter(mini_2016("•\u00a0Leaders know the\u00a0area well\r\nand act on it.").replace("\n", "\r\n"))
    assert letter.main_findings == ["Leaders know the area well and act on it."]
    assert letter.lead_inspector == "Kim Abbott"


def test_text_pasted_with_a_paragraph_on_each_line_gives_one_item_per_line():
    paragraphs = [
        "Leaders have an accurate understanding of the local area. They have used this to write a strategy "
        "that is shared by leaders in education, health and care, and they check its impact each term.",
        "Joint commissioning is well established. Leaders commission services together and check that these "
        "services make a difference to children and young people and their families over time.",
        "Waiting times for assessments have fallen. Most children are now seen within 18 weeks of referral, "
        "and families receive support from the neurodevelopmental support team while they wait.",
    ]
    text = mini_2016("\n".join(paragraphs))
    text = text.replace(" a\njoint", " a joint").replace(" in\nimplementing", " in implementing")
    assert parse_letter(text).main_findings == paragraphs


def test_weaknesses_introduced_in_the_same_paragraph_as_the_significant_concerns():
    text = mini_2016("• Leaders know the area well.").replace(
        "Yours sincerely",
        "The inspection raises significant concerns about the effectiveness of the local area. The local\n"
        "area is required to produce and submit a Written Statement of Action to Ofsted that explains how\n"
        "the local area will tackle the following areas of significant weakness:\n"
        "• the timeliness of EHC plans\n"
        "• the involvement of parents and carers\n"
        "Yours sincerely",
    )
    letter = parse_letter(text)
    assert letter.significant_weaknesses == ["the timeliness of EHC plans", "the involvement of parents and carers"]
    assert letter.wsoa_required is True
    assert [finding.text for finding in letter.strengths] == ["Health visitors identify needs early."]


# What is not an outcome letter.


def test_a_text_that_is_not_a_send_letter_is_refused():
    with pytest.raises(LetterError, match=f"^{re.escape(NOT_A_LETTER)}: "):
        parse_letter("Minutes of the Planning Committee\nThe committee approved the application.\n")


def test_a_pdf_that_is_not_a_send_letter_is_refused():
    text = read("not_a_letter.pdf")
    assert "Winter gritting routes" in text
    with pytest.raises(LetterError, match=re.escape(NOT_A_LETTER)):
        parse_letter(text)


def test_a_revisit_letter_is_refused_with_a_reason():
    revisit = "Joint area SEND revisit in Testshire\nBetween 1 and 3 March 2023, Ofsted and CQC revisited the area.\n"
    with pytest.raises(LetterError, match="follow-up letter"):
        parse_letter(revisit)


# Reading the upload.


def test_an_empty_file_is_refused():
    with pytest.raises(LetterError, match="The file is empty"):
        extract_text((LETTERS / "empty.pdf").read_bytes(), "empty.pdf")


def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(LetterError, match=r"too big \(10\.0 MB\).*10 MB or less"):
        extract_text(b"%PDF-1.7\n" + b"0" * MAX_LETTER_BYTES, "letter.pdf")


def test_a_word_document_is_refused_by_name():
    with pytest.raises(LetterError, match=r"^\.docx files cannot be read"):
        extract_text(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "letter.docx")


def test_binary_content_named_txt_is_refused():
    with pytest.raises(LetterError, match="not a PDF or plain text"):
        extract_text(bytes(range(256)) * 4, "letter.txt")


def test_text_named_pdf_is_refused():
    with pytest.raises(LetterError, match="named .pdf but is not a PDF"):
        extract_text(b"Joint area SEND inspection in Testshire", "letter.pdf")


def test_a_password_protected_pdf_is_refused():
    with pytest.raises(LetterError, match="password-protected"):
        extract_text((LETTERS / "password_protected.pdf").read_bytes(), "letter.pdf")


def test_a_pdf_encrypted_only_against_editing_is_read():
    assert read("permissions_only.pdf") == read("northshire_2024.pdf")


def test_a_scanned_pdf_without_text_is_refused_and_says_why():
    with pytest.raises(LetterError, match="no text that can be read: it looks like a scanned image"):
        extract_text((LETTERS / "scanned_letter.pdf").read_bytes(), "scan.pdf")


def test_a_damaged_pdf_is_refused():
    with pytest.raises(LetterError, match="could not be read; it may be damaged"):
        extract_text(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a PDF body\n", "letter.pdf")


def test_a_pdf_far_longer_than_a_letter_is_refused():
    writer = PdfWriter()
    for _ in range(MAX_LETTER_PAGES + 1):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(LetterError, match=f"has {MAX_LETTER_PAGES + 1} pages"):
        extract_text(out.getvalue(), "bundle.pdf")


def test_windows_text_falls_back_to_cp1252():
    text = extract_text("Her Majesty’s Inspector – Ofsted".encode("cp1252"), "letter.txt")
    assert text == "Her Majesty’s Inspector – Ofsted"


def test_utf8_with_a_byte_order_mark_and_utf16_text_are_read():
    letter = "Joint area SEND inspection in Testshire – Her Majesty’s Inspector"
    assert extract_text(letter.encode("utf-8-sig"), "letter.txt") == letter
    assert extract_text(letter.encode("utf-16"), "letter.txt") == letter


def test_text_with_no_name_is_read_as_text():
    assert extract_text(b"Joint area SEND inspection in Testshire\n", "") == "Joint area SEND inspection in Testshire\n"
