"""The people of the load benchmark: each a browser of their own on loopback, signing in and walking a journey.

Shared by bench/load.py, not a benchmark itself: ./scripts/run-benchmarks skips files whose name starts with "_".
"""

import http.cookiejar
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser

PASSWORD = f"load-{secrets.token_urlsafe(12)}"
HTTPS = {"X-Forwarded-Proto": "https"}
TIMEOUT = 30
CONFLICT_TRIES = 3  # saving again after an edit conflict, as the page offers, before it counts as an error


class _Fields(HTMLParser):
    """The named inputs, selects and text areas of each form in a page, with the values the page gives them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get").lower(), "fields": {}})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("radio", "checkbox") and "checked" not in a:
                return
            fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def form_of(page: str, action_part: str = "", *, having: str = "") -> dict:
    """The page's first POST form sent to an address with ``action_part`` in it (any address, when it is
    empty) that has a field named ``having``."""
    parser = _Fields()
    parser.feed(page)
    for form in parser.forms:
        if form["method"] == "post" and action_part in form["action"] and (not having or having in form["fields"]):
            return form
    raise LookupError(f"no form sent to {action_part or 'the page'!r} with {having or 'any field'!r}")


class _PlainHttpCookies(http.cookiejar.DefaultCookiePolicy):
    """The client plays the TLS proxy too: the service's Secure cookies travel over loopback HTTP."""

    def return_ok_secure(self, cookie, request):
        return True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Person:
    kind: str
    email: str
    urls: dict
    base: str
    number: int
    opener: urllib.request.OpenerDirector = field(init=False)
    posted: list = field(default_factory=list)  # the unique words of each update the server said it saved
    conflicts: int = 0  # times another session of the same person had revised the update first
    step: int = 0

    def __post_init__(self):
        jar = http.cookiejar.CookieJar(policy=_PlainHttpCookies())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {**HTTPS, "Referer": f"https://{self.base.removeprefix('http://')}{path}"}
        req = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310 - loopback
        try:
            with self.opener.open(req, timeout=TIMEOUT) as answer:
                return answer.status, answer.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def sign_in(self) -> None:
        status, page = self.request("/sign-in/")
        fields = form_of(page, having="password")["fields"]
        status, _ = self.request("/sign-in/", {**fields, "username": self.email, "password": PASSWORD})
        if status != 302:
            raise RuntimeError(f"{self.email} could not sign in: {status}")

    def journey_step(self) -> list[tuple[str, int, float]]:
        """The next request or two of the person's journey: (what, status, seconds) for each."""
        done = []

        def timed(what, path, data=None, expect=(200,)):
            started = time.perf_counter()
            status, page = self.request(path, data)
            done.append((what, status if status in expect else -status, time.perf_counter() - started))
            return page

        urls, n = self.urls, self.step
        self.step += 1
        if self.kind == "officer":
            action = urls["actions"][(self.number + n // 4) % len(urls["actions"])]
            kind = n % 4
            if kind == 0:
                timed("home", "/")
            elif kind == 1:
                timed("my actions", urls["my_actions"])
            elif kind == 2:
                timed("action", action["page"])
            else:
                page = timed("update form", action["update"])
                words = f"load-{self.number}-{n}"
                fields = form_of(page, having="narrative")["fields"]
                fields["narrative"] = f"Progress this month ({words})."
                fields.pop("reason", None)  # the rating stays as it was, so no reason is asked for
                answer = timed("post update", action["update"], fields, expect=(302, 200))
                for _ in range(CONFLICT_TRIES):
                    if done[-1][1] != 200 or "What you typed is kept" not in answer:
                        break
                    # Another session of the same person revised the month's update first: the page says so and
                    # keeps the text; saving again revises theirs, as the page offers.
                    self.conflicts += 1
                    fields = form_of(answer, having="narrative")["fields"]
                    fields.pop("reason", None)
                    answer = timed("post update again after a conflict", action["update"], fields, expect=(302, 200))
                if done[-1][1] == 200:
                    done[-1] = (done[-1][0], -200, done[-1][2])  # refused for another reason, or conflicts went on
                if done[-1][1] == 302:
                    self.posted.append(words)
        elif self.kind == "lead":
            path = (urls["home"], urls["subgroup"], urls["strand"], urls["plan"])[n % 4]
            timed(("home", "subgroup", "strand", "plan overview")[n % 4], path)
        elif self.kind == "chair":
            path = (urls["dashboards"], urls["dashboard"], urls["dashboard_past"])[n % 3]
            timed(("dashboards", "dashboard", "dashboard on a past day")[n % 3], path)
        else:
            path = (urls["reports"], urls["report"], urls["preview"], urls["pdf"])[n % 4]
            timed(("reports", "report", "report preview", "report PDF")[n % 4], path)
        return done

    def issue_again(self) -> None:
        """Reopen the issued report, approve it and issue the next version (the worker draws it), through the
        report page's forms as democratic services would."""
        report = self.urls["report"]
        _, page = self.request(report)
        if self.urls["reopen"] in page:
            self.request(self.urls["reopen"], form_of(page, self.urls["reopen"])["fields"])
            _, page = self.request(report)
        fields = form_of(page, self.urls["approve"], having="role_words")["fields"]
        fields["role_words"] = "Head of Democratic Services"
        status, _ = self.request(self.urls["approve"], fields)
        _, page = self.request(report)
        status, _ = self.request(self.urls["issue"], form_of(page, self.urls["issue"])["fields"])
        if status != 302:
            raise RuntimeError(f"issuing again answered {status}")
