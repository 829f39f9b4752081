"""The action plan's addresses: plans, actions, imports, set-up, subgroups, measures and evidence."""

from django.urls import path

from . import views, views_evidence, views_import, views_leads, views_measures, views_setup, views_subgroups

app_name = "actions"
urlpatterns = [
    path("", views.plan_index, name="index"),
    path("my-actions/", views.my_actions, name="my_actions"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:plan_pk>/actions/", views.action_list, name="action_list"),
    path("<int:plan_pk>/import/", views_import.plan_import_upload, name="plan_import"),
    path("<int:plan_pk>/import/reading/", views_import.plan_import_progress, name="plan_import_progress"),
    path("<int:plan_pk>/import/check/", views_import.plan_import_preview, name="plan_import_preview"),
    path("<int:plan_pk>/import/confirm/", views_import.plan_import_confirm, name="plan_import_confirm"),
    path("<int:plan_pk>/import/ratings/", views_import.plan_import_ratings, name="plan_import_ratings"),
    path("<int:plan_pk>/export.<str:fmt>", views_import.plan_export, name="plan_export"),
    path("new-for-inspection/<int:inspection_pk>/", views_setup.plan_create, name="plan_create"),
    path("<int:plan_pk>/set-up/", views_setup.plan_setup, name="plan_setup"),
    path("<int:plan_pk>/set-up/settings/", views_setup.plan_settings, name="plan_settings"),
    path("<int:plan_pk>/set-up/subgroups/", views_setup.plan_subgroups, name="plan_subgroups"),
    path("<int:plan_pk>/set-up/strands/", views_setup.plan_strands, name="plan_strands"),
    path("subgroups/<int:pk>/", views_subgroups.subgroup_detail, name="subgroup"),
    path("subgroups/<int:pk>/remind/", views_subgroups.subgroup_chase, name="subgroup_chase"),
    path("strands/<int:pk>/", views.strand_detail, name="strand"),
    path("strands/<int:pk>/edit/", views.strand_edit, name="strand_edit"),
    path("strands/<int:strand_pk>/add-action/", views.action_create, name="action_create"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/invite-lead/", views_leads.action_lead_invite, name="action_lead_invite"),
    path("actions/<int:pk>/update/", views.progress_update, name="progress_update"),
    path("<int:plan_pk>/measures/add/", views_measures.measure_create, name="measure_create"),
    path("measures/<int:pk>/", views_measures.measure_detail, name="measure"),
    path("measures/<int:pk>/edit/", views_measures.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/readings/", views_measures.measure_readings, name="measure_readings"),
    path("actions/<int:pk>/evidence/add/", views_evidence.evidence_add_to_action, name="action_evidence_add"),
    path("strands/<int:pk>/evidence/add/", views_evidence.evidence_add_to_strand, name="strand_evidence_add"),
    path("weaknesses/<int:pk>/evidence/", views_evidence.weakness_evidence_page, name="weakness_evidence"),
    path("weaknesses/<int:pk>/evidence/add/", views_evidence.evidence_add_to_weakness, name="weakness_evidence_add"),
    path("evidence/<int:pk>/file/", views_evidence.evidence_file, name="evidence_file"),
]
