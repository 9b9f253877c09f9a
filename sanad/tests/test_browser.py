"""End-to-end paths in a real Chromium: sign-in in Arabic, TOTP enrolment, invitations."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from sanad.accounts.tests.test_auth import totp_now
from sanad.audit.models import AuditEvent
from sanad.beneficiaries.models import Beneficiary
from sanad.finance.models import ExpenseClaim
from sanad.meetings.models import ActionItem
from sanad.network.models import Membership
from sanad.tests.browser import screenshot
from sanad.visits.models import Visit, VisitDraft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_PASSWORD = "sanad-demo-pass"


def sign_in(page, email, password=DEMO_PASSWORD):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("form.sanad-auth-form button[type=submit]")


def test_worker_signs_in_and_switches_to_arabic(page):
    call_command("seed_demo", verbosity=0)
    sign_in(page, "worker@nour.example")
    page.wait_for_url("**/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    page.select_option("#language-switcher", "ar")
    page.click("form[action='/i18n/setlang/'] button")
    page.wait_for_load_state()
    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl"
    assert html.get_attribute("lang") == "ar"
    assert "جمعية نور" in page.content()
    # The navigation starts on the right in Arabic.
    brand = page.locator(".sanad-brand").bounding_box()
    assert brand["x"] > page.viewport_size["width"] / 2
    assert screenshot(page, "home-worker-ar").stat().st_size > 10_000
    # The agenda's rows (written by Jinja2) in Arabic: the appeal due in a few days.
    page.click("header a[href='/legal/agenda/']")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "بعد" in page.locator("tbody tr").first.inner_text()
    # Hearings: day, month, year, then the time on a 24-hour clock (sanad/formats/ar).
    hearing = page.locator("li.list-group-item").first.inner_text()
    assert re.match(r"\d{1,2} \S+ \d{4} \d{2}:\d{2} — ", hearing), hearing
    screenshot(page, "agenda-worker-ar")


def test_manager_enrols_totp_then_needs_it_to_sign_in(page):
    call_command("seed_demo", verbosity=0)
    sign_in(page, "manager@nour.example")
    page.wait_for_url("**/")
    page.goto("/accounts/2fa/totp/activate/")
    page.fill("input[name=password]", DEMO_PASSWORD)  # allauth asks to confirm the password
    page.click("form.sanad-auth-form button[type=submit]")
    page.wait_for_url("**/2fa/totp/activate/")
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", totp_now(secret))
    page.click("form.sanad-auth-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/2fa/.*"))
    screenshot(page, "mfa-enrolled")
    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_load_state()

    sign_in(page, "manager@nour.example")
    page.wait_for_url("**/2fa/authenticate/")
    # The next step's code (tolerance is one step), since the current one was just used.
    step = int(timezone.now().timestamp()) // 30 + 1
    page.fill("input[name=code]", format_hotp_value(hotp_value(secret, step)))
    page.click("form.sanad-auth-form button[type=submit]")
    page.wait_for_url("**/")
    assert "جمعية نور" in page.content() or "Association Nour" in page.content()
    assert AuditEvent.objects.filter(action="mfa.added", actor_label="manager@nour.example")


def test_invitation_accepted_end_to_end(page):
    call_command("seed_demo", verbosity=0)
    sign_in(page, "manager@nour.example")
    page.wait_for_url("**/")
    # The focal point works in Arabic (her preference): the path is followed by its links.
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.click("main a:has-text('جمعية نور')")
    page.click("main a[href$='/members/']")
    page.click("main a[href$='/members/invite/']")
    page.fill("input[name=email]", "nouvelle.recrue@example.org")
    page.fill("input[name=full_name]", "Imane Nouvelle")
    page.select_option("select[name=role]", "cso_worker")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/members/")
    assert "nouvelle.recrue@example.org" in page.content()
    link = re.search(r"http\S+/network/join/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_load_state()

    page.goto("/" + path)
    page.fill("input[name=full_name]", "Imane Nouvelle")
    page.fill("input[name=password1]", "une longue phrase secrète")
    page.fill("input[name=password2]", "une longue phrase secrète")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/")
    assert "Imane Nouvelle" in page.content()
    membership = Membership.objects.get(user__email="nouvelle.recrue@example.org")
    assert membership.organisation.name_fr == "Association Nour"
    screenshot(page, "invitation-accepted")


def test_worker_registers_a_beneficiary_with_an_arabic_name_in_arabic(page):
    call_command("seed_demo", verbosity=0)
    sign_in(page, "worker@amal.example")  # works in Arabic
    page.wait_for_url("**/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.click("header a[href='/beneficiaries/']")
    page.click("main a[href='/beneficiaries/new/']")
    page.fill("input[name=first_name_ar]", "زينب")
    page.fill("input[name=last_name_ar]", "الحسني")
    page.select_option("select[name=sex]", "F")
    page.fill("input[name=birth_year]", "1988")
    page.check("input[name=needs][value=woman]")
    page.check("input[name=needs][value=death_row]")
    page.select_option("select[name=establishment]", label="السجن المركزي القنيطرة")
    page.fill("input[name=register_number]", "4321/2026")
    page.fill("input[name=placed_since]", "2026-03-01")
    page.check("input[name=consent_collected]")
    page.fill("input[name=consent_given_on]", "2026-03-02")
    page.fill("input[name=consent_language]", "الدارجة")
    screenshot(page, "beneficiary-form-ar")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/beneficiaries/*-*/")
    assert "زينب الحسني" in page.inner_text("h1")
    screenshot(page, "beneficiary-detail-ar")
    # Found again through the Arabic search, spelled with another form of the letters.
    page.goto("/beneficiaries/?q=زينب+الحسنى")
    assert page.locator("tbody tr").count() == 1
    row = page.locator("tbody tr").first.inner_text()
    assert "زينب الحسني" in row and "امرأة" in row and "4321/2026" in row
    screenshot(page, "beneficiary-list-ar")


def _prepare_and_download(page, name: str, prepared_path: str):
    """From a confirmation page in Arabic (screenshot `<name>-confirm-ar`): have the worker
    prepare the spreadsheet, wait on its page (`<name>-ready-ar`), download it."""
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, f"{name}-confirm-ar")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(rf".*{prepared_path}[0-9a-f-]+/$"))
    screenshot(page, f"{name}-ready-ar")
    with page.expect_download() as download:
        page.click("main a[href$='/download/']")
    return download.value


def test_manager_exports_the_list_in_arabic_and_downloads_the_prepared_spreadsheet(page):
    call_command("seed_demo", verbosity=0)
    sign_in(page, "manager@nour.example")  # works in Arabic
    page.wait_for_url("**/")
    page.goto("/beneficiaries/?need=woman")
    page.click("main a[href^='/beneficiaries/export/']")
    page.wait_for_url("**/beneficiaries/export/?need=woman")
    download = _prepare_and_download(page, "export", r"/beneficiaries/exports/")
    assert download.suggested_filename.endswith(".xlsx")
    book = load_workbook(BytesIO(Path(download.path()).read_bytes()))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "الرمز"
    nour_women = Beneficiary.objects.filter(
        needs__category="woman", followings__organisation__acronym="Nour", followings__active=True
    )
    assert sorted(row[0] for row in rows[1:]) == sorted(str(b.code) for b in nour_women)
    assert AuditEvent.objects.filter(action="beneficiary.export_downloaded").count() == 1


def test_analyst_prepares_the_pseudonymised_extract_in_arabic_and_downloads_it(page):
    call_command("seed_demo", verbosity=0)
    get_user_model().objects.filter(email="analyst@omp.example").update(preferred_language="ar")
    sign_in(page, "analyst@omp.example")
    page.wait_for_url("**/")
    page.goto("/reports/extract/")
    download = _prepare_and_download(page, "extract", r"/reports/extract/")
    assert re.fullmatch(r"sanad-analysis-[0-9-]+\.xlsx", download.suggested_filename)
    book = load_workbook(BytesIO(Path(download.path()).read_bytes()), read_only=True)
    sheets = ["people", "cases", "visits", "observations", "complaints", "notes"]
    assert book.sheetnames == sheets
    people = list(book["people"].iter_rows(values_only=True))[1:]
    notes = list(book["notes"].iter_rows(values_only=True))
    assert "\u0627" in notes[1][0], "the notes are in the reader's language"
    left_out = notes[-1][1]
    assert len(people) + left_out == Beneficiary.objects.filter(merged_into__isnull=True).count()
    assert all(re.fullmatch(r"[0-9a-f]{16}", row[0]) for row in people)
    assert AuditEvent.objects.filter(action="report.extract_downloaded").count() == 1


def test_visit_report_on_a_phone_in_arabic_survives_reload_and_failure(chromium, live_server):
    call_command("seed_demo", verbosity=0)
    context = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        locale="ar-MA",
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, "worker@amal.example")  # works in Arabic
    page.wait_for_url("**/")
    page.goto("/visits/report/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("textarea[name=discussed]", "ناقشنا موعد الجلسة القادمة ووضعها الصحي")
    page.select_option("select[name=obs0-category]", "health")
    page.fill("textarea[name=obs0-text]", "انقطاع الدواء منذ أسبوعين")
    page.wait_for_selector("#draft-status:not(:empty)")  # the server kept the draft
    assert VisitDraft.objects.filter(data__has_key=VisitDraft.CAPTURED).exists()
    page.reload()
    assert page.input_value("textarea[name=discussed]") == "ناقشنا موعد الجلسة القادمة ووضعها الصحي"
    assert page.input_value("textarea[name=obs0-text]") == "انقطاع الدواء منذ أسبوعين"
    # Submitting without a date and a severity fails, and keeps every word.
    page.click("#visit-report button[type=submit]")
    page.wait_for_selector(".alert-danger")
    assert page.input_value("textarea[name=obs0-text]") == "انقطاع الدواء منذ أسبوعين"
    screenshot(page, "visit-report-phone-ar")
    page.select_option("select[name=kind]", "family_home")
    page.fill("input[name=visited_on]", str(timezone.localdate()))
    # The person is found by typing part of her name, among Amal's people only.
    worker = get_user_model().objects.get(email="worker@amal.example")
    person = Beneficiary.objects.visible_to(worker).exclude(last_name_ar="").first()
    page.fill(".sanad-picker-search", person.last_name_ar)
    page.wait_for_selector(".sanad-picker-results button")
    page.locator(".sanad-picker-search").scroll_into_view_if_needed()
    screenshot(page, "visit-report-picker-ar")
    page.locator(".sanad-picker-results button", has_text=person.name_ar).first.click()
    assert page.is_checked(f"input[name=beneficiaries][value='{person.pk}']")
    page.select_option("select[name=obs0-severity]", "serious")
    # The network goes: the autosave says it did not reach the server, and sending keeps the
    # person on the form until the network is back, then sends.
    context.set_offline(True)
    page.fill("textarea[name=discussed]", "ناقشنا موعد الجلسة القادمة ووضعها الصحي والعائلي")
    page.wait_for_selector("#draft-status.text-danger")
    assert "لم يُحفظ على الخادم" in page.inner_text("#draft-status")
    page.click("#visit-report button[type=submit]")
    assert "سيُرسل" in page.inner_text("#draft-status")
    assert (
        page.url.endswith("/visits/report/")
        and not Visit.objects.filter(beneficiaries=person, kind="family_home").exists()
    )
    screenshot(page, "visit-report-offline-ar")
    context.set_offline(False)
    page.wait_for_url("**/visits/*-*/")
    assert "انقطاع الدواء منذ أسبوعين" in page.content()
    assert "والعائلي" in Visit.objects.latest("id").discussed
    assert not VisitDraft.objects.filter(key="new").exists()
    assert person in Visit.objects.latest("id").beneficiaries.all()
    context.close()


def test_list_filters_fold_on_a_phone_until_one_is_used(chromium, live_server, page):
    call_command("seed_demo", verbosity=0)
    phone = chromium.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    ).new_page()
    sign_in(phone, "worker@amal.example")  # works in Arabic
    phone.wait_for_url("**/")
    phone.goto("/beneficiaries/")
    toggle = phone.locator(".sanad-filters-toggle")
    # The search stays in sight and the list starts under it, not a screen of selects away.
    assert phone.is_visible("input[name=q]") and toggle.inner_text() == "مزيد من عوامل التصفية"
    assert not phone.is_visible("select[name=status]")
    assert phone.locator("table").bounding_box()["y"] < 844
    # Name, age, needs, place and status fit the screen; legal status and CSO are for wider.
    table = phone.locator("table").bounding_box()
    screenshot(phone, "list-phone-ar")
    assert table["width"] <= 390 and not phone.is_visible("th:has-text('الوضعية الجنائية')")
    screenshot(phone, "list-filters-phone-ar")
    toggle.click()
    assert (
        phone.is_visible("select[name=status]") and toggle.get_attribute("aria-expanded") == "true"
    )
    phone.select_option("select[name=status]", "assisted")
    phone.click(".sanad-filters button[type=submit]")
    phone.wait_for_url("**status=assisted**")
    # A filter in use is never hidden.
    assert phone.is_visible("select[name=status]") and not toggle.is_visible()
    for path in ("/visits/", "/families/", "/legal/", "/complaints/"):
        phone.goto(path)
        assert phone.locator("table").bounding_box()["width"] <= 390, path
    phone.context.close()
    # The expense claims, as the CSO's focal point sees them on a phone.
    focal_point = chromium.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    ).new_page()
    sign_in(focal_point, "manager@amal.example")
    focal_point.wait_for_url("**/")
    focal_point.goto("/finance/claims/")
    assert focal_point.locator("table").bounding_box()["width"] <= 390
    focal_point.context.close()
    # On a wider screen every filter shows and there is nothing to unfold.
    sign_in(page, "coordinator@omp.example")
    page.wait_for_url("**/")
    page.goto("/beneficiaries/")
    assert page.is_visible("select[name=status]")
    assert not page.locator(".sanad-filters-toggle").is_visible()


def test_manager_links_an_expense_to_a_visit_found_by_its_date_in_arabic(page):
    call_command("seed_demo", verbosity=0)
    manager = get_user_model().objects.get(email="manager@nour.example")
    manager.preferred_language = "ar"
    manager.save(update_fields=["preferred_language"])
    visit = (
        Visit.objects.visible_to(manager)
        .filter(state="done", establishment__isnull=False)
        .latest("visited_on")
    )
    sign_in(page, manager.email)
    page.wait_for_url("**/")
    page.goto("/finance/claims/new/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.select_option("select[name=budget_line]", index=1)
    page.fill("input[name=amount]", "120.50")
    page.fill("input[name=spent_on]", str(visit.visited_on))
    page.fill("[name=description]", "سيارة أجرة إلى السجن")
    page.fill(".sanad-picker-search", visit.visited_on.strftime("%d/%m/%Y"))
    result = page.locator(".sanad-picker-results button", has_text=visit.establishment.name_ar)
    result.first.wait_for()
    screenshot(page, "claim-visit-picker-ar")
    result.first.click()
    assert page.is_checked(f"input[name=visit][value='{visit.pk}']")
    page.click("form.sanad-narrow button[type=submit]")
    page.wait_for_url("**/finance/claims/*-*/")
    claim = ExpenseClaim.objects.get(description="سيارة أجرة إلى السجن")
    assert claim.visit == visit and claim.organisation == visit.organisation


def test_a_coordinator_forced_to_enrol_a_second_factor_can_in_a_real_browser(page, settings):
    """Production's rule: the coordinator must enrol before seeing anything. Other requests
    made meanwhile (the favicon, a second tab) must not change the secret already scanned."""
    settings.SANAD_MFA_REQUIRED_ROLES = {"coordinator"}
    call_command("seed_demo", verbosity=0)
    sign_in(page, "coordinator@omp.example")
    page.wait_for_url("**/reauthenticate/**")
    assert "second factor" in page.content() or "second facteur" in page.content()
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form.sanad-auth-form button[type=submit]")
    page.wait_for_url("**/2fa/totp/activate/")
    secret = page.input_value("#authenticator_secret")
    # What a browser does meanwhile: its icon, and another page opened in a second tab.
    assert page.request.get("/favicon.ico").ok
    other = page.context.new_page()
    other.goto("/beneficiaries/")
    other.close()
    page.fill("input[name=code]", totp_now(secret))
    page.click("form.sanad-auth-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/2fa/.*"))
    assert "incorrect" not in page.content().lower()
    page.goto("/accounts/2fa/recovery-codes/")
    codes = page.input_value("#recovery_codes").split()
    assert len(codes) == 10
    page.goto("/beneficiaries/")
    assert page.url.endswith("/beneficiaries/")
    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_load_state()

    sign_in(page, "coordinator@omp.example")
    page.wait_for_url("**/2fa/authenticate/")
    step = int(timezone.now().timestamp()) // 30 + 1
    page.fill("input[name=code]", format_hotp_value(hotp_value(secret, step)))
    page.click("form.sanad-auth-form button[type=submit]")
    page.wait_for_url("**/")
    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_load_state()

    sign_in(page, "coordinator@omp.example")
    page.wait_for_url("**/2fa/authenticate/")
    page.fill("input[name=code]", codes[0])
    page.click("form.sanad-auth-form button[type=submit]")
    page.wait_for_url("**/")
    page.goto("/beneficiaries/")
    assert page.url.endswith("/beneficiaries/")


def test_a_person_in_two_organisations_chooses_one_and_registers_for_it(page):
    """dual@amal.example: an Amal field worker who is also a lawyer with a mandate on a Nour
    case. Asked to choose before registering; registers for Amal once Amal is chosen; reads
    the Nour client but is never offered, nor allowed, to edit them."""
    call_command("seed_demo", verbosity=0)
    sign_in(page, "dual@amal.example")
    page.wait_for_url("**/")
    page.goto("/beneficiaries/new/")
    assert "/beneficiaries/new/" not in page.url  # sent back to choose
    assert page.locator("#acting-switcher").is_visible()
    page.select_option("#acting-switcher", label="Association Amal")
    page.click("form[action='/network/acting/'] button")
    page.wait_for_load_state()
    page.goto("/beneficiaries/new/")
    page.fill("input[name=first_name_latin]", "Samia")
    page.fill("input[name=last_name_latin]", "Doukkali")
    page.select_option("select[name=sex]", "F")
    page.fill("input[name=birth_year]", "1991")
    page.check("input[name=needs][value=woman]")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/beneficiaries/*-*/")
    person = Beneficiary.objects.get(last_name_latin="Doukkali")
    assert person.identified_by.name_fr == "Association Amal"
    client = Beneficiary.objects.filter(
        legal_cases__mandates__lawyer__email="dual@amal.example"
    ).get()
    page.goto(f"/beneficiaries/{client.code}/")
    assert f"/beneficiaries/{client.code}/edit/" not in page.content()
    response = page.goto(f"/beneficiaries/{client.code}/edit/")
    assert response.status == 404


def test_a_focal_point_marks_their_csos_action_done_with_a_note(page):
    """Nour's focal point works in Arabic."""
    call_command("seed_demo", verbosity=0)
    item = ActionItem.objects.filter(owner_organisation__acronym="Nour").first()
    sign_in(page, "manager@nour.example")
    page.wait_for_url("**/")
    page.goto("/meetings/")
    page.click(f"text={item.meeting.title}")
    page.wait_for_url(f"**/meetings/{item.meeting.code}/")
    action = page.locator(".list-group-item", has_text=item.description)
    action.locator("textarea[name=note]").fill("Liste transmise à la coordination par e-mail")
    action.locator("button[type=submit]").click()
    page.wait_for_selector(".badge.text-bg-success")
    done = page.locator(".list-group-item", has_text=item.description).inner_text()
    assert "Liste transmise à la coordination par e-mail" in done
    item.refresh_from_db()
    assert item.done_by.email == "manager@nour.example" and item.done_by.display_name in done
    assert page.locator("textarea[name=note]").count() == 0
    screenshot(page, "meeting-action-done-ar")


