from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("dashboards/", views.dashboards, name="dashboards"),
    path("dashboards/meetings/<int:pk>/", views.meeting_dashboard_page, name="dashboard"),
    path("dashboards/meetings/<int:pk>/issue/", views.meeting_pack_issue, name="dashboard_issue"),
    path("reports/", views.report_index, name="index"),
]
