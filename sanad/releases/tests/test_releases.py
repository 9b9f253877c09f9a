"""Expected releases: computed from the sentence and the start of detention (less
remissions), estimated before trial from the rules, recorded by the CSO when known; listed
for the next 90 days per CSO, with the people whose date is unknown and why."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sanad.audit.models import AuditEvent
from sanad.beneficiaries.services import add_placement
from sanad.beneficiaries.tests.conftest import register
from sanad.directory.models import ExternalActor
from sanad.legal import services as legal
from sanad.network.models import Notification
from sanad.reference.models import Establishment
from sanad.releases import services
from sanad.releases.models import ExpectedRelease, FollowUp, Release, ReleasePlan
from sanad.releases.services import refresh, refresh_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(db):
    call_command("load_reference", verbosity=0)


def _case(personas, org="nour", name="Salma", **values):
    person = register(personas, org, first_name_latin=name, last_name_latin="Tazi")
    values = {"stage": "first_instance", "offence_class": "delit"} | values
    return legal.open_case(actor=getattr(personas, f"{org}_worker"), beneficiary=person,
                           values=values)  # fmt: skip


def _sentence(personas, case, **values):
    values = {"level": "first_instance", "kind": "contradictory",
              "pronounced_on": date(2026, 3, 2)} | values  # fmt: skip
    legal.record_decision(actor=personas.nour_worker, case=case, values=values)


def _release(case) -> ExpectedRelease:
    return ExpectedRelease.objects.get(beneficiary=case.beneficiary)


def test_a_sentence_ends_its_months_after_detention_began_less_suspension_and_remissions(
    personas, rules
):
    case = _case(personas, detained_since=date(2026, 1, 15))
    _sentence(personas, case, custodial_months=18, suspended_months=6)
    release = _release(case)
    assert (release.on, release.source, release.basis) == (
        date(2027, 1, 15),
        "computed",
        "sentence",
    )
    release.remission_days = 30
    release.save()
    assert refresh(case.beneficiary).on == date(2026, 12, 16)


def test_before_trial_the_date_is_estimated_from_the_rule_and_says_so(personas, rules):
    case = _case(personas, detained_since=date(2026, 10, 1))  # a délit: three months at most
    release = _release(case)
    assert (release.on, release.source, release.basis) == (date(2027, 1, 1), "estimated",
                                                            "pretrial_limit")  # fmt: skip


@pytest.mark.parametrize(
    "values, decision, expected",
    [
        ({}, None, (None, "missing", ["detention_start"])),
        ({"offence_class": "", "detained_since": date(2026, 1, 5)}, None,
         (None, "missing", ["offence_class"])),
        ({"detained_since": date(2026, 1, 5)}, {"life_sentence": True}, (None, "no_end", [])),
        ({"detained_since": date(2026, 1, 5)}, {"custodial_months": 6, "suspended_months": 6},
         (date(2026, 3, 2), "no_prison", [])),
    ],
)  # fmt: skip
def test_what_is_missing_or_ends_no_date_is_said(personas, rules, values, decision, expected):
    case = _case(personas, **values)
    if decision is not None:
        _sentence(personas, case, **decision)
    release = _release(case)
    assert (release.on, release.basis, release.missing) == expected


def test_the_latest_of_two_cases_is_the_day_the_person_leaves(personas, rules):
    first = _case(personas, detained_since=date(2026, 1, 15))
    _sentence(personas, first, custodial_months=6)
    second = legal.open_case(
        actor=personas.nour_worker,
        beneficiary=first.beneficiary,
        values={"stage": "first_instance", "offence_class": "delit",
                "detained_since": date(2026, 1, 15)},
    )  # fmt: skip
    _sentence(personas, second, custodial_months=12)
    assert _release(first).on == date(2027, 1, 15)


def test_the_90_day_list_is_each_csos_own_with_the_source_shown(client_for, personas, rules):
    today = timezone.localdate()
    soon = _case(personas, name="Salma", detained_since=today - timedelta(days=60))  # 3 months
    _case(personas, org="amal", name="Awa", detained_since=today - timedelta(days=60))
    later = _case(personas, name="Nadia", detained_since=today)
    _sentence(personas, later, custodial_months=24)
    url = reverse("releases:release_list")
    listed = client_for("nour_worker").get(url)
    assert [r.beneficiary for r in listed.context["page"].object_list] == [soon.beneficiary]
    assert "Estimée" in listed.text  # the source, in the reader's language
    amal = client_for("amal_worker").get(url).context["page"].object_list
    assert [r.beneficiary.first_name_latin for r in amal] == ["Awa"]
    assert len(client_for("coordinator").get(url).context["page"].object_list) == 2
    for persona in ("lawyer", "observer", "analyst", "finance"):
        assert client_for(persona).get(url).status_code == 403, persona
    assert client_for("nour_worker").post(url).status_code == 405


def test_the_unknown_list_says_what_to_record(client_for, personas, rules):
    held = {"establishment": Establishment.objects.first(), "started_on": date(2026, 2, 1)}
    person = register(personas, "nour", first_name_latin="Hind", placement=held)
    refresh_all()
    page = client_for("nour_worker").get(reverse("releases:release_list"), {"view": "missing"})
    (row,) = page.context["page"].object_list
    assert row.beneficiary == person and "un dossier juridique" in page.text


def test_the_cso_records_a_release_date_and_remissions_with_a_version_check(
    client_for, personas, rules
):
    case = _case(personas, detained_since=date(2026, 1, 15))
    _sentence(personas, case, custodial_months=12)
    release = _release(case)
    url = reverse("releases:release_detail", args=[case.beneficiary.code])
    form = {
        "recorded_on": "",
        "remission_days": "20",
        "note": "Grâce du Trône",
        "version": release.version,
    }
    assert client_for("amal_worker").get(url).status_code == 404
    assert client_for("nour_worker").post(url, form).status_code == 302
    release.refresh_from_db()
    assert (release.on, release.remission_days) == (date(2026, 12, 26), 20)
    stale = client_for("nour_manager").post(url, form | {"remission_days": "40"})
    assert stale.status_code == 200 and stale.context["conflict"].remission_days == 20
    release.refresh_from_db()
    assert release.remission_days == 20
    event = AuditEvent.objects.get(action="release.recorded")
    assert event.changes["remission_days"] == [0, 20]
    history = client_for("coordinator").get(
        reverse("audit:person_history", args=[case.beneficiary.code])
    )
    assert event in history.context["page"].object_list
    client_for("nour_worker").post(url, form | {"recorded_on": "2026-11-30",
                                                 "version": release.version})  # fmt: skip
    release.refresh_from_db()
    assert (release.on, release.source) == (date(2026, 11, 30), "recorded")
    assert client_for("nour_worker").put(url).status_code == 405


def test_the_list_reads_a_bounded_number_of_queries(
    client_for, personas, rules, django_assert_max_num_queries
):
    today = timezone.localdate()
    for number in range(30):
        _case(personas, name=f"P{number}", detained_since=today - timedelta(days=30))
    client = client_for("nour_worker")
    client.get(reverse("releases:release_list"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("releases:release_list"))
    assert len(response.context["page"].object_list) == 25


def _planned(client_for, personas, **values):
    case = _case(personas, detained_since=date(2026, 1, 15), **values)
    _sentence(personas, case, custodial_months=12)  # release on 2027-01-15
    url = reverse("releases:plan_start", args=[case.beneficiary.code])
    return case.beneficiary, client_for("nour_worker").post(url)


def test_a_plan_starts_with_the_checklist_due_before_the_release(client_for, personas, rules):
    person, response = _planned(client_for, personas)
    plan = ReleasePlan.objects.get()
    assert response["Location"] == reverse("releases:plan_detail", args=[plan.code])
    due = dict(plan.items.values_list("step__key", "due_on"))
    assert "consular" not in due  # not a foreigner
    assert due["identity"] == date(2026, 11, 16) and due["transport"] == date(2027, 1, 8)
    again = client_for("nour_worker").post(
        reverse("releases:plan_start", args=[person.code]), follow=True
    )
    assert ReleasePlan.objects.count() == 1 and again.context["messages"]
    assert AuditEvent.objects.filter(action="release_plan.started").exists()
    assert (
        client_for("amal_worker")
        .post(reverse("releases:plan_start", args=[person.code]))
        .status_code
        == 404
    )
    assert (
        client_for("lawyer").get(reverse("releases:plan_detail", args=[plan.code])).status_code
        == 403
    )


def test_a_foreigner_s_plan_has_consular_papers(client_for, personas, rules):
    person = register(personas, "nour", first_name_latin="Awa", nationalities=["SN"])
    legal.open_case(actor=personas.nour_worker, beneficiary=person,
                    values={"stage": "first_instance", "offence_class": "delit",
                            "detained_since": date(2026, 10, 1)})  # fmt: skip
    client_for("nour_worker").post(reverse("releases:plan_start", args=[person.code]))
    assert ReleasePlan.objects.get().items.filter(step__key="consular").exists()


def test_an_item_is_owned_referred_to_a_service_and_answered(client_for, personas, rules):
    person, _response = _planned(client_for, personas)
    plan = ReleasePlan.objects.get()
    item = plan.items.get(step__key="identity")
    consulate = ExternalActor.objects.create(kind="social", name_fr="Annexe administrative")
    url = reverse("releases:item_edit", args=[plan.code, item.pk])
    both = {"version": item.version, "partner": personas.amal.pk, "actor": consulate.pk,
            "referral": "sent"}  # fmt: skip
    refused = client_for("nour_worker").post(url, both)
    assert refused.status_code == 200 and "actor" in refused.context["form"].errors
    unnamed = client_for("nour_worker").post(url, {"version": item.version, "referral": "sent"})
    assert "referral" in unnamed.context["form"].errors
    typed = {"owner": personas.nour_worker.pk, "due_on": "2026-11-16", "actor": consulate.pk,
             "referral": "accepted", "answer": "CIN prête le 20 novembre",
             "version": item.version}  # fmt: skip
    assert client_for("nour_worker").post(url, typed).status_code == 302
    item.refresh_from_db()
    assert (item.owner, item.actor, item.referral) == (personas.nour_worker, consulate, "accepted")
    stale = client_for("nour_manager").post(url, typed | {"answer": "Autre"})
    assert (
        stale.status_code == 200 and stale.context["conflict"].answer == "CIN prête le 20 novembre"
    )
    event = AuditEvent.objects.get(action="release_plan.item_updated")
    history = client_for("coordinator").get(reverse("audit:person_history", args=[person.code]))
    assert event in history.context["page"].object_list
    assert client_for("amal_worker").get(url).status_code == 404
    assert client_for("nour_worker").delete(url).status_code == 405
    page = client_for("nour_manager").get(reverse("releases:plan_detail", args=[plan.code]))
    assert "Annexe administrative" in page.text and "CIN prête" in page.text


def _detained(personas, name="Salma"):
    held = {"establishment": Establishment.objects.first(), "started_on": date(2026, 1, 15)}
    return register(personas, "nour", first_name_latin=name, placement=held)


def _release_url(person):
    return reverse("releases:release_record", args=[person.code])


def test_a_release_ends_detention_and_schedules_the_follow_ups(client_for, personas, rules):
    person = _detained(personas)
    typed = {"released_on": "2026-12-01", "circumstances": "end_of_sentence",
             "follow_up_consent": "yes"}  # fmt: skip
    assert client_for("amal_worker").post(_release_url(person), typed).status_code == 404
    assert client_for("nour_worker").post(_release_url(person), typed).status_code == 302
    release = Release.objects.get()
    assert not person.placements.filter(ended_on__isnull=True).exists()
    assert list(release.follow_ups.values_list("month", "due_on")) == [
        (1, date(2027, 1, 1)), (3, date(2027, 3, 1)), (6, date(2027, 6, 1)),
        (12, date(2027, 12, 1)),
    ]  # fmt: skip
    assert AuditEvent.objects.filter(action="beneficiary.released", target_code=str(person.code))
    again = client_for("nour_worker").post(_release_url(person), typed, follow=True)
    assert Release.objects.count() == 1 and again.context["messages"]  # no detention left


def test_declining_follow_up_closes_the_record(client_for, personas, rules):
    person = _detained(personas)
    declined = {"released_on": "2026-12-01", "circumstances": "pardon", "follow_up_consent": "no"}
    client_for("nour_worker").post(_release_url(person), declined)
    person.refresh_from_db()
    assert (person.status, person.closure_reason) == ("closed", "released")
    assert not Release.objects.get().follow_ups.exists()


def test_the_one_month_follow_up_is_recorded_and_missed_ones_show(client_for, personas, rules):
    person = _detained(personas)
    services.release_person(actor=personas.nour_worker, beneficiary=person, values={
        "released_on": timezone.localdate() - timedelta(days=40), "circumstances": "pardon",
        "follow_up_consent": True})  # fmt: skip
    month = FollowUp.objects.get(month=1)
    missed = client_for("coordinator").get(reverse("releases:follow_up_list"), {"state": "missed"})
    assert list(missed.context["page"].object_list) == []  # ten days late: not missed yet
    due = client_for("nour_worker").get(reverse("releases:follow_up_list"))
    assert list(due.context["page"].object_list) == [month]
    url = reverse("releases:follow_up_edit", args=[month.pk])
    typed = {"housing": "temporary", "activity": "training", "family_contact": "true",
             "health": "", "justice": "", "note": "Vue au foyer",
             "version": month.version}  # fmt: skip
    assert client_for("amal_worker").post(url, typed).status_code == 404
    assert client_for("nour_worker").post(url, typed).status_code == 302
    month.refresh_from_db()
    assert (month.done_on, month.housing, month.family_contact) == (
        timezone.localdate(), "temporary", True)  # fmt: skip
    FollowUp.objects.filter(month=3).update(due_on=timezone.localdate() - timedelta(days=31))
    missed = client_for("coordinator").get(reverse("releases:follow_up_list"), {"state": "missed"})
    assert [f.month for f in missed.context["page"].object_list] == [3]
    event = AuditEvent.objects.get(action="release.follow_up_recorded")
    history = client_for("coordinator").get(reverse("audit:person_history", args=[person.code]))
    assert event in history.context["page"].object_list


def test_follow_ups_due_within_a_week_are_reminded_once(personas, rules):
    person = _detained(personas)
    services.release_person(actor=personas.nour_worker, beneficiary=person, values={
        "released_on": timezone.localdate() - timedelta(days=25), "circumstances": "pardon",
        "follow_up_consent": True})  # fmt: skip
    assert services.remind_follow_ups() == 1 and services.remind_follow_ups() == 0
    told = Notification.objects.filter(user=personas.nour_worker)
    assert told.count() == 1 and not Notification.objects.filter(user=personas.amal_worker)


def test_a_new_placement_after_a_release_is_a_reincarceration(personas, rules):
    person = _detained(personas)
    release = services.release_person(actor=personas.nour_worker, beneficiary=person, values={
        "released_on": date(2026, 6, 1), "circumstances": "end_of_sentence",
        "follow_up_consent": True})  # fmt: skip
    add_placement(actor=personas.nour_worker, beneficiary=person,
                  establishment=Establishment.objects.first(), register_number="",
                  started_on=date(2026, 10, 3))  # fmt: skip
    release.refresh_from_db()
    assert release.reincarcerated_on == date(2026, 10, 3)
