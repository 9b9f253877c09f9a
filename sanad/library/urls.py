from django.urls import path

from sanad.library import views

app_name = "library"

urlpatterns = [
    path("", views.resource_list, name="resource_list"),
    path("new/", views.resource_edit, name="resource_create"),
    path("<uuid:code>/", views.resource_detail, name="resource_detail"),
    path("<uuid:code>/edit/", views.resource_edit, name="resource_edit"),
    path("<uuid:code>/versions/new/", views.version_add, name="version_add"),
    path("<uuid:code>/v<int:number>/<str:language>/", views.version_file, name="version_file"),
]
