"""The walk of one form: each hostile payload sent in each of its fields, and what counts as a problem.

See FormWalk for how it keeps that quick.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client

from tests.wsoa.hostile_text import CANARY_HOST, SCRIPT, markup_from_the_payload
from tests.wsoa.html_forms import TEXT_LIKE, Form, read_page

HTML = SCRIPT
# A stylesheet that closes the page's own and imports from a documentation address, and a style attribute's.
CSS = f"x</style><style>@import url(http://{CANARY_HOST}/x.css)</style><p style=\"background:url(http://{CANARY_HOST}/y.png)\">"
PAYLOADS = [
    "99999999999999999999", "-1", "1e309", "0x10", "x" * 10_000, "\x00", "abc\x00def", "\u202egnp.exe",
    "👩🏽‍🏫", HTML, CSS, '=HYPERLINK("http://x")', "+1+1", "@SUM(A1)", "\t=1+1", "\r\nBcc: x@example.org",
    "a" * 300 + "@example.org",  # a well-formed e-mail address longer than any column
    "1; DROP TABLE actions_action",
]  # fmt: skip
# A megabyte is slow to send and to draw back into the page, so it goes only into each form's first text box
# and first text area; the 10,000 characters above already pass every column's limit everywhere else.
MEGABYTE = "y" * 1_000_000
PROJECT_APPS = ("wsoa", "inspections", "actions", "governance", "reports", "api")
TEXTS = TEXT_LIKE - {"hidden", "password"}  # the boxes a person types into
URL_ENCODED = "application/x-www-form-urlencoded"  # how a browser sends a form without files


def row_counts() -> tuple[int, ...]:
    """How many rows each of the product's tables holds (history tables included, so edits count too)."""
    tables = [model._meta.db_table for label in PROJECT_APPS for model in apps.get_app_config(label).get_models()]
    quoted = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = ", ".join(f"(SELECT COUNT(*) FROM {quoted(table)})" for table in tables)  # noqa: S608 (our tables)
        cursor.execute(f"SELECT {counts}")
        return cursor.fetchone()


def _field_of_each_box(form: Form) -> dict[str, str]:
    """Each box a person fills in, and the form field it belongs to (a date's day, month and year are one)."""
    boxes = list(dict.fromkeys(c.name for c in form.controls if c.kind not in {"hidden", "file", "submit"}))
    stems = {name: re.sub(r"_\d+$", "", name) for name in boxes}
    shared = {stem for stem in stems.values() if list(stems.values()).count(stem) > 1}
    return {name: stems[name] if stems[name] in shared else name for name in boxes}


