from django.urls import path

from sanad.auditlog import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("people/<uuid:code>/", views.person_history, name="person_history"),
]
