"""The inspections' addresses: inspections, letters, milestones, calendar feeds and an area's set-up."""

from django.urls import path

from . import feeds, views, views_setup

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list, name="index"),
    path("new/", views.inspection_create, name="create"),
    path("import-letter/", views.letter_upload, name="letter_upload"),
    path("import-letter/reading/", views.letter_progress, name="letter_progress"),
    path("import-letter/review/", views.letter_review, name="letter_review"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/edit/", views.inspection_edit, name="edit"),
    path("<int:pk>/lifecycle/", views.inspection_transition, name="transition"),
    path("<int:pk>/approvals/", views.approval_add, name="approval_add"),
    path("<int:pk>/weaknesses/<int:weakness_pk>/judgement/", views.weakness_judgement, name="weakness_judgement"),
    path("milestones/<int:pk>/met/", views.milestone_met, name="milestone_met"),
    path("areas/<int:area_pk>/", views_setup.area_setup_page, name="area_setup"),
    path("areas/<int:area_pk>/partners/new/", views_setup.partner_edit, name="partner_add"),
    path("areas/<int:area_pk>/partners/<int:pk>/", views_setup.partner_edit, name="partner_edit"),
    path("areas/<int:area_pk>/closures/new/", views_setup.closure_add, name="closure_add"),
    path("areas/<int:area_pk>/closures/<int:pk>/remove/", views_setup.closure_remove, name="closure_remove"),
    path("deadline-rules/", views_setup.rule_list, name="rule_list"),
    path("deadline-rules/<int:pk>/", views_setup.rule_edit, name="rule_edit"),
    path("calendar/", feeds.calendar_subscribe, name="calendar_subscribe"),
    path("calendar/<slug:token>/mine.ics", feeds.my_milestones_feed, name="my_feed"),
    path("calendar/<slug:token>/inspection-<int:pk>.ics", feeds.inspection_feed, name="inspection_feed"),
]
