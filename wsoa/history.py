"""Every history record says why, in words: what a service did when it says so, else what kind of save it was.

Services name their reason (``_change_reason``: "Monthly update for November 2026", "Edited: due date").
A save made any other way (a data fix in a shell, a library's own save) still gets one here, so no record
of the plan's history is ever without a reason.
"""

KIND_WORDS = {"+": "Added", "~": "Changed", "-": "Removed"}


def reason_in_words(sender, history_instance, **kwargs) -> None:
    """Receiver of simple-history's ``pre_create_historical_record``: fill a missing reason."""
    if not (history_instance.history_change_reason or "").strip():
        history_instance.history_change_reason = KIND_WORDS.get(history_instance.history_type, "Changed")
