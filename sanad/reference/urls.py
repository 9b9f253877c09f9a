from django.urls import path

from sanad.reference import views

app_name = "reference"
urlpatterns = [
    path("establishments/", views.establishment_list, name="establishment_list"),
    path("establishments/new/", views.establishment_edit, name="establishment_create"),
    path("establishments/<uuid:code>/", views.establishment_edit, name="establishment_edit"),
    path("courts/", views.court_list, name="court_list"),
    path("courts/new/", views.court_edit, name="court_create"),
    path("courts/pick/", views.court_pick, name="court_pick"),
    path("courts/<uuid:code>/", views.court_edit, name="court_edit"),
    path("holidays/", views.holiday_list, name="holiday_list"),
    path("holidays/new/", views.holiday_edit, name="holiday_create"),
    path("holidays/<uuid:code>/", views.holiday_edit, name="holiday_edit"),
]
