"""How a letter's lines become items: bullets, numbers, hyphens, page furniture and pasted text, on a small letter."""

import pytest

from inspections.letter import parse_letter
from tests.inspections.letters import mini_2016

# Joining rules, on a small 2016 letter.


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
