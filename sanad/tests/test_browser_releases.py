"""A release from Nour's worker's phone, in a real Chromium: the date and how it is known
on the 90-day list, a plan started from it, the identity papers referred to a service and
answered, the release recorded, and a month later the first follow-up with its outcomes."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from sanad.beneficiaries.models import Following
from sanad.directory.models import ExternalActor
from sanad.releases import services
from sanad.releases.models import ExpectedRelease, FollowUp, PlanItem, Release, Source
from sanad.tests.browser import screenshot
from sanad.tests.test_browser import sign_in
from sanad.tests.test_browser_calls import PHONE, _fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _leaving_soon():
    """A person Nour follows, still held and with no plan, whose registry date is known."""
    following = Following.objects.filter(
        organisation__acronym="Nour", active=True, beneficiary__release_plans__isnull=True,
        beneficiary__releases__isnull=True, beneficiary__placements__ended_on__isnull=True,
    ).select_related("beneficiary").order_by("pk").first()  # fmt: skip
    release = ExpectedRelease.objects.get(beneficiary=following.beneficiary)
    worker = following.organisation.memberships.get(role="cso_worker").user
    services.record_known_release(
        actor=worker, release=release, expected_version=release.version,
        values={"recorded_on": timezone.localdate() + timedelta(days=45), "remission_days": 0,
                "note": ""},
    )  # fmt: skip
    return following.beneficiary


def test_a_release_prepared_recorded_and_followed_on_a_phone(chromium, live_server):
    call_command("seed_demo", verbosity=0)
    person = _leaving_soon()
    service = ExternalActor.objects.order_by("pk").first()
    context = chromium.new_context(base_url=live_server.url, locale="fr-FR", **PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, "worker@nour.example")
    page.wait_for_url("**/")

    page.goto("/releases/")
    row = page.locator("tr", has_text=person.display_name)
    with translation.override("fr"):
        recorded = str(Source.RECORDED.label)
    assert recorded in row.inner_text()
    _fits_the_phone(page)
    row.get_by_role("link").click()
    page.click("form[action$='/plan/'] button")
    page.wait_for_url("**/releases/plans/**")
    _fits_the_phone(page)

    identity = PlanItem.objects.get(plan__beneficiary=person, step__key="identity")
    page.click(f"a[href$='/items/{identity.pk}/']")
    page.select_option("select[name=actor]", str(service.pk))
    page.select_option("select[name=referral]", "accepted")
    page.fill("textarea[name=answer]", "Rendez-vous pris pour la CIN le 12.")
    _fits_the_phone(page)
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=Rendez-vous pris pour la CIN")
    identity.refresh_from_db()
    assert (identity.actor, identity.referral) == (service, "accepted")

    page.goto(f"/releases/{person.code}/")
    page.fill("input[name=released_on]", timezone.localdate().isoformat())
    page.select_option("select[name=circumstances]", "end_of_sentence")
    page.select_option("select[name=follow_up_consent]", "yes")
    page.click("form[action$='/release/'] button")
    page.wait_for_load_state()
    release = Release.objects.get(beneficiary=person)
    assert release.follow_ups.count() == 4

    # A month later: the first follow-up is due.
    month_ago = timezone.localdate() - timedelta(days=30)
    Release.objects.filter(pk=release.pk).update(released_on=month_ago)
    release.follow_ups.filter(month=1).update(due_on=timezone.localdate())
    page.goto("/releases/follow-ups/")
    _fits_the_phone(page)
    page.locator("tr", has_text=person.display_name).get_by_role("link").click()
    page.select_option("select[name=housing]", "stable")
    page.select_option("select[name=activity]", "training")
    page.select_option("select[name=family_contact]", "true")
    page.fill("textarea[name=note]", "Vu au local, formation en menuiserie.")
    _fits_the_phone(page)
    screenshot(page, "release-follow-up-phone")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/releases/follow-ups/")
    first = FollowUp.objects.get(release=release, month=1)
    assert (first.done_on, first.housing, first.activity, first.family_contact) == (
        timezone.localdate(), "stable", "training", True)  # fmt: skip
    context.close()
