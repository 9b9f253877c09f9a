from django.urls import path

from sanad.privacy import views

app_name = "privacy"
urlpatterns = [
    path("processing/", views.processing_register, name="processing_register"),
    path("processing.xlsx", views.processing_register_xlsx, name="processing_register_xlsx"),
    path("retention/", views.retention, name="retention"),
    path("retention/policies/<int:pk>/", views.policy_edit, name="policy_edit"),
    path("retention/<uuid:code>/", views.review_detail, name="review_detail"),
    path("retention/<uuid:code>/approve/", views.review_approve, name="review_approve"),
    path("retention/<uuid:code>/decline/", views.review_decline, name="review_decline"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/<uuid:beneficiary_code>/", views.request_create, name="request_create"),
    path("requests/<uuid:code>/", views.request_detail, name="request_detail"),
    path("requests/<uuid:code>/export.pdf", views.request_export_pdf, name="request_export_pdf"),
    path("requests/<uuid:code>/export.json", views.request_export_json, name="request_export_json"),
]
