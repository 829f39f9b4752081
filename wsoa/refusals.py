"""A permission check's answer that carries its reason, so the 403 page can say why ("you do not lead this strand")."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

ROLE_REASON = "Your role does not allow this"


@dataclass(frozen=True)
class Verdict:
    """True or false as a permission check always was, with the reason when it is false."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Verdict(True)


def refused(reason: str) -> Verdict:
    return Verdict(False, reason)


class Refused(PermissionDenied):
    """A 403 whose reason, in the person's words, the error page shows."""

    def __init__(self, reason: str = ""):
        self.reason = reason
        super().__init__(reason)


def require(verdict) -> None:
    """Raise a 403 unless the check allowed it; a :class:`Verdict`'s reason goes to the page."""
    if not verdict:
        raise Refused(getattr(verdict, "reason", "") or ROLE_REASON)


def reason_of(exception) -> str:
    """The reason to show for a 403: only one this service wrote for people, never an exception's own text."""
    return exception.reason if isinstance(exception, Refused) else ""
