"""The demo chair lands on a full dashboard for the board's next meeting in one click from Dashboards."""
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from governance.models import Meeting
from wsoa.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_chair_reaches_the_next_meetings_full_dashboard_in_one_click(client, demo_loaded):
    client.force_login(User.objects.get(email="chair@demo.example.org"))
    listing = client.get(reverse("reports:dashboards")).content.decode()
    link = re.search(r'href="([^"]+)">Dashboard for the next meeting', listing).group(1)
    page = client.get(link)
    html = page.content.decode()
    assert page.status_code == 200
    for heading in ("Ratings", "By weakness", "What changed since the previous meeting", "Overdue and due soon",
                    "Impact measures", "Spotlight", "Short reports"):
        assert heading in html, heading
    assert html.count('class="app-measure-chart"') >= 4 and "Issue the pack to the board" in html
    meeting = Meeting.objects.get(pk=int(re.search(r"/meetings/(\d+)/", link).group(1)))
    sent = meeting.reports.filter(kind="short", status="submitted")
    assert sent.count() == 2 and all(escape(report.sections["summary"]) in html for report in sent)
    assert 'style="' not in html
