from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape  # the rule's name goes through the `spoken` filter

from sanad.audit.models import AuditEvent
from sanad.legal import services
from sanad.legal.models import Deadline
from sanad.reference.models import Court, LegalRule


def _decide(client, case, **data):
    return client.post(
        reverse("legal:decision_create", args=[case.code]),
        {"level": "first_instance", "kind": "contradictory"} | data,
    )


def test_contradictory_judgment_opens_the_appeal_deadline(client_for, case):
    # Pronounced Wednesday 4 November 2026: 10 days franc → Sat 14 → Monday 16 November.
    response = _decide(
        client_for("lawyer"), case, pronounced_on="2026-11-04", custodial_months="24"
    )
    assert response.status_code == 302
    deadline = Deadline.objects.get(case=case)
    assert deadline.rule.remedy == "appeal"
    assert deadline.due_on == date(2026, 11, 16)
    assert (
        AuditEvent.objects.get(action="case.decision_recorded").actor == case.mandates.get().lawyer
    )


def test_default_judgment_waits_for_its_notification(client_for, case):
    _decide(client_for("nour_worker"), case, pronounced_on="2026-06-01", kind="by_default")
    deadlines = Deadline.objects.filter(case=case).select_related("rule")
    assert {d.rule.remedy for d in deadlines} == {"appeal", "opposition"}
    assert all(d.due_on is None for d in deadlines)
    page = client_for("nour_worker").get(reverse("legal:case_detail", args=[case.code]))
    assert b"notification" in page.content
    decision = case.decisions.get()
    client_for("nour_worker").post(
        reverse("legal:decision_notify", args=[decision.code]), {"notified_on": "2026-06-10"}
    )
    # Notified Wednesday 10 June: 10 days franc → Sunday 21 → Monday 22 June.
    assert {d.due_on for d in Deadline.objects.filter(case=case)} == {date(2026, 6, 22)}


def test_notification_before_pronouncement_is_refused(client_for, case):
    response = _decide(
        client_for("nour_worker"), case, pronounced_on="2026-06-10", notified_on="2026-06-01"
    )
    assert response.status_code == 200
    assert "notified_on" in response.context["form"].errors
    assert not case.decisions.exists()


def test_appeal_court_decision_opens_cassation_only(client_for, case):
    _decide(client_for("nour_worker"), case, pronounced_on="2026-06-01", level="appeal")
    assert [d.rule.remedy for d in Deadline.objects.filter(case=case)] == ["cassation"]


def test_the_rule_in_force_on_the_decision_day_applies(client_for, personas, case):
    old = LegalRule.objects.get(name_fr="Appel d'un jugement contradictoire")
    services.save_rule(
        actor=personas.admin,
        rule=old,
        expected_version=old.version,
        values={"valid_to": date(2025, 12, 8)},
    )
    LegalRule.objects.create(
        name_fr="Appel (loi 03.23)",
        remedy="appeal",
        applies_to="contradictory",
        court_level="first_instance",
        start="pronouncement",
        period=15,
        counting="calendar",
        legal_basis="Loi 03.23 (example)",
        valid_from=date(2025, 12, 8),
    )
    client = client_for("nour_worker")
    _decide(client, case, pronounced_on="2025-12-01")
    _decide(client, case, pronounced_on="2026-02-02")
    before, after = Deadline.objects.filter(case=case).order_by("trigger_date")
    assert before.rule == old and before.due_on == date(2025, 12, 12)
    assert after.rule.name_fr == "Appel (loi 03.23)" and after.due_on == date(2026, 2, 17)


def test_changing_a_rule_recomputes_open_deadlines(client_for, personas, case):
    _decide(client_for("nour_worker"), case, pronounced_on="2026-11-04")
    rule = LegalRule.objects.get(name_fr="Appel d'un jugement contradictoire")
    url = reverse("legal:rule_edit", args=[rule.code])
    form = client_for("admin").get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        period="20", valid_from="2003-10-01", version=rule.version, roll_forward="on", verified="on"
    )
    data.pop("valid_to", None)
    response = client_for("admin").post(url, data)
    assert response.status_code == 302
    deadline = Deadline.objects.get(case=case)
    assert deadline.due_on == date(2026, 11, 25)  # Wed 4 Nov + 20 + 1 (franc)
    event = AuditEvent.objects.get(action="case.deadline_recomputed")
    assert event.changes == {"due_on": ["2026-11-16", "2026-11-25"]}
    assert AuditEvent.objects.get(action="rule.updated").changes["period"] == [10, 20]
    assert client_for("coordinator").post(url, data).status_code == 403


def test_remedy_on_time_meets_the_deadline(client_for, case):
    client = client_for("lawyer")
    _decide(client, case, pronounced_on="2026-11-04")
    client.post(
        reverse("legal:remedy_create", args=[case.code]),
        {"kind": "appeal", "filed_on": "2026-11-12", "status": "filed"},
    )
    deadline = Deadline.objects.get(case=case)
    assert deadline.status == "met" and deadline.met_by.kind == "appeal"


