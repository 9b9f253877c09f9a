from django.urls import path

from sanad.legal import views, views_agenda, views_rules

app_name = "legal"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("pick/", views.case_pick, name="case_pick"),
    path("agenda/", views_agenda.agenda, name="agenda"),
    path("calendar/", views_agenda.calendar_manage, name="calendar_manage"),
    path("calendar/<str:token>.ics", views_agenda.calendar_feed, name="calendar_feed"),
    path("rules/", views_rules.rule_list, name="rule_list"),
    path("rules/new/", views_rules.rule_edit, name="rule_create"),
    path("rules/<uuid:code>/", views_rules.rule_edit, name="rule_edit"),
    path("new/<uuid:beneficiary_code>/", views.case_create, name="case_create"),
    path("<uuid:code>/", views.case_detail, name="case_detail"),
    path("<uuid:code>/edit/", views.case_edit, name="case_edit"),
    path("<uuid:code>/lawyers/new/", views.mandate_create, name="mandate_create"),
    path("<uuid:code>/hearings/new/", views.hearing_create, name="hearing_create"),
    path("<uuid:code>/decisions/new/", views.decision_create, name="decision_create"),
    path("<uuid:code>/remedies/new/", views.remedy_create, name="remedy_create"),
    path("<uuid:code>/documents/new/", views.document_upload, name="document_upload"),
    path("<uuid:code>/letters/<str:kind>/", views_agenda.letter, name="letter"),
    path("mandates/<uuid:code>/end/", views.mandate_end, name="mandate_end"),
    path("hearings/<uuid:code>/outcome/", views.hearing_outcome, name="hearing_outcome"),
    path("decisions/<uuid:code>/notification/", views.decision_notify, name="decision_notify"),
    path("remedies/<uuid:code>/", views.remedy_update, name="remedy_update"),
    path("deadlines/<uuid:code>/waive/", views.deadline_waive, name="deadline_waive"),
    path("documents/<uuid:code>/", views.document_download, name="document_download"),
]
