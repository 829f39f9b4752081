"""The data feed at /api/v1/: its schema at /api/v1/openapi.json, its documentation at /api/v1/docs."""
from django.urls import URLPattern, URLResolver, path
from django.views.generic import RedirectView

from .api import api


def _opened_by_token(patterns: list) -> list:
    """The feed's views are not behind the sign-in page: a token opens them, or they answer 401 (the schema and
    its documentation say only what the feed holds, not any area's data)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _opened_by_token(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback.login_required = False
    return patterns


app_name = "api"
# The feed's address itself leads to its documentation (the library's own index answers only with DEBUG on; its
# name stays, as the schema finds the feed's address by it).
urlpatterns = _opened_by_token([
    path("", RedirectView.as_view(pattern_name="api:openapi-view"), name="api-root")
    if pattern.name == "api-root" else pattern
    for pattern in api.urls[0]
])
