from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from sanad.audit.models import AuditEvent


def test_register_reflects_the_configuration(client_for, personas, settings):
    settings.SANAD_MFA_REQUIRED_ROLES = {"lawyer", "admin"}
    settings.SANAD_BACKUP_KEY = ""
    page = client_for("coordinator").get(
        reverse("privacy:processing_register"), HTTP_ACCEPT_LANGUAGE="en"
    )
    content = page.content.decode()
    assert "admin, lawyer" in content and "key NOT configured" in content
    assert len(page.context["activities"]) == 4


def test_register_export_is_audited(client_for, personas):
    response = client_for("admin").get(reverse("privacy:processing_register_xlsx"))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 5
    assert AuditEvent.objects.filter(action="privacy.register_exported").exists()
    assert client_for("nour_manager").get(reverse("privacy:processing_register")).status_code == 403
