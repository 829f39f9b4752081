"""What differs between two dashboards of a meeting (the pack the board was sent, and the live figures): each
number by what it counts, so that the page can list the numbers that changed. Pure: reads the plain data."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Difference:
    figure: str  # what the number counts, in words
    sent: str  # as the board was sent it ("–" when the figure was not there)
    now: str


def _groups(label: str, groups: list[dict]) -> dict[str, str]:
    figures = {}
    for group in groups:
        name = f"{label}{group['name']}"
        figures[f"{name}: actions"] = str(group["total"])
        figures[f"{name}: overdue"] = str(group["overdue"])
        for count in group["counts"]:
            figures[f"{name}: {count['label']}"] = str(count["count"])
    return figures


def figures_of(data: dict) -> dict[str, str]:
    """Every number the dashboard shows, by what it counts (``data``: a dashboard as plain data)."""
    ratings, changes, deadlines, missing = data["ratings"], data["changes"], data["deadlines"], data["missing"]
    figures = _groups("", [ratings["plan"]])
    figures |= _groups("", ratings["by_weakness"])
    figures |= _groups("", ratings["by_strand"])
    figures |= {
        "Rating changes since the previous meeting": str(len(changes["moves"])),
        "Actions whose rating changed": str(changes["moved_actions"]),
        "Actions newly complete": str(len(changes["newly_complete"])),
        "Due dates moved": str(len(changes["due_moves"])),
        "New actions": str(len(changes["new_actions"])),
        "Overdue actions": str(deadlines["overdue"]),
        "Actions due before the next meeting": str(deadlines["due_soon"]),
        f"Updates missing for {missing['month_words']}": str(missing["total"]),
    }
    for row in missing["by_subgroup"]:
        figures[f"Updates missing: {row['name']}"] = str(row["count"])
    for measure in data["measures"]:
        figures[f"{measure['name']}: latest reading"] = measure["latest"] or "No reading"
    return figures


def differences(sent: dict, now: dict) -> list[Difference]:
    """The numbers that differ, in the order the live dashboard shows them, then those it no longer has."""
    before, after = figures_of(sent), figures_of(now)
    changed = [Difference(name, before.get(name, "–"), value) for name, value in after.items()
               if before.get(name) != value]
    gone = [Difference(name, value, "–") for name, value in before.items() if name not in after]
    return changed + gone
