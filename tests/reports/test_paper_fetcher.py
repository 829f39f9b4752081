"""The paper's URL fetcher serves the service's own static files and data: images, and refuses everything else."""
import base64

import pytest

from reports.papers.addresses import PAPER_ORIGIN, static_url
from reports.papers.pdf import Refused, StaticOnlyFetcher, static_path


def test_the_paper_stylesheet_is_served_from_the_static_folder():
    response = StaticOnlyFetcher().fetch(static_url("reports/paper.css"))
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://127.0.0.1:9/canary",
    "https://example.org/paper.css",
    f"{PAPER_ORIGIN}/static/../../../../etc/passwd",
    f"{PAPER_ORIGIN}/static/reports/../../wsoa/settings/base.py",
    f"{PAPER_ORIGIN}/static/%2e%2e/%2e%2e/etc/passwd",
    f"{PAPER_ORIGIN}/static//etc/passwd",
    f"{PAPER_ORIGIN}/etc/passwd",
    f"{PAPER_ORIGIN}/static/reports/missing.css",
    "https://paper.invalid.example.org/static/reports/paper.css",
])
def test_anything_but_a_static_file_is_refused(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(Refused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_a_static_file_of_a_type_papers_do_not_use_is_refused():
    with pytest.raises(Refused):
        static_path(static_url("wsoa/init.js"))


def test_data_images_are_decoded_and_other_data_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    image = StaticOnlyFetcher().fetch("data:image/svg+xml;base64," + base64.b64encode(svg).decode())
    assert image.read() == svg
    with pytest.raises(Refused):
        StaticOnlyFetcher().fetch("data:text/html;base64,PHNjcmlwdD4=")
