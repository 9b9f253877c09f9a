from django.urls import path

from sanad.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.visit_list, name="visit_list"),
    path("plan/", views.visit_plan, name="visit_plan"),
    path("pick/", views.visit_pick, name="visit_pick"),
    path("calendar/", views.visit_calendar, name="visit_calendar"),
    path("report/", views.visit_report, name="visit_report"),
    path("drafts/<str:key>/", views.visit_draft, name="visit_draft"),
    path("actions/", views.action_list, name="action_list"),
    path("actions/<uuid:code>/done/", views.action_done, name="action_done"),
    path(
        "establishments/<uuid:code>/",
        views.establishment_summary,
        name="establishment_summary",
    ),
    path("<uuid:code>/", views.visit_detail, name="visit_detail"),
    path("<uuid:code>/plan/", views.visit_plan, name="visit_plan_edit"),
    path("<uuid:code>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("<uuid:code>/report/", views.visit_report, name="visit_report_planned"),
]
