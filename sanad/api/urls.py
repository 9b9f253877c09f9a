from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from sanad.api import endpoints, views
from sanad.network.decorators import public

app_name = "api"


def _documentation(view):
    """The schema and its page describe the API to anyone; they hold no data. Swagger UI
    sets inline styles as it draws, harmless on a page without data or user input."""
    return public(csp_update({"style-src": ["'unsafe-inline'"]})(view))


urlpatterns = [
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<uuid:code>/revoke/", views.token_revoke, name="token_revoke"),
    path("submissions/", views.submission_list, name="submission_list"),
    path("submissions/<uuid:code>/", views.submission_review, name="submission_review"),
    path("submissions/<uuid:code>/discard/", views.submission_discard, name="submission_discard"),
    path("v1/me/", endpoints.me, name="me"),
    path("v1/beneficiaries/", endpoints.beneficiary_list, name="beneficiary_list"),
    path("v1/beneficiaries/<uuid:code>/", endpoints.beneficiary_detail, name="beneficiary"),
    path("v1/cases/", endpoints.case_list, name="case_list"),
    path("v1/cases/<uuid:code>/", endpoints.case_detail, name="case"),
    path("v1/complaints/", endpoints.complaint_list, name="complaint_list"),
    path("v1/family-contacts/", endpoints.family_contact_list, name="family_contact_list"),
    path("v1/expense-claims/", endpoints.claim_list, name="claim_list"),
    path("v1/visits/", endpoints.visit_list, name="visit_list"),
    path("v1/visit-reports/", endpoints.visit_report_create, name="visit_report_create"),
    path("v1/form-submissions/", endpoints.form_submission, name="form_submission"),
    path("forms/visit-report.xlsx", views.visit_report_xlsform, name="visit_report_xlsform"),
    path("submissions/<uuid:code>/replay/", views.submission_replay, name="submission_replay"),
    path("v1/establishments/", endpoints.establishment_list, name="establishment_list"),
    path("v1/courts/", endpoints.court_list, name="court_list"),
    path("v1/rules/", endpoints.rule_list, name="rule_list"),
    path("v1/figures/", endpoints.figures, name="figures"),
    path("v1/figures.csv", endpoints.figures_csv, name="figures_csv"),
    path("v1/logframe/", endpoints.logframe, name="logframe"),
    path("v1/schema/", _documentation(SpectacularAPIView.as_view()), name="schema"),
    path(
        "v1/docs/",
        _documentation(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),  # fmt: skip
]
