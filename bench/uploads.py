"""Benchmark: the three upload bombs refused (or read) within 2 seconds and 100 MB, against an ordinary plan sheet.

Builds the files itself (bench/_upload_bombs.py): a 180 kB workbook of twenty million empty rows, a plan formatted
row by row down to row 1,048,576, and a 200 kB PDF whose page unpacks to 70 MB. Each file is read in a fresh
Python process, as a worker would read it: the reader's own code (``read_plan_sheet`` or ``extract_text``), timed
inside the process once its imports are done, and its memory from ``resource.getrusage`` (the peak resident set
before and after the read) and ``tracemalloc`` (the peak of what Python allocated during the read, in a separate
run, as tracing slows the read). The baseline is an ordinary plan sheet of 60 actions read the same way, measured
right before each measurement in every round (A B A C A D ...). No database is needed.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ROUNDS = 7
GOAL_SECONDS = 2.0
GOAL_MB = 100.0

CHILD = r"""
import io, json, resource, sys, time, tracemalloc
import django
django.setup()
from actions.plan_sheet import PlanSheetError, read_plan_sheet
from inspections.letter_file import LetterError, extract_text
import openpyxl, pypdf  # imported before the read: a worker has them loaded already

path, name, trace = sys.argv[1], sys.argv[2], sys.argv[3] == "trace"
data = open(path, "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if trace:
    tracemalloc.start()
started = time.perf_counter()
try:
    if name.endswith(".pdf"):
        outcome = f"read, {len(extract_text(data, name)):,} characters"
    else:
        outcome = f"read, {len(read_plan_sheet(io.BytesIO(data), filename=name).actions)} actions"
except (PlanSheetError, LetterError) as error:
    outcome = "refused: " + str(error).split(":", 1)[1].split(".")[0].strip()
elapsed = time.perf_counter() - started
peak = tracemalloc.get_traced_memory()[1] if trace else 0
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "rss_kb": after - before, "traced": peak, "outcome": outcome}))
"""


def _files(folder: Path) -> dict[str, Path]:
    from openpyxl import Workbook

    from bench._upload_bombs import empty_rows_workbook, formatted_to_the_last_row_workbook, inflating_pdf

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Ref", "Action", "Lead", "Organisation", "Due date", "Rating", "Success criteria"])
    for strand in range(1, 7):
        sheet.append([f"Strand {strand}: Invented strand number {strand}"])
        for number in range(1, 11):
            sheet.append([f"{strand}.{number}", f"Action {number} of strand {strand}, described in a sentence",
                          "A. Lead", "Council", "31/03/2025", "Green", "A measure of success in a sentence"])
    workbook.save(folder / "ordinary plan.xlsx")
    files = {
        "baseline: an ordinary plan sheet (60 actions)": folder / "ordinary plan.xlsx",
        "workbook of 20 million empty rows": folder / "empty rows.xlsx",
        "plan formatted down to row 1,048,576": folder / "formatted.xlsx",
        "PDF unpacking to 70 MB": folder / "inflating.pdf",
    }
    files["workbook of 20 million empty rows"].write_bytes(empty_rows_workbook())
    files["plan formatted down to row 1,048,576"].write_bytes(formatted_to_the_last_row_workbook())
    files["PDF unpacking to 70 MB"].write_bytes(inflating_pdf())
    return files


def _read_in_child(path: Path, *, trace: bool = False) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wsoa.settings.test", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), path.name, "trace" if trace else "time"],
        capture_output=True, text=True, env=env, cwd=ROOT, check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="wsoa-bench-uploads-") as folder:
        files = _files(Path(folder))
        baseline_name, *measured = files
        times: dict[str, list[float]] = {name: [] for name in files}
        ratios: dict[str, list[float]] = {name: [] for name in measured}
        outcomes: dict[str, str] = {}
        for _ in range(ROUNDS):
            for name in measured:
                base = _read_in_child(files[baseline_name])
                run = _read_in_child(files[name])
                times[baseline_name].append(base["seconds"])
                times[name].append(run["seconds"])
                ratios[name].append(run["seconds"] / base["seconds"])
                outcomes[name], outcomes[baseline_name] = run["outcome"], base["outcome"]
        memory = {name: _read_in_child(path, trace=True) | {"rss_kb": _read_in_child(path)["rss_kb"]}
                  for name, path in files.items()}
        _print(files, times, ratios, outcomes, memory)


def _print(files, times, ratios, outcomes, memory) -> None:
    print(f"Uploads: each file read in a fresh process, {ROUNDS} interleaved rounds (baseline, file, baseline ...)")
    header = (f"{'file':<46} {'size':>8} {'median s':>9} {'min–max s':>13} {'x baseline':>10} {'min–max x':>11} "
              f"{'peak MB':>8} {'RSS +MB':>8}  result")
    print(header)
    print("-" * len(header))
    over = []
    for name, path in files.items():
        spread = times[name]
        ratio = f"{statistics.median(ratios[name]):.1f}" if name in ratios else "1.0"
        ratio_spread = f"{min(ratios[name]):.1f}–{max(ratios[name]):.1f}" if name in ratios else ""
        traced_mb, rss_mb = memory[name]["traced"] / 2**20, memory[name]["rss_kb"] / 1024
        print(f"{name:<46} {path.stat().st_size / 1024:>6.0f}kB {statistics.median(spread):>9.3f} "
              f"{min(spread):>6.3f}–{max(spread):<6.3f} {ratio:>10} {ratio_spread:>11} {traced_mb:>8.1f} "
              f"{rss_mb:>8.1f}  {outcomes[name]}")
        if name in ratios and (max(spread) >= GOAL_SECONDS or max(traced_mb, rss_mb) >= GOAL_MB):
            over.append(name)
    print()
    print(f"over the goal of {GOAL_SECONDS:.0f} s and {GOAL_MB:.0f} MB: {', '.join(over)}" if over else
          f"every file refused or read within {GOAL_SECONDS:.0f} s (slowest run) and {GOAL_MB:.0f} MB")


if __name__ == "__main__":
    main()
