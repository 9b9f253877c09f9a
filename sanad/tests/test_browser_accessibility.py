"""The busiest pages in a real Chromium, in French, Arabic and English, on a desktop and a
390 px phone: axe-core (WCAG 2.1 A and AA) finds no serious or critical violation; Arabic
pages are checked again for contrast with Latin letters in place of Arabic ones (axe skips
shaped Arabic text); on the phone nothing scrolls sideways and no list hides a column."""

import itertools
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from sanad.advocacy.models import Recommendation
from sanad.api import services as api
from sanad.beneficiaries.models import Beneficiary
from sanad.calls import services
from sanad.calls.models import Call
from sanad.forum.models import Thread
from sanad.handovers.models import Handover
from sanad.legal.models import LegalCase
from sanad.releases.models import FollowUp, ReleasePlan
from sanad.tests.browser import mailed_link, screenshot
from sanad.trainings.models import Training

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # The pages' markup does not depend on the database: CI sweeps them once, on SQLite,
    # and keeps its 30 minutes (the PostgreSQL run repeats every other browser test).
    pytest.mark.skipif(connection.vendor == "postgresql", reason="swept once per CI, on SQLite"),
]
# WCAG 2.1 A and AA, and 2.2 AA for the size of targets.
WCAG = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    }
}
SERIOUS = {"serious", "critical"}
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# Busiest pages whose phone screenshots CI keeps (test-artifacts/).
SHOWN = {
    "worker home", "beneficiary list", "beneficiary detail", "my deadlines", "complaints",
    "directory", "handover", "library", "training", "advocacy", "recommendation", "discussion",
    "releases", "release plan", "follow-up after release",
}  # fmt: skip
# Arabic letters (and presentation forms) become Latin ones of the same colour and size.
LATIN_COPY = r"""() => {
  const arabic = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/g;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    node.nodeValue = node.nodeValue.replace(arabic, "a");
  }
}"""
# What a phone user would have to scroll sideways to see: the page, or a list's columns.
SIDEWAYS = """() => {
  const wide = [];
  if (document.documentElement.scrollWidth > window.innerWidth) wide.push("page");
  document.querySelectorAll("table.sanad-list").forEach((table) => {
    const box = table.parentElement;
    if (box.scrollWidth > box.clientWidth + 1) wide.push("list " + table.className);
    table.querySelectorAll("tbody td").forEach((cell) => {
      if (cell.textContent.trim() && getComputedStyle(cell).display === "none") {
        wide.push("hidden cell " + cell.dataset.label);
      }
    });
  });
  return wide;
}"""


def _pages() -> list[tuple[str, str | None, str]]:
    """(name, who, path): the pages, for the demo's people."""
    worker = get_user_model().objects.get(email="worker@nour.example")
    person = Beneficiary.objects.visible_to(worker).order_by("pk").first()
    case = LegalCase.objects.visible_to(worker).order_by("pk").first()
    held = Training.objects.get(state="held")
    recommendation = Recommendation.objects.order_by("pk").first()
    due = FollowUp.objects.filter(done_on__isnull=True).order_by("due_on").first()
    plan = ReleasePlan.objects.filter(beneficiary__releases__isnull=True).first()
    expires = timezone.localdate() + timedelta(days=30)
    values = {"name": "Kobo", "access": "write", "organisation": None, "expires_on": expires}
    api.create_token(actor=worker, mfa_verified=False, values=values)
    sent = {"kind": ["detention"], "visited_on": [str(timezone.localdate())],
            "beneficiaries": [str(person.pk)], "discussed": ["Envoyé par Kobo"]}  # fmt: skip
    nour = worker.memberships.get().organisation
    sent = api.receive_visit_report(actor=worker, token=None, organisation=nour, data=sent)
    services.start_application(
        call=Call.objects.get(), email="asso@example.org", language="fr", client=None
    )
    return [
        ("sign-in", None, "/accounts/login/"),
        ("public application", None, mailed_link(r"http\S+/calls/apply/\S+/")),
        ("worker home", "worker@nour.example", "/"),
        ("beneficiary list", "worker@nour.example", "/beneficiaries/"),
        ("beneficiary detail", "worker@nour.example", f"/beneficiaries/{person.code}/"),
        ("beneficiary form", "worker@nour.example", "/beneficiaries/new/"),
        ("visit report", "worker@nour.example", "/visits/report/"),
        ("case", "worker@nour.example", f"/legal/{case.code}/"),
        ("my deadlines", "worker@nour.example", "/legal/agenda/"),
        ("complaints", "coordinator@omp.example", "/complaints/"),
        ("coordinator dashboard", "coordinator@omp.example", "/reports/"),
        ("observer dashboard", "observer@donor.example", "/reports/"),
        ("claims", "manager@nour.example", "/finance/claims/"),
        ("directory", "worker@amal.example", "/directory/?service=legal"),
        ("handover", "worker@amal.example", f"/handovers/{Handover.objects.get().code}/"),
        ("library", "worker@nour.example", "/library/?theme=legal-aid"),
        ("training", "manager@nour.example", f"/trainings/{held.code}/"),
        ("advocacy", "observer@donor.example", "/advocacy/"),
        ("releases", "worker@nour.example", "/releases/?view=missing"),
        (
            "release plan",
            "coordinator@omp.example",
            f"/releases/plans/{plan.code}/",
        ),
        ("follow-up after release", "coordinator@omp.example", f"/releases/follow-ups/{due.pk}/"),
        ("API tokens", "worker@nour.example", "/api/tokens/"),
        ("submission review", "worker@nour.example", f"/api/submissions/{sent.code}/"),
        ("discussion", "worker@amal.example", f"/forum/{Thread.objects.first().code}/"),
        ("recommendation", "observer@donor.example", f"/advocacy/{recommendation.code}/"),
    ]


