"""The whole path of a call in a real Chromium: an association applies in Arabic without an
account, survives a lost connection, submits; two reviewers score; the coordinator selects;
the new focal point accepts the invitation."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from sanad.calls.models import Application, Call
from sanad.network.models import Membership
from sanad.tests.browser import screenshot
from sanad.tests.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NAME = "جمعية الأمل للمواكبة"
ACCESS = "نزور السجن المحلي بفاس أسبوعيًا ونستقبل الأسر."
AFTER_OUTAGE = " ونواكب المفرج عنهن."


def _link(pattern):
    """The path of the last link matching `pattern` that was e-mailed."""
    found = [m.group(0) for message in mail.outbox if (m := re.search(pattern, message.body))]
    return "/" + found[-1].split("://", 1)[1].split("/", 1)[1]


def _field(label):
    question = Call.objects.get().questions.get(label_fr=label)
    return f"[name=q{question.pk}]"


def test_a_call_from_application_to_a_new_partner(chromium, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", verbosity=0)
    call = Call.objects.get()
    context = chromium.new_context(base_url=live_server.url, locale="ar-MA")
    page = context.new_page()
    page.set_default_timeout(15_000)

    # The association asks for its private link, in Arabic, without an account.
    page.goto(f"/calls/{call.code}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("input[name=email]", "contact@amal-fes.example")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".alert-success")
    page.goto(_link(r"http\S+/calls/apply/\S+/"))
    page.fill(_field("Nom de l'association"), NAME)
    page.fill(_field("Ville du siège"), "فاس")
    page.fill(_field("Nom du point focal pour le dispositif"), "سناء بنعلي")
    page.check(_field("Champs d'action") + "[value=women]")
    page.check(_field("Régions d'intervention") + "[value=fes-meknes]")
    page.select_option(_field("Assurez-vous un suivi avant et après la libération ?"), "0")
    page.fill(_field("Années d'expérience auprès des personnes détenues"), "8")
    access = _field("Décrivez votre accès direct aux publics cibles (détenu·e·s, familles)")
    page.fill(access, ACCESS)
    page.wait_for_selector("#autosave-status:not(:empty)")  # the server has the answers
    # The connection drops while typing: the words stay in the browser, then reach the server.
    context.set_offline(True)
    page.type(access, AFTER_OUTAGE)
    page.wait_for_timeout(1200)
    context.set_offline(False)
    page.reload()
    assert page.input_value(access) == ACCESS + AFTER_OUTAGE
    assert page.input_value(_field("Nom de l'association")) == NAME
    statutes = tmp_path / "statuts.pdf"
    statutes.write_bytes(b"%PDF-1.4\n% statuts\n%%EOF\n")
    page.set_input_files("input[type=file]", str(statutes))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("text=statuts.pdf")
    screenshot(page, "call-application-ar")
    page.click("#application-form button[value=submit]")
    page.wait_for_selector(".alert-success >> text=PDF")
    application = Application.objects.get(email="contact@amal-fes.example")
    assert application.state == "submitted"
    question = call.questions.get(label_fr__startswith="Décrivez votre accès")
    assert application.answers[str(question.pk)] == ACCESS + AFTER_OUTAGE
    assert mail.outbox[-1].attachments[0][2] == "application/pdf"
    context.close()

    # Two reviewers score it, each in their language.
    for reviewer in ("reviewer@omp.example", "reviewer2@omp.example"):
        reviewer_context = chromium.new_context(base_url=live_server.url)
        reviewer_page = reviewer_context.new_page()
        sign_in(reviewer_page, reviewer)
        reviewer_page.wait_for_url("**/")
        reviewer_page.goto(f"/calls/manage/{call.code}/applications/{application.code}/")
        # The scoring form comes once no conflict of interest is declared; the statutes open.
        assert reviewer_page.locator("select[name^=score_]").count() == 0
        with reviewer_page.expect_download() as statutes:
            reviewer_page.locator("dd a[href*='/files/']").first.click()
        assert statutes.value.suggested_filename.endswith(".pdf")
        reviewer_page.click("button[value=no_conflict]")
        reviewer_page.wait_for_selector("select[name^=score_]")
        for select in reviewer_page.locator("select[name^=score_]").all():
            select.select_option("4")
        reviewer_page.click("button[value=submit]")
        reviewer_page.wait_for_selector(".alert-success")
        reviewer_context.close()
    assert application.reviews.filter(submitted_at__isnull=False).count() == 2

    # After the deadline the coordinator selects it: the partner CSO is created, its focal
    # point invited.
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    coordinator_context = chromium.new_context(base_url=live_server.url, locale="fr-FR")
    coordinator = coordinator_context.new_page()
    sign_in(coordinator, "coordinator@omp.example")
    coordinator.wait_for_url("**/")
    coordinator.goto(f"/calls/manage/{call.code}/")
    coordinator.click(f"text={NAME}")
    coordinator.select_option("select[name=selected]", "1")
    coordinator.fill("textarea[name=reason]", "Accès direct aux détenues, suivi après libération.")
    coordinator.click("button[value=decide]")
    coordinator.wait_for_selector(".alert-info")
    screenshot(coordinator, "call-decided")
    coordinator_context.close()
    application.refresh_from_db()
    assert application.state == "selected" and application.organisation.name_fr == NAME

    invitation = _link(r"http\S+/network/join/\S+/")
    newcomer_context = chromium.new_context(base_url=live_server.url, locale="ar-MA")
    newcomer = newcomer_context.new_page()
    newcomer.goto(invitation)
    newcomer.fill("input[name=full_name]", "سناء بنعلي")
    newcomer.fill("input[name=password1]", "جملة سرية طويلة جدا 2026")
    newcomer.fill("input[name=password2]", "جملة سرية طويلة جدا 2026")
    newcomer.click("main form button[type=submit]")
    newcomer.wait_for_url("**/")
    membership = Membership.objects.get(user__email="contact@amal-fes.example")
    assert membership.role == "cso_manager" and membership.organisation == application.organisation
    assert newcomer.locator("html").get_attribute("dir") == "rtl"
    newcomer_context.close()
