"""Benchmark: an issued cabinet report of a plan of 300 actions and 30 impact measures (about eighty pages), drawn
end to end as the background task draws it, against WeasyPrint drawing the same HTML with the same options.

Run from the project root against PostgreSQL (a throwaway database is created and dropped):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wsoa python bench/report_pdf.py

The plan is bench/_plan_data.py's generator at 20 strands and 300 actions with a year of monthly updates; 30
measures with two years of monthly readings are added here. Each round times, one after the other (A B, then
B A in the next round):

- baseline: ``weasyprint.HTML(string=html, ...).write_pdf(...)`` of the report's HTML, made once beforehand, with
  the options, base address and fetcher the service uses;
- end to end: ``reports.papers.render.issued_report_render`` for a new issue of the report: claiming it, reading
  the plan on the report's day, the HTML, the PDF, the table headers' scopes and keeping the file;
- and, untimed in the pair, the data and HTML alone (``paper_html``), to show where the difference goes.

It prints each one's median and spread, the page count, seconds per page, the ratio of the medians and of each
pair, and the peak memory while the task draws the report: the process's largest resident set (Django, the data
and WeasyPrint's work, as a worker holds them) from a reset just before each drawing (Linux's
/proc/self/clear_refs) to its end, the largest of the rounds. Goals: a ratio of at most 1.15 and a peak of at most
300 MB.
"""
import gc
import os
import resource
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsoa.settings.test")

from bench._plan_data import TODAY, people_create, plan_generate, today_fixed
from bench._throwaway_database import run_in_throwaway_database

ROUNDS = 4
WARM_UP = 1
ACTIONS, STRANDS, UPDATES, MEASURES = 300, 20, 12, 30
RATIO_GOAL, MEMORY_GOAL_MB = 1.15, 300


def main() -> int:
    return run_in_throwaway_database("report_pdf", run, print_table)


def run() -> dict:
    people = people_create()
    plan = plan_generate(people, name="Bench area", strands=STRANDS, actions=ACTIONS, updates=UPDATES,
                         officer_actions=0)["plan"]
    measures_add(plan)
    with today_fixed():
        report = cabinet_report(plan, people["admin"])
        return measure(report, people["admin"])


