from django.urls import path

from sanad.releases import views

app_name = "releases"

urlpatterns = [
    path("", views.release_list, name="release_list"),
    path("<uuid:code>/", views.release_detail, name="release_detail"),
    path("<uuid:code>/plan/", views.plan_start, name="plan_start"),
    path("<uuid:code>/release/", views.release_record, name="release_record"),
    path("follow-ups/", views.follow_up_list, name="follow_up_list"),
    path("follow-ups/<int:pk>/", views.follow_up_edit, name="follow_up_edit"),
    path("plans/<uuid:code>/", views.plan_detail, name="plan_detail"),
    path("plans/<uuid:code>/items/<int:pk>/", views.item_edit, name="item_edit"),
]
