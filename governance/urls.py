"""Governance's addresses: boards and members, meetings with their agendas, decisions and actions arising, papers."""
from django.urls import path

from . import views, views_meetings, views_reports

app_name = "governance"
urlpatterns = [
    path("", views.board_index, name="index"),
    path("new/", views.board_create, name="board_create"),
    path("<int:pk>/", views.board_detail, name="board"),
    path("<int:pk>/edit/", views.board_edit, name="board_edit"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("meetings/<int:pk>/", views_meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views_meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/agenda/add/", views_meetings.agenda_item_add, name="agenda_item_add"),
    path("meetings/<int:pk>/decisions/add/", views_meetings.decision_add, name="decision_add"),
    path("meetings/<int:pk>/actions-arising/add/", views_meetings.action_arising_add, name="action_arising_add"),
    path("actions-arising/<int:pk>/plan-action/", views_meetings.action_arising_to_plan_action,
         name="action_arising_to_plan_action"),
    path("actions-arising/<int:pk>/status/", views_meetings.action_arising_status, name="action_arising_status"),
    path("reports/<int:pk>/", views_reports.report_detail, name="report"),
    path("reports/<int:pk>/edit/", views_reports.report_edit, name="report_edit"),
    path("reports/<int:pk>/reopen/", views_reports.report_reopen, name="report_reopen"),
]
