from django.urls import path

from sanad.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("actions/", views.action_list, name="action_list"),
    path("actions/<uuid:code>/done/", views.action_done, name="action_done"),
    path("<uuid:code>/", views.meeting_detail, name="meeting_detail"),
    path("<uuid:code>/invitation.ics", views.meeting_ics, name="meeting_ics"),
    path("<uuid:code>/outcome/", views.meeting_outcome, name="meeting_outcome"),
    path("<uuid:code>/change/", views.meeting_change, name="meeting_change"),
    path("<uuid:code>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<uuid:code>/documents/", views.document_upload, name="document_upload"),
    path("documents/<uuid:code>/", views.document_download, name="document_download"),
]
