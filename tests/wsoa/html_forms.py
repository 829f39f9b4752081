"""The forms and links of a page as a browser sees them, and the fields it marks as wrong, read with the
standard library's HTML parser."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_LIKE = {"text", "hidden", "password", "email", "search", "url", "tel", "number", "date"}


@dataclass
class Control:
    """One named control: an input, a select, a textarea or a named button."""

    name: str
    kind: str  # an input's type, or "select", "select-multiple", "textarea", "submit"
    value: str = ""
    checked: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # (value, selected), for selects


@dataclass
class Form:
    method: str  # "get" or "post"
    action: str  # as written in the page; "" means the page itself
    multipart: bool = False  # sent as multipart/form-data (files), not URL-encoded
    controls: list[Control] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(control.name for control in self.controls))

    @property
    def file_names(self) -> set[str]:
        return {control.name for control in self.controls if control.kind == "file"}

    def submission(self) -> dict[str, list[str]]:
        """What pressing the first button sends: filled-in values, checked options, each select's choice."""
        values: dict[str, list[str]] = {}
        pressed = False
        for control in self.controls:
            chosen = _chosen(control, pressed)
            pressed = pressed or control.kind == "submit"
            if chosen is not None:
                values.setdefault(control.name, []).extend(chosen)
        return values


def _chosen(control: Control, a_button_was_pressed: bool) -> list[str] | None:
    if control.kind in TEXT_LIKE or control.kind == "textarea":
        return [control.value]
    if control.kind in {"radio", "checkbox"}:
        return [control.value or "on"] if control.checked else None
    if control.kind == "select":
        selected = [value for value, is_selected in control.options if is_selected]
        first = [control.options[0][0]] if control.options else []
        return selected[-1:] or first  # a browser shows the first option when none is marked
    if control.kind == "select-multiple":
        return [value for value, is_selected in control.options if is_selected]
    if control.kind == "submit":
        return None if a_button_was_pressed else [control.value]
    return None  # files are sent only when chosen; reset buttons and images are not values


@dataclass
class HtmlPage:
    forms: list[Form]
    links: list[str]
    fields_in_error: set[str]  # by the form field's name, from each GOV.UK error message's id="id_<name>-error"


_ERROR_ID = re.compile(r"id_(.+)-error")


class _PageReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.fields_in_error: set[str] = set()
        self._form: Form | None = None
        self._select: Control | None = None
        self._option: list | None = None  # [value or None, selected, text]
        self._textarea: Control | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if in_error := _ERROR_ID.fullmatch(attributes.get("id", "")):
            self.fields_in_error.add(in_error[1])
        if tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])
        elif tag == "form":
            method = attributes.get("method", "get").lower()
            multipart = attributes.get("enctype", "").lower() == "multipart/form-data"
            self._form = Form(method=method, action=attributes.get("action", ""), multipart=multipart)
            self.forms.append(self._form)
        elif self._form is None or "name" not in attributes and tag != "option":
            return
        elif tag == "input":
            kind = attributes.get("type", "text").lower()
            self._add(Control(attributes["name"], kind, attributes.get("value", ""), "checked" in attributes))
        elif tag == "button" and attributes.get("type", "submit").lower() == "submit":
            self._add(Control(attributes["name"], "submit", attributes.get("value", "")))
        elif tag == "select":
            self._select = Control(attributes["name"], "select-multiple" if "multiple" in attributes else "select")
            self._add(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [attributes.get("value"), "selected" in attributes, ""]
        elif tag == "textarea":
            self._textarea = Control(attributes["name"], "textarea")
            self._add(self._textarea)

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        elif self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._end_option()
            self._select = None
        elif tag == "option":
            self._end_option()
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the newline that follows the opening tag.
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None

    def _end_option(self):
        if self._option is not None and self._select is not None:
            value, selected, text = self._option
            self._select.options.append((text.strip() if value is None else value, selected))
        self._option = None

    def _add(self, control: Control):
        if self._form is not None:
            self._form.controls.append(control)


def read_page(html: str) -> HtmlPage:
    reader = _PageReader()
    reader.feed(html)
    reader.close()
    return HtmlPage(reader.forms, reader.links, reader.fields_in_error)
