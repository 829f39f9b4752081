"""A board chair's dashboard for one meeting: the read model (``meeting_dashboard``), the day it shows
(``dashboard_day``) and what differs between two of them (``compare``)."""
from .read import dashboard_day, meeting_dashboard
from .shapes import SHAPE_VERSION, Dashboard

__all__ = ["SHAPE_VERSION", "Dashboard", "dashboard_day", "meeting_dashboard"]
