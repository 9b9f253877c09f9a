from django.urls import path

from sanad.forum import views

app_name = "forum"

urlpatterns = [
    path("", views.thread_list, name="thread_list"),
    path("new/", views.thread_create, name="thread_create"),
    path("announcements/", views.announcement_list, name="announcement_list"),
    path("announcements/new/", views.announcement_create, name="announcement_create"),
    path("announcements/<uuid:code>/", views.announcement_detail, name="announcement_detail"),
    path("<uuid:code>/", views.thread_detail, name="thread_detail"),
    path("<uuid:code>/reply/", views.thread_reply, name="thread_reply"),
    path("<uuid:code>/close/", views.thread_close, name="thread_close"),
]
