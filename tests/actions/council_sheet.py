"""A plan laid out as councils' own trackers are, every awkward layout in one sheet (invented text).

- the first section heading is above the header row, on two rows: "Area for Improvement 1", then its title;
- the second section repeats the table: its two-row heading in merged cells, then the header row again;
- sub-actions share a number: "1.2 (A)" and "1.2 (B)", and two rows numbered 2.1;
- four dated rating columns ("RAG May 20" … "RAG August 22") and no current rating column: a blank cell is no
  rating that month;
- status words the default legend does not know ("Started but delayed", "Progressing and on track",
  "Embedded"), next to one it does ("Completed");
- "TBC", "Ongoing" and a blank timescale;
- columns for measures of success, evidence and impact, partners and notes, and one the import has no field
  for ("Budget code").
"""

import io
from datetime import date

from tests.actions.plan_sheets import xlsx

TODAY = date(2022, 9, 15)
HEADER = [
    "Ref", "Action", "Lead officer", "Partners", "Timescale", "Measures of success", "Evidence and impact",
    "Notes", "RAG May 20", "RAG Nov 20", "RAG May 21", "RAG August 22", "Budget code",
]  # fmt: skip
LAST_COLUMN = "M"
DELAYED, ON_TRACK, EMBEDDED = "Started but delayed", "Progressing and on track", "Embedded"
# What an administrator chooses for the words the default legend does not know.
MAPPING = {DELAYED: "amber", ON_TRACK: "green", EMBEDDED: "blue"}

ROWS = {
    1: ["Northmoor Local Area SEND Partnership: Written Statement of Action"],
    2: ["Progress tracker, last updated August 2022"],
    3: ["Area for Improvement 1"],
    4: ["Leaders' oversight of the local offer"],
    5: HEADER,
    6: ["1.1", "Refresh the local offer website with families", "Head of SEND", "Parent carer forum", "Dec-20",
        "Visits to the local offer up by a fifth", "Visits up by a third", "Shown at the June board", DELAYED,
        ON_TRACK, "Completed", EMBEDDED, "SEN-01"],
    7: ["1.2 (A)", "Publish the SEND sufficiency plan", "Head of Commissioning", "ICB", "TBC",
        "Plan agreed by Cabinet", None, None, None, ON_TRACK, None, DELAYED, None],
    8: ["1.2 (B)", "Consult schools on the sufficiency plan", "Head of Commissioning", "Schools forum",
        "Ongoing", "Every school replied", None, None, None, None, None, None, None],
    10: ["Area for Improvement 2"],
    11: ["Waiting times for speech and language therapy"],
    12: HEADER,
    13: ["2.1", "Recruit two more speech and language therapists", "Therapy services manager", "ICB",
          "Mar-21", "Waiting list under 18 weeks", "One post filled", None, DELAYED, DELAYED, ON_TRACK,
          ON_TRACK, "SLT-02"],
    14: ["2.1", "Offer drop-in sessions for parents waiting", "Therapy services manager", None, None,
          "Fewer complaints about waits", None, "Runs in the school holidays", None, None, None, ON_TRACK, None],
    15: ["2.2", "Report waiting times to the board every quarter", "Head of Performance", None, "Ongoing",
          "Board sees the figures", None, None, ON_TRACK, None, "Completed", "Completed", None],
}  # fmt: skip
MERGED = ["A1:M1", "A2:M2", "A3:M3", "A4:M4", "A10:M10", "A11:M11"]


def council_sheet() -> io.BytesIO:
    return xlsx(ROWS, title="WSoA tracker", merges=MERGED)
