from django.urls import path

from sanad.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.partner_list, name="partner_list"),
    path("print.pdf", views.directory_pdf, name="directory_pdf"),
    path("outside/", views.actor_list, name="actor_list"),
    path("outside/new/", views.actor_edit, name="actor_create"),
    path("outside/<uuid:code>/edit/", views.actor_edit, name="actor_edit"),
    path("<uuid:code>/", views.partner_detail, name="partner_detail"),
]
