from django.urls import path

from sanad.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("conditions/", views.conditions_page, name="conditions"),
    path("logframe/", views.logframe, name="logframe"),
    path("projects/new/", views.project_edit, name="project_create"),
    path("projects/<uuid:code>/", views.project_edit, name="project_edit"),
    path("projects/<uuid:code>/objectives/new/", views.objective_create, name="objective_create"),
    path("projects/<uuid:code>/indicators/new/", views.indicator_edit, name="indicator_create"),
    path(
        "projects/<uuid:code>/indicators/<uuid:indicator_code>/",
        views.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "projects/<uuid:code>/indicators/<uuid:indicator_code>/targets/new/",
        views.target_create,
        name="target_create",
    ),
    path("donor/", views.donor_list, name="donor_list"),
    path("donor/current/", views.donor_current, name="donor_current"),
    path("donor/<uuid:code>/", views.donor_detail, name="donor_detail"),
    path("donor/<uuid:code>/report.<str:kind>", views.donor_download, name="donor_download"),
    path("extract/", views.extract_page, name="extract"),
    path("extract/<uuid:code>/", views.extract_detail, name="extract_detail"),
    path("extract/<uuid:code>/download/", views.extract_download, name="extract_download"),
]