@dataclass
class FormWalk:
    """One form sent every payload in every field; each problem is kept, so that a failure lists them all.

    To keep the walk quick, a payload goes into many boxes at once: every box that is a field of its own
    in one try, then the first box of every date, and so on, so that a date's other boxes keep their
    values. A box that the page then marks as wrong has refused the payload on its own; the others are
    tried again together, until they are saved (the payload went through every check and service with
    them). A try that shows a problem, or a refusal that names none of its boxes, is halved, down to one
    box, so that the report names the box at fault. Hidden fields and files are always tried alone.
    """

    client: Client
    form: Form
    path: str
    problems: list[str] = field(default_factory=list)

    def run(self, typed: dict) -> None:
        self.start = {**self.form.submission(), **{name: [value] for name, value in typed.items()}}
        self.rows_before = row_counts()  # every submission is rolled back, so this holds before each one
        self.send({}, f"{self.form.method.upper()} {self.path} as it stands")
        self.field_of = _field_of_each_box(self.form)
        alone = [name for name in self.form.names if name not in self.field_of]
        on_their_own = [name for name, field_name in self.field_of.items() if name == field_name]
        boxes_by_position: dict[str, list[str]] = {}  # the days of every date, then the months, then the years
        for name, field_name in self.field_of.items():
            if name != field_name:
                boxes_by_position.setdefault(name.removeprefix(field_name), []).append(name)
        batches = [batch for batch in (on_their_own, *boxes_by_position.values()) if batch]
        for payload in PAYLOADS:
            for name in alone:
                self.send_alone(name, payload)
            for batch in batches:
                self.try_together(batch, payload)
        for name in self.megabyte_fields():
            self.send_alone(name, MEGABYTE)

    def try_together(self, names: list[str], payload: str) -> None:
        """The payload in all these boxes at once, as far as it goes; a box is tried alone only if it must be."""
        if len(names) == 1:
            self.send_alone(names[0], payload)
            return
        what = f"{self.form.method.upper()} {self.path} {payload[:40]!r} in {', '.join(names)}"
        response = self.send(dict.fromkeys(names, payload), what, quiet=True)
        if response is not None and response.status_code in {200, 302}:
            refused = read_page(response.content.decode()).fields_in_error
            if response.status_code == 302 or (self.form.method == "get" and not refused):
                return  # taken: the payload went through every check and service in every one of them
            rest = [name for name in names if self.field_of[name] not in refused]
            if len(rest) < len(names):
                if rest:
                    self.try_together(rest, payload)
                return
        # A problem, or a refusal that names none of them: halve, so that the box at fault is found.
        half = len(names) // 2
        self.try_together(names[:half], payload)
        self.try_together(names[half:], payload)

    def megabyte_fields(self) -> set[str]:
        first_box = next((control.name for control in self.form.controls if control.kind in TEXTS), None)
        first_area = next((control.name for control in self.form.controls if control.kind == "textarea"), None)
        return {name for name in (first_box, first_area) if name}

    def send_alone(self, name: str, payload: str) -> None:
        what = f"{self.form.method.upper()} {self.path} {name}={payload[:40]!r}"
        what += f" ({len(payload):,} characters)" if len(payload) > 40 else ""
        if name in self.form.file_names:  # a file named and filled with the payload
            self.send({}, what, files={name: SimpleUploadedFile(payload, payload.encode(), "text/plain")})
        else:
            self.send({name: payload}, what)

    def send(self, changes: dict, what: str, *, files=None, quiet: bool = False):
        """Send the starting values with these changes; the response, unless it showed a problem.

        Quietly, a problem is not kept: the boxes are then tried one at a time, which names the one at fault.
        """
        values = {**self.start, **{name: [value] for name, value in changes.items()}}
        with transaction.atomic():  # each submission starts from the same world
            try:
                response = self.submit(values, files or {})
                found = self.check(response, what)
            except Exception as error:  # noqa: BLE001 - a server error is what the walk is looking for
                found = [f"{what}: {type(error).__name__}: {str(error)[:200]}"]
            transaction.set_rollback(True)
        if not quiet:
            self.problems += found
        return None if found else response

    def submit(self, values: dict, files: dict):
        if self.form.method == "get":
            return self.client.get(self.path, values)
        if self.form.multipart:
            return self.client.post(self.path, {**values, **files})
        return self.client.post(self.path, urlencode(values, doseq=True), content_type=URL_ENCODED)

    def check(self, response, what: str) -> list[str]:
        found = []
        if response.status_code >= 500:
            found.append(f"{what}: answered {response.status_code}")
        if _markup_in(response.content.decode(errors="replace")):
            found.append(f"{what}: the markup came back unescaped")
        if response.status_code in {301, 302, 303}:
            if any(tag in what for tag in ("<script>", "<style>")):  # accepted: the page it leads to shows it
                shown = self.client.get(response["Location"]).content.decode(errors="replace")
                if _markup_in(shown):
                    found.append(f"{what}: the markup came back unescaped on {response['Location']}")
        elif self.form.method == "post" and row_counts() != self.rows_before:
            found.append(f"{what}: refused ({response.status_code}) but saved something")
        return found


def _markup_in(body: str) -> list[str]:
    """The elements and attributes the markup payloads made in the page (read only when it holds one of them)."""
    return markup_from_the_payload(body) if "hostile(" in body or CANARY_HOST in body else []
