"""The whole life of a call in a real Chromium: the coordinator builds and publishes it on a
desktop in French; an association applies in Arabic on a phone without an account, loses
its connection, comes back by the private link in a fresh browser, submits; the coordinator
closes the call early; a reviewer declares no conflict, reads the statutes and scores;
the coordinator checks the e-mail and selects; the new focal point joins."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sanad.calls import services
from sanad.calls.models import Application, Call
from sanad.network.models import Membership
from sanad.tests.browser import mailed_link, screenshot
from sanad.tests.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Appel 2027 : accès aux droits des détenues"
NAME = "جمعية الأمل للمواكبة"
ACCESS = "نزور السجن المحلي بفاس أسبوعيًا ونستقبل الأسر."
AFTER_OUTAGE = " ونواكب المفرج عنهن."
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "fr-FR"}


def _fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


def _signed_in(chromium, live_server, email, **options):
    context = chromium.new_context(base_url=live_server.url, **{**DESKTOP, **options})
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, email)
    page.wait_for_url("**/")
    return context, page


def _build(page) -> Call:
    """The coordinator writes the call, three questions, one criterion, and publishes it."""
    page.goto("/calls/manage/new/")
    page.fill("input[name=title_fr]", TITLE)
    page.fill("input[name=title_ar]", "دعوة 2027: ولوج السجينات إلى حقوقهن")
    page.fill("textarea[name=text_fr]", "Le réseau cherche des associations de terrain.")
    deadline = timezone.localtime() + timedelta(days=10)
    page.fill("input[name=deadline]", deadline.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(re.compile("reviewer@omp.example")).check()
    page.click("main form button[type=submit]")
    page.wait_for_url("**/questionnaire/")
    questions = [
        ("short", "Nom de l'association", "اسم الجمعية", "name_fr"),
        ("long", "Décrivez votre accès aux détenues", "صفوا ولوجكم إلى السجينات", ""),
        ("file", "Statuts", "القانون الأساسي", ""),
    ]
    for position, (kind, label_fr, label_ar, fills) in enumerate(questions):
        page.click("details:has(input[value=question]) summary")
        page.fill("input[name=q-position]", str(position))
        page.select_option("select[name=q-kind]", kind)
        page.fill("input[name=q-label_fr]", label_fr)
        page.fill("input[name=q-label_ar]", label_ar)
        page.check("input[name=q-required]")
        page.select_option("select[name=q-fills]", fills)
        page.click("details:has(input[value=question]) button[type=submit]")
        page.wait_for_selector(f'li:has-text("{label_fr}")')
    page.click("details:has(input[value=criterion]) summary")
    page.fill("input[name=c-label_fr]", "Accès direct aux publics cibles")
    page.click("details:has(input[value=criterion]) button[type=submit]")
    page.wait_for_selector("td:has-text('Accès direct aux publics cibles')")
    call = Call.objects.get(title_fr=TITLE)
    page.goto(f"/calls/manage/{call.code}/")
    page.click("form[action$='/publish/'] button")
    page.wait_for_selector(".alert-success")
    call.refresh_from_db()
    assert call.is_open
    return call


def _apply(chromium, live_server, call, tmp_path) -> str:
    """An association applies in Arabic on a phone; returns its private link."""
    context = chromium.new_context(base_url=live_server.url, locale="ar-MA", **PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"/calls/{call.code}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("input[name=email]", "contact@amal-fes.example")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".alert-success")
    link = mailed_link(r"http\S+/calls/apply/\S+/")
    page.goto(link)
    name, access, statutes = (f"[name=q{q.pk}]" for q in call.questions.all())
    page.fill(name, NAME)
    page.fill(access, ACCESS)
    page.wait_for_selector("#autosave-status:not(:empty)")  # the server has the answers
    # The connection drops while typing: the words stay in the browser, then reach the server.
    context.set_offline(True)
    page.type(access, AFTER_OUTAGE)
    page.wait_for_timeout(1200)
    context.set_offline(False)
    page.reload()
    assert page.input_value(access) == ACCESS + AFTER_OUTAGE
    scan = tmp_path / "statuts.pdf"
    scan.write_bytes(b"%PDF-1.4\n% statuts\n%%EOF\n")  # 25 bytes
    page.set_input_files("input[type=file]", str(scan))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("text=statuts.pdf")
    assert page.is_visible("text=25 بايتًا")  # not "25 بايتان"
    # On a phone every question, the document included, comes before the submit button.
    upload = page.locator("input[type=file]").bounding_box()
    assert upload["y"] < page.locator("button[value=submit]").bounding_box()["y"]
    _fits_the_phone(page)
    screenshot(page, "call-application-ar-phone")
    context.close()
    return link


def _submit_from_a_fresh_browser(chromium, live_server, link):
    """The private link opened later in a browser set to English: still Arabic, all kept."""
    context = chromium.new_context(base_url=live_server.url, locale="en-US", **PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(link)
    assert page.locator("html").get_attribute("lang") == "ar"
    page.click("button[value=submit]")
    page.wait_for_selector(".alert-success >> text=PDF")
    _fits_the_phone(page)
    context.close()


def test_a_call_from_its_building_to_a_new_partner(chromium, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", verbosity=0)
    desk, coordinator = _signed_in(chromium, live_server, "coordinator@omp.example")
    call = _build(coordinator)
    link = _apply(chromium, live_server, call, tmp_path)
    _submit_from_a_fresh_browser(chromium, live_server, link)
    application = Application.objects.get(email="contact@amal-fes.example")
    assert application.state == "submitted" and application.language == "ar"
    access = call.questions.get(kind="long")
    assert application.answers[str(access.pk)] == ACCESS + AFTER_OUTAGE
    assert mail.outbox[-1].attachments[0][2] == "application/pdf"

    # Another association only started: closing early says so, and tells it.
    services.start_application(call=call, email="brouillon@example.org", language="fr", client=None)
    coordinator.goto(f"/calls/manage/{call.code}/")
    coordinator.click(f"a[href='/calls/manage/{call.code}/close/']")
    assert "1 candidature est encore en cours de rédaction" in coordinator.inner_text("main")
    coordinator.click("main form button.btn-danger")
    coordinator.wait_for_selector(".alert-success")
    assert coordinator.inner_text("[aria-current=step]") == "Fermé"
    assert mail.outbox[-1].to == ["brouillon@example.org"]

    # The reviewer declares no conflict, opens the statutes, scores.
    reviewing, reviewer = _signed_in(chromium, live_server, "reviewer@omp.example")
    reviewer.goto(f"/calls/manage/{call.code}/applications/{application.code}/")
    assert reviewer.locator("select[name^=score_]").count() == 0
    reviewer.click("button[value=no_conflict]")
    reviewer.wait_for_selector("select[name^=score_]")
    with reviewer.expect_download() as statutes:
        reviewer.locator("dd a[href*='/files/']").first.click()
    assert statutes.value.suggested_filename == "statuts.pdf"
    file_url = reviewer.locator("dd a[href*='/files/']").first.get_attribute("href")
    reviewer.select_option("select[name^=score_]", "4")
    reviewer.click("button[value=submit]")
    reviewer.wait_for_selector(".alert-success")
    reviewing.close()
    # Nobody else gets the file: a reviewer of another call, a CSO worker.
    for outsider in ("reviewer2@omp.example", "worker@amal.example"):
        context, page = _signed_in(chromium, live_server, outsider)
        assert page.request.get(file_url).status == 404, outsider
        context.close()

    # The coordinator reads the ranking, sees the e-mail, then selects.
    coordinator.goto(f"/calls/manage/{call.code}/")
    assert "80,0" in coordinator.inner_text("table")
    coordinator.click(f"text={NAME}")
    coordinator.select_option("select[name=selected]", "1")
    reason = "Accès direct aux détenues, suivi après libération."
    coordinator.fill("textarea[name=reason]", reason)
    coordinator.click("button[value=preview]")
    coordinator.wait_for_selector(f".sanad-pre:has-text('{reason}')")
    assert coordinator.locator(".sanad-pre").get_attribute("dir") == "rtl"
    assert not Application.objects.filter(state="selected").exists()
    coordinator.click("button[value=decide]")
    coordinator.wait_for_selector(".alert-info")
    screenshot(coordinator, "call-decided")
    application.refresh_from_db()
    assert application.state == "selected" and application.organisation.name_fr == NAME
    to_them = [m.body for m in mail.outbox if m.to == ["contact@amal-fes.example"]]
    assert reason in to_them[-2] and "/network/join/" in to_them[-1]  # decision, then invitation

    invitation = mailed_link(r"http\S+/network/join/\S+/")
    newcomer_context = chromium.new_context(base_url=live_server.url, locale="ar-MA", **PHONE)
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
    coordinator.goto(reverse("network:organisation_detail", args=[application.organisation.code]))
    assert "سناء بنعلي" in coordinator.inner_text("main")
    desk.close()
