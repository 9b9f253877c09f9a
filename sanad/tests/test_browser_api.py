"""The README's API walk in a real Chromium: Nour's worker creates a token on their page,
a program lists the association's people and sends a visit report with it, and the worker
finds the report waiting, confirms it, and it is a visit; the API's documentation page
renders under the site's content security policy."""

import json
import urllib.request

import pytest
from django.core.management import call_command

from sanad.api.models import Submission
from sanad.beneficiaries.models import Beneficiary
from sanad.reference.models import Establishment
from sanad.tests.test_browser import sign_in
from sanad.tests.test_browser_calls import PHONE, _fits_the_phone
from sanad.visits.models import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _call(url, secret, body=None):
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 (live_server)
        return response.status, json.loads(response.read())


def test_a_token_made_on_a_phone_sends_a_report_confirmed_in_sanad(chromium, live_server):
    call_command("seed_demo", verbosity=0)
    context = chromium.new_context(base_url=live_server.url, locale="fr-FR", **PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, "worker@nour.example")
    page.wait_for_url("**/")

    page.goto("/accounts/profile/")
    page.click("a[href='/api/tokens/']")
    page.fill("input[name=name]", "Serveur Kobo")
    page.select_option("select[name=access]", "write")
    page.click("form button[type=submit]:has-text('Créer')")
    secret = page.locator("code.user-select-all").inner_text().strip()
    assert secret.startswith("sanad_")
    _fits_the_phone(page)

    status, listed = _call(f"{live_server.url}/api/v1/beneficiaries/?page_size=5", secret)
    person = Beneficiary.objects.get(code=listed["results"][0]["code"])
    prison = Establishment.objects.order_by("pk").first()
    status, sent = _call(f"{live_server.url}/api/v1/visit-reports/", secret, {
        "kind": "detention", "establishment": str(prison.code),
        "visited_on": str(person.created_at.date()), "beneficiaries": [str(person.code)],
        "discussed": "Envoyé depuis Kobo", "observations": [],
    })  # fmt: skip
    assert status == 201 and not Visit.objects.filter(discussed="Envoyé depuis Kobo").exists()

    page.goto("/visits/")
    page.click("a[href='/api/submissions/']")
    page.click(f"a[href='/api/submissions/{sent['code']}/']")
    assert page.input_value("textarea[name=discussed]") == "Envoyé depuis Kobo"
    _fits_the_phone(page)
    page.click("button:has-text('Confirmer et enregistrer')")
    page.wait_for_url("**/api/submissions/")
    assert Submission.objects.get(code=sent["code"]).state == "confirmed"
    assert Visit.objects.get(discussed="Envoyé depuis Kobo").beneficiaries.get() == person


def test_the_api_documentation_renders_under_the_csp(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else 0)
    page.goto("/api/v1/docs/")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    assert "/api/v1/beneficiaries/" in page.content()
    assert refused == []
