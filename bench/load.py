"""Load: 50 signed-in people at once for 60 seconds, against the production shape on loopback.

gunicorn (the production settings, behind a pretend TLS proxy: every request says X-Forwarded-Proto https from
127.0.0.1, which TRUSTED_PROXIES believes), PostgreSQL, Redis and a Celery worker that draws the PDFs. The
people are the demo's: SEND officers who open their actions and post monthly updates, subgroup leads who read
their subgroup and strands, board chairs who read a meeting's dashboard today and on a past day, and democratic
services who read the reports, preview one and download its PDF, one of them issuing a new version each round
(drawn by the worker while the rest goes on).

Measured in turns, in the same run and under the same server: a trivial signed-in page (the accessibility
statement, which reads the session and the person and nothing else) for everyone at once, then the journeys for
everyone at once; four rounds of each (A B A B ...). Printed: requests a second, p50 and p95 for each, as the
medians of the rounds with their range, and the journeys' figures as ratios to the trivial page's. Afterwards
every update the server said it saved is read back from the database with its history row, and every issued
version must have been drawn. Exits non-zero on any error (a 5xx, an unexpected answer, a time-out) or anything
missing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wsoa CELERY_BROKER_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--workers 3] [--threads 1]

A ``wsoa_bench_load_<pid>`` database is created and dropped; the worker consumes a queue of its own.
"""
import argparse
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench._load_people import PASSWORD, Person  # noqa: E402 - importable once ROOT is on the path

ROUNDS = 4
MIX = (("officer", 0.4), ("lead", 0.2), ("chair", 0.2), ("democratic", 0.2))
SIGN_INS = {
    "officer": ("officer@demo.example.org", "priya.shah@icb.example.org"),
    "lead": ("lead@demo.example.org",),
    "chair": ("chair@demo.example.org",),
    "democratic": ("democratic@demo.example.org",),
}


@dataclass
class Sample:
    phase: str  # "trivial" or "journeys"
    round: int
    seconds: float
    status: int
    what: str


def _officers_with_a_password() -> tuple[str, ...]:
    """Every SEND officer of the demo area who leads an action, each signing in with the benchmark's password
    (the demo gives one only to its named sign-ins): one session an officer, as in an office."""
    from actions.models import Action
    from wsoa.models import User

    emails = sorted(set(Action.objects.filter(
        plan__inspection__area__name="Demo Borough", lead_officer__memberships__role="SEND officer",
        lead_officer__memberships__area__name="Demo Borough",
    ).values_list("lead_officer__email", flat=True)))
    for person in User.objects.filter(email__in=emails):
        person.set_password(PASSWORD)
        person.is_active = True
        person.save(update_fields=["password", "is_active"])
    return tuple(emails)


def _urls_for(kind: str, email: str) -> dict:
    from django.urls import reverse

    from actions.models import Action, Plan
    from governance.models import Meeting
    from reports.models import Report

    plan = Plan.objects.get(inspection__area__name="Demo Borough")
    strand = plan.strands.order_by("number").first()
    if kind == "officer":
        mine = Action.objects.filter(lead_officer__email=email, plan__inspection__area__name="Demo Borough")
        return {"my_actions": reverse("actions:my_actions"), "actions": [
            {"page": reverse("actions:action", args=[a.pk]), "update": reverse("actions:progress_update", args=[a.pk])}
            for a in mine.order_by("pk")
        ]}
    if kind == "lead":
        return {"home": "/", "subgroup": reverse("actions:subgroup", args=[strand.subgroup_id]),
                "strand": reverse("actions:strand", args=[strand.pk]), "plan": reverse("actions:plan", args=[plan.pk])}
    if kind == "chair":
        meeting = Meeting.objects.filter(board__plan=plan, status="held").order_by("-held_on").first()
        dashboard = reverse("reports:dashboard", args=[meeting.pk])
        return {"dashboards": reverse("reports:dashboards"), "dashboard": dashboard,
                "dashboard_past": f"{dashboard}?on={meeting.held_on.replace(day=1).isoformat()}"}
    report = Report.objects.filter(inspection=plan.inspection, status="issued").first()
    return {"reports": reverse("reports:index"), "report": reverse("reports:report", args=[report.pk]),
            "preview": reverse("reports:report_preview", args=[report.pk]),
            "pdf": reverse("reports:issue_download", args=[report.pk, 1]),
            "reopen": reverse("reports:report_reopen", args=[report.pk]),
            "approve": reverse("reports:report_approve", args=[report.pk]),
            "issue": reverse("reports:report_issue", args=[report.pk])}


