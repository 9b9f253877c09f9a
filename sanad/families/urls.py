from django.urls import path

from sanad.families import views

app_name = "families"
urlpatterns = [
    path("", views.contact_list, name="contact_list"),
    path("contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<uuid:code>/", views.contact_edit, name="contact_edit"),
    path("relatives/pick/", views.relative_pick, name="relative_pick"),
    path("sessions/new/", views.session_edit, name="session_create"),
    path("sessions/<uuid:code>/", views.session_edit, name="session_edit"),
]
