from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("dashboards/", views.dashboards, name="dashboards"),
    path("reports/", views.report_index, name="index"),
]