def measures_add(plan) -> None:
    from actions.models import ImpactMeasure, MeasureReading

    strands = list(plan.strands.order_by("number"))
    measures = ImpactMeasure.objects.bulk_create(
        ImpactMeasure(plan=plan, strand=strands[n % len(strands)], name=f"Measure {n + 1}: children seen in time",
                      unit="%", baseline=Decimal(30), baseline_period=date(2023, 5, 1), target=Decimal(70),
                      target_date=date(2026, 3, 31), source="Case management system")
        for n in range(MEASURES)
    )
    MeasureReading.objects.bulk_create(
        MeasureReading(measure=measure, period=date(2023 + (5 + m) // 12, (5 + m) % 12 + 1, 1),
                       value=Decimal(30 + m + n % 7))
        for n, measure in enumerate(measures) for m in range(24)
    )


def cabinet_report(plan, admin):
    from reports.papers import services

    template = services.area_templates(plan.inspection.area, by=admin)["cabinet"]
    report = services.report_start(template=template, inspection=plan.inspection, by=admin, meeting_on=TODAY,
                                   data_on=TODAY, today=TODAY)
    for section in report.sections.filter(generated=""):
        services.report_section_write(section=section, by=admin, text=section.text or "Written for the bench.",
                                      expected_version=None)
    return services.report_approve(report=report, by=admin, role_words="Director", expected_version=None)


def new_issue(report, admin):
    """A new version to draw (the queued task is not sent: the benchmark draws it itself)."""
    from reports.models import Report
    from reports.papers import services

    Report.objects.filter(pk=report.pk).update(status=Report.Status.APPROVED)
    with mock.patch("reports.tasks.issued_report_render.delay_on_commit"):
        return services.report_issue(report=Report.objects.get(pk=report.pk), by=admin)


def peak_reset() -> None:
    """Start the process's peak resident memory again from what it holds now (Linux: /proc/self/clear_refs)."""
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")


def peak_mb() -> float:
    """The process's peak resident memory since the last reset (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _raw(html: str) -> float:
    """WeasyPrint alone, with the service's options, base address and fetcher."""
    from weasyprint import HTML

    from reports.papers.pdf import PAPER_ORIGIN, PDF_OPTIONS, StaticOnlyFetcher

    started = time.perf_counter()
    HTML(string=html, base_url=f"{PAPER_ORIGIN}/", url_fetcher=StaticOnlyFetcher()).write_pdf(**PDF_OPTIONS)
    return time.perf_counter() - started


def _task(issue, render) -> tuple[float, float]:
    peak_reset()
    started = time.perf_counter()
    render(issue.pk)
    return time.perf_counter() - started, peak_mb()


def measure(report, admin) -> dict:
    from reports.models import IssuedReport
    from reports.papers.paper import paper_html
    from reports.papers.render import issued_report_render
    from reports.papers.specs import spec_of_issue

    html = paper_html(spec_of_issue(new_issue(report, admin)), today=TODAY)
    baseline_s, end_to_end_s, html_s, peaks, pages = [], [], [], [], 0
    for round_number in range(WARM_UP + ROUNDS):
        issue = new_issue(report, admin)
        # Which goes first alternates, so that a busy moment or the heap the first leaves weighs on both.
        if round_number % 2:
            end_to_end, peak = _task(issue, issued_report_render)
            baseline = _raw(html)
        else:
            baseline = _raw(html)
            end_to_end, peak = _task(issue, issued_report_render)
        issue = IssuedReport.objects.get(pk=issue.pk)
        assert issue.status == IssuedReport.Status.DONE, issue.failure
        pages = issue.pages
        started = time.perf_counter()
        paper_html(spec_of_issue(issue), today=TODAY)
        html_only = time.perf_counter() - started
        if round_number >= WARM_UP:
            baseline_s.append(baseline)
            end_to_end_s.append(end_to_end)
            html_s.append(html_only)
            peaks.append(peak)
    return {"baseline_s": baseline_s, "end_to_end_s": end_to_end_s, "html_s": html_s, "pages": pages,
            "html_kb": len(html) / 1024,
            "peak_mb": max(peaks), "whole_run_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def print_table(results: dict, *, seconds: float) -> None:
    baseline, end_to_end = statistics.median(results["baseline_s"]), statistics.median(results["end_to_end_s"])
    pairs = [e / b for b, e in zip(results["baseline_s"], results["end_to_end_s"], strict=True)]
    ratio = end_to_end / baseline
    print(f"Cabinet report: {ACTIONS} actions in {STRANDS} strands, {MEASURES} measures with charts "
          f"({results['pages']} pages, {results['html_kb']:.0f} kB of HTML; today = {TODAY})")
    print(f"{ROUNDS} pairs after {WARM_UP} warm-up pair: raw WeasyPrint of the same HTML and the task end to end, "
          "in turns")
    print()
    header = f"{'measurement':<44} {'median s':>9} {'min–max s':>13} {'s/page':>7} {'x baseline':>10}"
    print(header)
    print("-" * len(header))
    for name, values, times in (("baseline: weasyprint HTML(...).write_pdf()", results["baseline_s"], 1.0),
                                ("end to end: issued_report_render (the task)", results["end_to_end_s"], ratio),
                                ("of which the data and HTML (paper_html)", results["html_s"],
                                 statistics.median(results["html_s"]) / baseline)):
        middle = statistics.median(values)
        print(f"{name:<44} {middle:>9.2f} {f'{min(values):.2f}–{max(values):.2f}':>13} "
              f"{middle / results['pages']:>7.3f} {times:>10.2f}")
    print()
    print(f"pair ratios {', '.join(f'{p:.2f}' for p in pairs)}")
    print(f"peak memory while the task draws the report {results['peak_mb']:.0f} MB (goal {MEMORY_GOAL_MB} MB"
          f"{'' if results['peak_mb'] <= MEMORY_GOAL_MB else ': OVER'}); the whole benchmark process's peak, data "
          f"generation and the raw baseline included, {results['whole_run_peak_mb']:.0f} MB")
    print(f"ratio {ratio:.2f} ({'within' if ratio <= RATIO_GOAL else 'OVER'} the goal of {RATIO_GOAL})")
    print(f"total run time {seconds:.1f} s, including creating and dropping the database")


if __name__ == "__main__":
    sys.exit(main())
