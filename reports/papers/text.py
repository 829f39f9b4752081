"""What an author writes in a narrative section, as the paper prints it: paragraphs, bulleted and numbered lists and
bold (``**so**``), nothing else. Written in Markdown and read by markdown-it with HTML, links and images off, so
whatever is typed is printed as text: a tag is shown as its characters, never obeyed. Each top-level paragraph or
list is one numbered paragraph of the section ("3.1", "3.2") when the template numbers them.

Pure: no database.
"""
import re
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# "zero" has only paragraphs and plain text; these add emphasis and lists. HTML stays off (the default of "zero").
_MARKDOWN = MarkdownIt("zero", {"html": False}).enable(["emphasis", "list"])
_NAME = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Paragraph:
    number: str  # "3.1", or empty when the template does not number paragraphs
    html: SafeString


def paragraphs_of(text: str, *, section_number: int | None) -> list[Paragraph]:
    """The text's top-level blocks as HTML, numbered ``<section>.1`` onwards when ``section_number`` is given."""
    tokens = _MARKDOWN.parse(text or "")
    blocks, start = [], 0
    for index, token in enumerate(tokens):
        if token.level == 0 and token.nesting == -1:
            blocks.append(tokens[start:index + 1])
            start = index + 1
    made = []
    for count, block in enumerate(blocks, start=1):
        html = _MARKDOWN.renderer.render(block, _MARKDOWN.options, {})
        number = f"{section_number}.{count}" if section_number is not None else ""
        made.append(Paragraph(number=number, html=mark_safe(html)))  # noqa: S308 - markdown-it escapes all text
    return made


def plain_words(text: str) -> str:
    """The words of the text without its marks (no asterisks, no list markers), for a one-line summary of it."""
    words = []
    for token in _MARKDOWN.parse(text or ""):
        for child in token.children or ():
            if child.type == "text":
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        if token.type in ("paragraph_close", "list_item_close"):
            words.append(" ")
    return " ".join("".join(words).split())


def starter_filled(starter: str, values: dict[str, str]) -> str:
    """The starter text with each ``{name}`` it knows replaced by the data's words; anything else left as typed."""
    return _NAME.sub(lambda match: values.get(match[1], match[0]), starter or "")