def _context(chromium, live_server, who, language, viewport):
    context = chromium.new_context(base_url=live_server.url, viewport=viewport)
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    if who:
        user = get_user_model().objects.get(email=who)
        get_user_model().objects.filter(pk=user.pk).update(preferred_language=language)
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append(
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
        )
    context.add_cookies(cookies)
    return context


def _serious(results: dict) -> list[str]:
    return [
        f"{v['id']}: {node['target']} {node.get('failureSummary', '')[:160]}"
        for v in results["violations"]
        if v["impact"] in SERIOUS
        for node in v["nodes"]
    ]


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_no_serious_violation_and_nothing_sideways(chromium, live_server, language):
    call_command("seed_demo", verbosity=0)
    axe, found, contexts = Axe(), {}, {}
    for (name, who, path), width in itertools.product(_pages(), WIDTHS):
        if (who, width) not in contexts:
            contexts[who, width] = _context(chromium, live_server, who, language, WIDTHS[width])
        page = contexts[who, width].new_page()
        page.set_default_timeout(20_000)
        response = page.goto(path)
        assert response.status == 200, (name, path, response.status)
        assert page.locator("html").get_attribute("lang") == language, name
        problems = _serious(axe.run(page, options=WCAG).response)
        if width == "phone":
            problems += [f"sideways: {what}" for what in page.evaluate(SIDEWAYS)]
            header = page.locator("header").bounding_box()["height"]
            if header > 120:
                problems.append(f"the header takes {header:.0f} px of the phone's height")
            if name in SHOWN and language in ("fr", "ar"):
                screenshot(page, f"phone-{language}-{name.replace(' ', '-')}")
        if language == "ar":
            page.evaluate(LATIN_COPY)
            latin = axe.run(page, options={"runOnly": ["color-contrast"]}).response
            problems += [f"(Latin copy) {p}" for p in _serious(latin)]
        if problems:
            found[f"{name} {width}"] = problems
        page.close()
    for context in contexts.values():
        context.close()
    assert not found, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in found.items())


def _contrast(page, foreground: str, background: str) -> float:
    return page.evaluate(CONTRAST, [foreground, background])


CONTRAST = """([a, b]) => {
  const lum = (c) => {
    const [r, g, b] = c.match(/\\d+/g).slice(0, 3).map((v) => {
      v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}"""


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_phone_menu_folds_and_the_keyboard_sees_where_it_is(chromium, live_server, language):
    call_command("seed_demo", verbosity=0)
    context = _context(chromium, live_server, "worker@nour.example", language, WIDTHS["phone"])
    page = context.new_page()
    page.goto("/beneficiaries/")
    menu = page.locator("#sanad-menu")
    assert not menu.is_visible()
    button = page.locator("label[for=sanad-menu-toggle]")
    assert page.locator("nav a[aria-current=page]").inner_text() in button.inner_text()
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")  # the menu
    page.keyboard.press("Space")
    assert menu.is_visible() and page.locator("nav a[href='/visits/']").is_visible()
    page.keyboard.press("Tab")
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"
    )
    assert ring[0] == "solid" and ring[1] >= 2
    assert _contrast(page, ring[2], "rgb(255, 255, 255)") >= 3
    assert _contrast(page, ring[2], "rgb(245, 248, 247)") >= 3  # the header's tint
    context.close()


def test_a_refused_form_takes_focus_to_its_errors_in_arabic(chromium, live_server):
    call_command("seed_demo", verbosity=0)
    context = _context(chromium, live_server, "worker@nour.example", "ar", WIDTHS["phone"])
    page = context.new_page()
    page.goto("/beneficiaries/new/")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_selector(".sanad-error-summary")
    focused = page.evaluate("() => document.activeElement.className")
    assert "sanad-error-summary" in focused
    summary = page.locator(".sanad-error-summary").inner_text()
    assert "benef_has_a_name" not in summary and "Constraint" not in summary
    assert "أدخل اسمًا واحدًا على الأقل" in summary
    link = page.locator(".sanad-error-summary a").first
    target = link.get_attribute("href")  # each field's error links to the field
    link.click()
    assert page.evaluate("() => '#' + document.activeElement.id") == target
    context.close()
