from django.contrib import admin
from django.urls import include, path

from sanad.accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", account_views.healthz, name="healthz"),
    path("favicon.ico", account_views.favicon, name="favicon"),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("accounts/", include("sanad.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("calls/", include("sanad.calls.urls")),
    path("network/", include("sanad.network.urls")),
    path("directory/", include("sanad.directory.urls")),
    path("library/", include("sanad.library.urls")),
    path("trainings/", include("sanad.trainings.urls")),
    path("releases/", include("sanad.releases.urls")),
    path("forum/", include("sanad.forum.urls")),
    path("advocacy/", include("sanad.advocacy.urls")),
    path("handovers/", include("sanad.handovers.urls")),
    path("beneficiaries/", include("sanad.beneficiaries.urls")),
    path("legal/", include("sanad.legal.urls")),
    path("visits/", include("sanad.visits.urls")),
    path("families/", include("sanad.families.urls")),
    path("complaints/", include("sanad.complaints.urls")),
    path("meetings/", include("sanad.meetings.urls")),
    path("finance/", include("sanad.finance.urls")),
    path("audit/", include("sanad.auditlog.urls")),
    path("privacy/", include("sanad.privacy.urls")),
    path("reports/", include("sanad.reports.urls")),
    path("api/", include("sanad.api.urls")),
    path("reference/", include("sanad.reference.urls")),
    path("django-admin/", admin.site.urls),
]
