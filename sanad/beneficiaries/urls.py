from django.urls import path

from sanad.beneficiaries import views, views_import

app_name = "beneficiaries"
urlpatterns = [
    path("", views.beneficiary_list, name="beneficiary_list"),
    path("export/", views.beneficiary_export, name="beneficiary_export"),
    path("exports/<uuid:code>/", views.export_detail, name="export_detail"),
    path("exports/<uuid:code>/download/", views.export_download, name="export_download"),
    path("pick/", views.beneficiary_pick, name="beneficiary_pick"),
    path("new/", views.beneficiary_create, name="beneficiary_create"),
    path("import/", views_import.import_upload, name="import_upload"),
    path("import/<uuid:code>/", views_import.import_preview, name="import_preview"),
    path(
        "import/template-<str:language>.xlsx",
        views_import.import_template,
        name="import_template",
    ),
    path("duplicates/", views.duplicate_list, name="duplicate_list"),
    path("duplicates/<uuid:code>/", views.duplicate_resolve, name="duplicate_resolve"),
    path("consents/<uuid:code>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("consents/<uuid:code>/document/", views.consent_document, name="consent_document"),
    path("<uuid:code>/", views.beneficiary_detail, name="beneficiary_detail"),
    path("<uuid:code>/edit/", views.beneficiary_edit, name="beneficiary_edit"),
    path("<uuid:code>/status/", views.beneficiary_status, name="beneficiary_status"),
    path("<uuid:code>/placements/new/", views.placement_create, name="placement_create"),
    path("<uuid:code>/legal-status/new/", views.legal_status_create, name="legal_status_create"),
    path("<uuid:code>/consents/new/", views.consent_create, name="consent_create"),
    path("<uuid:code>/relatives/new/", views.relative_edit, name="relative_create"),
    path(
        "<uuid:code>/relatives/<uuid:relative_code>/",
        views.relative_edit,
        name="relative_edit",
    ),
    path("<uuid:code>/sharing/", views.beneficiary_share, name="beneficiary_share"),
]