def test_late_remedy_does_not_meet_it_and_the_deadline_is_missed(client_for, case):
    client = client_for("lawyer")
    _decide(client, case, pronounced_on="2026-11-04")
    client.post(
        reverse("legal:remedy_create", args=[case.code]),
        {"kind": "appeal", "filed_on": "2026-11-20", "status": "filed"},
    )
    assert services.mark_missed(today=date(2026, 11, 17)) == 1
    assert Deadline.objects.get(case=case).status == "missed"
    assert AuditEvent.objects.filter(action="case.deadline_missed").exists()


def test_waiving_needs_a_reason(client_for, case):
    _decide(client_for("lawyer"), case, pronounced_on="2026-11-04")
    deadline = Deadline.objects.get(case=case)
    url = reverse("legal:deadline_waive", args=[deadline.code])
    assert client_for("lawyer").post(url, {"reason": " "}).status_code == 200
    assert client_for("amal_worker").post(url, {"reason": "x"}).status_code == 404
    client_for("lawyer").post(url, {"reason": "The person chose not to appeal."})
    deadline.refresh_from_db()
    assert deadline.status == "waived"
    assert AuditEvent.objects.filter(action="case.deadline_waived").exists()


def test_conditional_release_screen(client_for, case):
    _decide(client_for("lawyer"), case, pronounced_on="2026-03-01", custodial_months="24")
    page = client_for("lawyer").get(reverse("legal:case_detail", args=[case.code]))
    screen = page.context["screens"][0]
    # Detained since 5 January 2026, 24 months for a délit: half served on 5 January 2027.
    assert screen.kind == "conditional_release" and screen.on == date(2027, 1, 5)
    assert not screen.rule.verified


def test_pretrial_screen_when_no_decision(client_for, case):
    page = client_for("nour_worker").get(reverse("legal:case_detail", args=[case.code]))
    screen = page.context["screens"][0]
    assert screen.kind == "pretrial_limit" and screen.on == date(2026, 4, 5)
    assert screen.reached is (timezone.localdate() >= date(2026, 4, 5))


def test_agenda_sorts_by_urgency(client_for, case):
    client = client_for("lawyer")
    today = timezone.localdate()
    _decide(client, case, pronounced_on=str(today - timedelta(days=30)))
    _decide(client, case, pronounced_on=str(today))
    deadlines = list(client.get(reverse("legal:agenda")).context["deadlines"])
    assert deadlines[0].due_on < today < deadlines[1].due_on


def test_agenda_pages_through_deadlines_most_urgent_first(client_for, case):
    client = client_for("lawyer")
    today = timezone.localdate()
    for days_ago in range(27):
        _decide(client, case, pronounced_on=str(today - timedelta(days=days_ago)))
    total = Deadline.objects.filter(case=case, status="open").count()
    assert total > 25
    first = client.get(reverse("legal:agenda")).context["deadlines"]
    second = client.get(reverse("legal:agenda"), {"page": 2}).context["deadlines"]
    assert len(first) == 25 and len(second) == total - 25
    due = [d.due_on for d in list(first) + list(second)]
    assert due == sorted(due)
    assert b"hearings_page" not in client.get(reverse("legal:agenda")).content


def test_agenda_rows_show_person_case_and_rule_in_a_fixed_number_of_queries(
    client_for, personas, case, django_assert_max_num_queries
):
    client = client_for("lawyer")
    today = timezone.localdate()
    for days_ago in range(26):
        _decide(client, case, pronounced_on=str(today - timedelta(days=days_ago)))
    for days in range(1, 27):
        services.schedule_hearing(
            actor=personas.lawyer,
            case=case,
            values={"scheduled_at": timezone.now() + timedelta(days=days), "purpose": "renvoi"},
        )
    client.get(reverse("legal:agenda"))
    # session, user, memberships, deadlines, hearings, calendar link, notifications: not one
    # more for the 25 deadlines' and 25 hearings' people, cases, rules and courts.
    with django_assert_max_num_queries(7):
        page = client.get(reverse("legal:agenda"))
    content = page.content.decode()
    assert content.count("Fatima Alaoui") == 50 and content.count(">2026/101<") == 25
    rules = {d.rule.name_fr for d in page.context["deadlines"]}
    assert sum(content.count(f">{escape(name)}<br>") for name in rules) == 25