def test_awareness_sessions_read_right_to_left_on_an_arabic_phone(chromium, live_server):
    """Date, place and attendance keep their order in an Arabic row: "23 — Siège … —
    2026/10/17 / مشاركاً" read in a mixed order before each part was isolated."""
    call_command("seed_demo", verbosity=0)
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    sign_in(page, "worker@amal.example")  # works in Arabic
    page.wait_for_url("**/")
    page.goto("/families/")
    rows = page.locator(".list-group-item", has=page.locator("bdi"))
    assert rows.count() > 0
    for n in range(rows.count()):
        parts = rows.nth(n).locator("bdi")
        first_fragment = (
            "e => { const r = e.getClientRects()[0]; return {x: r.x, y: r.y, width: r.width}; }"
        )
        boxes = [parts.nth(i).evaluate(first_fragment) for i in range(3)]
        # Date, place, attendance in reading order: each part is left of the one before on
        # its line, or on a later line.
        for before, after in zip(boxes, boxes[1:], strict=False):
            later_line = after["y"] > before["y"] + 10
            to_the_left = after["x"] + after["width"] <= before["x"] + 1
            assert later_line or to_the_left, (rows.nth(n).inner_text(), boxes)
    screenshot(page, "family-sessions-phone-ar")
    context.close()
