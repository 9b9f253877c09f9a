from django.urls import path

from sanad.privacy import views

app_name = "privacy"
urlpatterns = [
    path("processing/", views.processing_register, name="processing_register"),
    path("processing.xlsx", views.processing_register_xlsx, name="processing_register_xlsx"),
]