def test_case_picker_finds_visible_cases_by_number_or_name(client_for, case):
    url = reverse("legal:case_pick")
    for q in ("2026/101", "alaoui"):
        found = client_for("nour_worker").get(url, {"q": q}).json()["results"]
        assert found == [{"id": str(case.pk), "label": "2026/101 — Fatima Alaoui"}]
    assert client_for("lawyer").get(url, {"q": "alaoui"}).json()["results"][0]["id"] == str(case.pk)
    assert client_for("amal_worker").get(url, {"q": "alaoui"}).json() == {"results": []}
    assert client_for("nour_worker").post(url, {"q": "alaoui"}).status_code == 405
    assert client_for("observer").get(url, {"q": "alaoui"}).status_code == 403


def test_agenda_counts_the_days_left_or_overdue(client_for, case):
    client = client_for("lawyer")
    today = timezone.localdate()
    _decide(client, case, pronounced_on=str(today - timedelta(days=30)))
    _decide(client, case, pronounced_on=str(today))
    late, coming = client.get(reverse("legal:agenda")).context["deadlines"]
    page = client.get(reverse("legal:agenda")).content.decode()
    assert (
        f"dépassé de {-late.days_left} jours" in page and f"dans {coming.days_left} jours" in page
    )
    assert page.count('class="table-danger"') == 1


@pytest.mark.parametrize(
    ("days", "language", "expected"),
    [
        (-1, "fr", "dépassé de 1 jour"),
        (-20, "fr", "dépassé de 20 jours"),
        (3, "fr", "dans 3 jours"),
        (-1, "ar", "متأخر بيوم واحد"),
        (-20, "ar", "متأخر بـ20 يوماً"),
        (None, "fr", ""),
    ],
)
def test_a_deadline_counts_down_in_the_language_shown(days, language, expected):
    due = None if days is None else timezone.localdate() + timedelta(days=days)
    with translation.override(language):
        assert Deadline(due_on=due).countdown == expected


def test_the_case_page_names_an_overdue_deadline_as_the_agenda_does(client_for, case):
    """A deadline missed by a month read "Ouvert" on the case while the agenda said
    "dépassé de 30 jours": one status, everywhere."""
    client = client_for("lawyer")
    _decide(client, case, pronounced_on=str(timezone.localdate() - timedelta(days=30)))
    (late,) = case.deadlines.all()
    page = client.get(reverse("legal:case_detail", args=[case.code])).content.decode()
    assert f"dépassé de {-late.days_left} jours</span>" in page
    assert 'text-bg-danger">dépassé' in page and ">Ouvert</span>" not in page


def test_each_deadline_names_the_decision_it_stems_from(client_for, case):
    """Two decisions gave two identical "Appel…" lines: each now says which decision."""
    client = client_for("lawyer")
    today = timezone.localdate()
    for days in (30, 2):
        _decide(client, case, pronounced_on=str(today - timedelta(days=days)))
    page = client.get(reverse("legal:case_detail", args=[case.code])).content.decode()
    agenda = client.get(reverse("legal:agenda")).content.decode()
    for days in (30, 2):
        day = date_format(today - timedelta(days=days), "DATE_FORMAT")
        assert f"après la décision du {day}" in page
        assert f"après la décision du {day}" in agenda


def test_a_hearing_on_appeal_is_proposed_at_the_court_of_appeal_found_in_either_script(
    client_for, case
):
    call_command("load_reference", verbosity=0)
    first = Court.objects.get(name_fr__contains="première instance de Tiflet")
    case.court, case.stage = first, "appeal"
    case.save()
    client = client_for("nour_worker")
    form = client.get(reverse("legal:hearing_create", args=[case.code])).context["form"]
    assert form.initial["court"] == first.appeal_court and first.appeal_court.kind == "appeal"
    pick = reverse("reference:court_pick")
    for typed in ("appel Rabat", "الاستئناف بالرباط"):
        names = [r["label"] for r in client.get(pick, {"q": typed}).json()["results"]]
        assert names and all("Rabat" in n or "الرباط" in n for n in names), typed
    assert client.post(pick, {"q": "Rabat"}).status_code == 405
    assert client_for("observer").get(pick, {"q": "Rabat"}).status_code == 403


def test_a_deadline_moved_past_a_weekend_says_from_which_day(client_for, case):
    """Délai franc from Wednesday 4 November 2026: the period ends Sunday 15, so the appeal
    is due Monday 16; the case page says so, the rules page states the convention."""
    client = client_for("lawyer")
    _decide(client, case, pronounced_on="2026-11-04", custodial_months="24")
    deadline = Deadline.objects.get(case=case)
    assert deadline.due_on == date(2026, 11, 16) and deadline.moved_from == date(2026, 11, 15)
    page = client.get(reverse("legal:case_detail", args=[case.code])).content.decode()
    moved = f"La période a pris fin le {date_format(date(2026, 11, 15), 'DATE_FORMAT')}"
    assert moved in page
    assert moved in client.get(reverse("legal:agenda")).content.decode()
    rules = client_for("nour_worker").get(reverse("legal:rule_list")).content.decode()
    assert "jour ouvrable suivant" in rules
