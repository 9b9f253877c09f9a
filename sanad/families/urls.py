from django.urls import path

from sanad.families import views

app_name = "families"
urlpatterns = [
    path("", views.contact_list, name="contact_list"),
    path("contacts/new/", views.contact_create, name="contact_create"),
    path("sessions/new/", views.session_edit, name="session_create"),
    path("sessions/<uuid:code>/", views.session_edit, name="session_edit"),
]
