"""The home page's address, kept out of the reports namespace: every layout links to it as "home"."""
from django.urls import path

from .views import home

urlpatterns = [path("", home, name="home")]