def _run(cmd, env, **kwargs):
    return subprocess.run([sys.executable, *cmd], cwd=ROOT, env=env, check=True, **kwargs)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60, help="of journeys in all, split over the rounds")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (gthread when > 1)")
    options = parser.parse_args()
    if not 1 <= options.users <= 200 or not 4 <= options.seconds <= 600:
        print("Choose 1 to 200 users and 4 to 600 seconds.", file=sys.stderr)
        return 2
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://")):
        print("Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/wsoa", file=sys.stderr)
        return 2
    import psycopg2

    name = f"wsoa_bench_load_{os.getpid()}"
    parts = urllib.parse.urlsplit(server_url)
    admin_dsn = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    database_url = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    admin = psycopg2.connect(admin_dsn)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    processes = []
    started = time.perf_counter()
    try:
        return _measure(options, database_url, processes, started)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        from django.db import connections

        connections.close_all()
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _measure(options, database_url: str, processes: list, started: float) -> int:
    broker = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/9")
    queue = f"bench-load-{os.getpid()}"
    base_env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    local = {**base_env, "DJANGO_SETTINGS_MODULE": "wsoa.settings.local", "DATABASE_URL": database_url,
             "DEMO_PASSWORD": PASSWORD, "LOG_LEVEL": "WARNING"}
    local.pop("CELERY_BROKER_URL", None)
    local.pop("REDIS_URL", None)
    static = Path(tempfile.mkdtemp(prefix="wsoa-load-files-"))
    local["MEDIA_ROOT"] = str(static / "media")  # the demo's issued PDFs, where the server will look for them
    _run(["manage.py", "migrate", "--noinput", "-v", "0"], local)
    _run(["manage.py", "demo_data"], local, stdout=subprocess.DEVNULL)
    production = {**base_env, "DJANGO_SETTINGS_MODULE": "wsoa.settings.production", "DATABASE_URL": database_url,
                  "SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "127.0.0.1", "TRUSTED_PROXIES": "127.0.0.1",
                  "CELERY_BROKER_URL": broker, "CELERY_TASK_DEFAULT_QUEUE": queue, "STATIC_ROOT": str(static),
                  "MEDIA_ROOT": str(static / "media"), "LOG_LEVEL": "WARNING"}
    _run(["manage.py", "collectstatic", "--noinput", "-v", "0"], production)
    processes.append(subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "wsoa", "worker", "-Q", queue, "--concurrency", "1", "-l", "WARNING"],
        cwd=ROOT, env=production, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    port = _free_port()
    worker_class = ["--worker-class", "gthread", "--threads", str(options.threads)] if options.threads > 1 else []
    processes.append(subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "wsoa/gunicorn_config.py", "--workers", str(options.workers),
         *worker_class, "--bind", f"127.0.0.1:{port}", "wsoa.wsgi:application"],
        cwd=ROOT, env=production, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    base = f"http://127.0.0.1:{port}"
    _wait_for(f"{base}/health/")

    os.environ.update(DJANGO_SETTINGS_MODULE="wsoa.settings.local", DATABASE_URL=database_url)
    import django

    django.setup()
    from actions.models import ProgressUpdate
    from reports.models import IssuedReport

    people = []
    kinds = [kind for kind, share in MIX for _ in range(round(share * options.users))][: options.users]
    kinds += ["officer"] * (options.users - len(kinds))
    sign_ins = {**SIGN_INS, "officer": _officers_with_a_password()}
    urls = {(kind, email): _urls_for(kind, email) for kind, emails in sign_ins.items() for email in emails}
    for number, kind in enumerate(kinds):
        email = sign_ins[kind][number % len(sign_ins[kind])]
        mine = dict(urls[(kind, email)])
        if kind == "officer":  # sessions of one officer share out their actions, as colleagues would not
            sessions = kinds.count("officer")
            shared_by = len(range(number % len(sign_ins[kind]), sessions, len(sign_ins[kind])))
            mine["actions"] = mine["actions"][number // len(sign_ins[kind]) % shared_by::shared_by] or mine["actions"]
        people.append(Person(kind, email, mine, base, number))
    for person in people:
        person.sign_in()
    issuer = next(person for person in people if person.kind == "democratic")
    updates_before = ProgressUpdate.history.count()

    samples: list[Sample] = []
    lock = threading.Lock()
    trivial_seconds = max(2.0, options.seconds / ROUNDS / 3)
    issuing = None
    for round_number in range(ROUNDS):
        for phase, seconds in (("trivial", trivial_seconds), ("journeys", options.seconds / ROUNDS)):
            if phase == "journeys" and issuer is not None and not (issuing and issuing.is_alive()):
                issuing = threading.Thread(target=_issue_again, args=(issuer, round_number, samples, lock))
                issuing.start()
            _phase(people, phase, round_number, seconds, samples, lock)
    if issuing:
        issuing.join()

    deadline = time.monotonic() + 300
    while IssuedReport.objects.exclude(status="done").exists() and time.monotonic() < deadline:
        time.sleep(1)
    return _report(options, samples, people, updates_before, started)


def _issue_again(issuer: Person, round_number: int, samples: list, lock) -> None:
    begun = time.perf_counter()
    try:
        issuer.issue_again()
        status = 302
    except (OSError, LookupError, RuntimeError) as error:
        print(f"issuing again failed: {error}", file=sys.stderr)
        status = -1
    with lock:
        samples.append(Sample("issuing", round_number, time.perf_counter() - begun, status, "issue a new version"))


def _phase(people, phase: str, round_number: int, seconds: float, samples: list, lock) -> None:
    """Everyone at once for ``seconds``: the trivial page again and again, or the next steps of their journeys."""
    stop = time.monotonic() + seconds

    def run(person: Person):
        while time.monotonic() < stop:
            if phase == "trivial":
                begun = time.perf_counter()
                status, _ = person.request("/accessibility/")
                measured = [("trivial page", status, time.perf_counter() - begun)]
            else:
                try:
                    measured = person.journey_step()
                except (OSError, LookupError) as error:
                    measured = [(f"failed: {type(error).__name__}", -1, 0.0)]
            with lock:
                samples.extend(Sample(phase, round_number, secs, status, what) for what, status, secs in measured)

    threads = [threading.Thread(target=run, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _report(options, samples: list[Sample], people, updates_before: int, started: float) -> int:
    from actions.models import ProgressUpdate
    from reports.models import IssuedReport

    print(f"{options.users} signed-in people, {options.workers} gunicorn workers"
          f"{f' x {options.threads} threads' if options.threads > 1 else ''}, {os.cpu_count()} cores; "
          f"{ROUNDS} rounds of the trivial page and of the journeys, in turns")
    rows = {}
    for phase in ("trivial", "journeys"):
        per_round = []
        for number in range(ROUNDS):
            mine = [s for s in samples if s.phase == phase and s.round == number]
            span = max(sum(s.seconds for s in mine) / options.users, 1e-9)  # each person's busy time
            per_round.append((len(mine) / span, _percentile([s.seconds for s in mine], 0.5),
                              _percentile([s.seconds for s in mine], 0.95)))
        rows[phase] = [statistics.median(column) for column in zip(*per_round, strict=True)], per_round
    print(f"\n{'':28}{'requests/s':>16}{'p50 ms':>20}{'p95 ms':>20}")
    for phase, label in (("trivial", "trivial signed-in page"), ("journeys", "journeys")):
        (rps, p50, p95), per_round = rows[phase]
        spread = [f"{min(r[i] * k for r in per_round):.0f}–{max(r[i] * k for r in per_round):.0f}"
                  for i, k in ((0, 1), (1, 1000), (2, 1000))]
        print(f"{label:28}{rps:>7.1f} ({spread[0]:>7}){p50 * 1000:>8.0f} ({spread[1]:>9})"
              f"{p95 * 1000:>8.0f} ({spread[2]:>9})")
    (t_rps, t50, t95), _ = rows["trivial"]
    (j_rps, j50, j95), _ = rows["journeys"]
    print(f"{'journeys x trivial':28}{j_rps / t_rps:>16.2f}{j50 / t50:>20.2f}{j95 / t95:>20.2f}")
    print("\nslowest steps (p95 ms, count):")
    by_what: dict[str, list[float]] = {}
    for sample in samples:
        if sample.phase == "journeys":
            by_what.setdefault(sample.what, []).append(sample.seconds)
    for what, seconds in sorted(by_what.items(), key=lambda item: -_percentile(item[1], 0.95))[:8]:
        print(f"  {what:34}{_percentile(seconds, 0.95) * 1000:>8.0f}{len(seconds):>8}")
    errors = [s for s in samples if s.status < 0 or s.status >= 500]
    posted = [words for person in people for words in person.posted]
    kept = ProgressUpdate.history.filter(narrative__regex=r"\(load-\d+-\d+\)").values_list("narrative", flat=True)
    kept_words = {match[1] for text in kept if (match := re.search(r"\((load-\d+-\d+)\)", text))}
    missing = sorted(set(posted) - kept_words)
    history_rows = ProgressUpdate.history.count() - updates_before
    issued = list(IssuedReport.objects.values_list("number", "status"))
    print(f"\nerrors: {len(errors)} of {len(samples)} requests"
          + "".join(f"\n  {s.what}: {s.status}" for s in errors[:10]))
    print(f"updates the server saved: {len(posted)}; found with their history: {len(posted) - len(missing)} "
          f"({history_rows} new history rows); edit conflicts shown and saved again: "
          f"{sum(person.conflicts for person in people)}")
    print(f"report versions issued: {len(issued)}, drawn: {sum(status == 'done' for _, status in issued)}")
    print(f"total run time {time.perf_counter() - started:.0f} s, including the database, the demo data and the "
          "servers")
    undrawn = [number for number, status in issued if status != "done"]
    return 1 if errors or missing or undrawn else 0


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - a loopback address of our own
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


if __name__ == "__main__":
    sys.exit(main())
