"""The reports' addresses: board dashboards, committee reports, their templates and an area's branding."""

from django.urls import path

from . import views
from .papers import views as papers
from .papers import views_templates as templates

app_name = "reports"
urlpatterns = [
    path("dashboards/", views.dashboards, name="dashboards"),
    path("dashboards/meetings/<int:pk>/", views.meeting_dashboard_page, name="dashboard"),
    path("dashboards/meetings/<int:pk>/issue/", views.meeting_pack_issue, name="dashboard_issue"),
    path("reports/", papers.report_index, name="index"),
    path("reports/start/", papers.report_start, name="report_start"),
    path("reports/<int:pk>/", papers.report_page, name="report"),
    path("reports/<int:pk>/title/", papers.title_edit, name="report_title"),
    path("reports/<int:pk>/sections/<int:position>/", papers.section_edit, name="report_section"),
    path("reports/<int:pk>/approve/", papers.report_approve, name="report_approve"),
    path("reports/<int:pk>/issue/", papers.report_issue, name="report_issue"),
    path("reports/<int:pk>/reopen/", papers.report_reopen, name="report_reopen"),
    path("reports/<int:pk>/preview/", papers.report_preview, name="report_preview"),
    path("reports/<int:pk>/versions/<int:number>/pdf/", papers.issue_download, name="issue_download"),
    path("reports/<int:pk>/versions/<int:number>/status/", papers.issue_status, name="issue_status"),
    path("reports/<int:pk>/versions/<int:number>/retry/", papers.issue_retry, name="issue_retry"),
    path("reports/templates/", templates.template_index, name="templates"),
    path("reports/branding/<int:area_pk>/", templates.branding_edit, name="branding"),
    path("reports/templates/<int:pk>/", templates.template_page, name="template"),
    path("reports/templates/<int:pk>/copy/", templates.template_copy, name="template_copy"),
    path("reports/templates/<int:pk>/edit/", templates.template_edit, name="template_edit"),
    path("reports/templates/<int:pk>/sections/add/", templates.template_section_add, name="template_section_add"),
    path("reports/templates/<int:pk>/sections/<int:position>/", templates.template_section_edit,
         name="template_section"),
    path("reports/templates/<int:pk>/sections/<int:position>/move/", templates.template_section_move,
         name="template_section_move"),
    path("reports/templates/<int:pk>/sections/<int:position>/remove/", templates.template_section_remove,
         name="template_section_remove"),
]
