from django.urls import path

from sanad.finance import views

app_name = "finance"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("budget/new/", views.budget_line_edit, name="budget_line_create"),
    path("budget/<uuid:code>/", views.budget_line_edit, name="budget_line_edit"),
    path("allocations/new/", views.allocation_create, name="allocation_create"),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/new/", views.claim_edit, name="claim_create"),
    path("claims/<uuid:code>/", views.claim_detail, name="claim_detail"),
    path("claims/<uuid:code>/edit/", views.claim_edit, name="claim_edit"),
    path("claims/<uuid:code>/submit/", views.claim_submit, name="claim_submit"),
    path("claims/<uuid:code>/decide/", views.claim_decide, name="claim_decide"),
    path("claims/<uuid:code>/pay/", views.claim_pay, name="claim_pay"),
    path("claims/<uuid:code>/receipt/", views.claim_receipt, name="claim_receipt"),
]
