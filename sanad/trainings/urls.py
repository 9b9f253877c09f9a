from django.urls import path

from sanad.trainings import views

app_name = "trainings"

urlpatterns = [
    path("", views.training_list, name="training_list"),
    path("new/", views.training_edit, name="training_create"),
    path("<uuid:code>/", views.training_detail, name="training_detail"),
    path("<uuid:code>/edit/", views.training_edit, name="training_edit"),
    path("<uuid:code>/questions/", views.questions, name="questions"),
    path("<uuid:code>/questions/<int:pk>/remove/", views.question_remove, name="question_remove"),
    path("<uuid:code>/invite/", views.invite, name="invite"),
    path("<uuid:code>/attendance/", views.attendance, name="attendance"),
    path("<uuid:code>/cancel/", views.training_cancel, name="training_cancel"),
    path("<uuid:code>/questionnaire/<str:stage>/", views.questionnaire, name="questionnaire"),
    path("<uuid:code>/certificate/<uuid:participant>/", views.certificate, name="certificate"),
]
