from django.urls import path

from sanad.calls import views, views_public

app_name = "calls"
urlpatterns = [
    path("", views_public.call_list, name="call_list"),
    path("<uuid:code>/", views_public.call_public, name="call_public"),
    path("apply/<str:token>/", views_public.application, name="application"),
    path("apply/<str:token>/autosave/", views_public.application_autosave, name="autosave"),
    path(
        "apply/<str:token>/files/<int:question_pk>/",
        views_public.application_file_add,
        name="file_add",
    ),
    path(
        "apply/<str:token>/files/<int:file_pk>/remove/",
        views_public.application_file_remove,
        name="file_remove",
    ),
    path(
        "apply/<str:token>/documents/<int:file_pk>/",
        views_public.application_file_own,
        name="file_own",
    ),
    path("apply/<str:token>/answers.pdf", views_public.application_answers_pdf, name="answers_pdf"),
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/new/", views.call_edit, name="call_create"),
    path("manage/<uuid:code>/", views.call_detail, name="call_detail"),
    path("manage/<uuid:code>/edit/", views.call_edit, name="call_edit"),
    path("manage/<uuid:code>/questionnaire/", views.questionnaire, name="questionnaire"),
    path(
        "manage/<uuid:code>/questionnaire/<str:kind>/<int:pk>/remove/",
        views.item_remove,
        name="item_remove",
    ),
    path("manage/<uuid:code>/publish/", views.call_publish, name="call_publish"),
    path("manage/<uuid:code>/close/", views.call_close, name="call_close"),
    path("manage/<uuid:code>/extend/", views.call_extend, name="call_extend"),
    path("manage/<uuid:code>/archive/", views.call_archive, name="call_archive"),
    path("manage/<uuid:code>/minutes/", views.call_minutes, name="call_minutes"),
    path("manage/<uuid:code>/applications.xlsx", views.call_export, name="call_export"),
    path(
        "manage/<uuid:code>/applications/<uuid:application_code>/",
        views.application_detail,
        name="application_detail",
    ),
    path(
        "manage/<uuid:code>/applications/<uuid:application_code>/files/<int:file_pk>/",
        views.application_file,
        name="application_file",
    ),
    path(
        "manage/<uuid:code>/applications/<uuid:application_code>/review/",
        views.review_save,
        name="review_save",
    ),
    path(
        "manage/<uuid:code>/applications/<uuid:application_code>/decide/",
        views.application_decide,
        name="application_decide",
    ),
    path(
        "manage/<uuid:code>/applications/<uuid:application_code>.pdf",
        views.application_export,
        name="application_export",
    ),
]
