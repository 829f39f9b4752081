"""What authors write in narrative sections: paragraphs, lists and bold, numbered as the template says; HTML is
printed as text."""
from reports.papers.text import paragraphs_of, plain_words, starter_filled


def test_each_top_level_paragraph_and_list_is_one_numbered_paragraph_of_its_section():
    made = paragraphs_of("First **point**.\n\n- one\n- two\n\nLast.", section_number=3)
    assert [p.number for p in made] == ["3.1", "3.2", "3.3"]
    assert made[0].html.strip() == "<p>First <strong>point</strong>.</p>"
    assert "<ul>" in made[1].html and "<li>two</li>" in made[1].html


def test_an_unnumbered_template_gives_no_numbers():
    assert [p.number for p in paragraphs_of("a\n\nb", section_number=None)] == ["", ""]


def test_html_links_and_images_are_printed_as_text():
    html = "".join(p.html for p in paragraphs_of(
        '<b>x</b> <img src="file:///etc/passwd"> ![i](http://x/i.png) [l](http://x/)', section_number=1))
    assert "<b>" not in html and "<img" not in html and "<a " not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    assert "![i](http://x/i.png)" in html


def test_starter_text_names_are_filled_and_unknown_braces_left_as_typed():
    assert starter_filled("For {meeting} on {meeting_date}: {unknown} {0.__class__}",
                          {"meeting": "Cabinet", "meeting_date": "10 June 2025"}) == \
        "For Cabinet on 10 June 2025: {unknown} {0.__class__}"


def test_a_summary_has_the_words_without_the_marks():
    assert plain_words("That Cabinet **notes** the\nprogress.\n\n- one\n- *two*\n\n1. three") == \
        "That Cabinet notes the progress. one two three"
    assert plain_words("<b>x</b> 2 * 3") == "<b>x</b> 2 * 3"  # typed characters stay as typed
    assert plain_words("") == ""
