from django.urls import path

from sanad.releases import views

app_name = "releases"

urlpatterns = [
    path("", views.release_list, name="release_list"),
    path("<uuid:code>/", views.release_detail, name="release_detail"),
]
