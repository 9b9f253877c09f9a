from django.urls import path

from sanad.advocacy import views

app_name = "advocacy"

urlpatterns = [
    path("", views.recommendation_list, name="recommendation_list"),
    path("new/", views.recommendation_edit, name="recommendation_create"),
    path("<uuid:code>/", views.recommendation_detail, name="recommendation_detail"),
    path("<uuid:code>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path("<uuid:code>/status/", views.status_add, name="status_add"),
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_edit, name="event_create"),
    path("events/<uuid:code>/", views.event_detail, name="event_detail"),
    path("events/<uuid:code>/edit/", views.event_edit, name="event_edit"),
]
