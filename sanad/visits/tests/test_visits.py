from datetime import date, timedelta

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sanad.audit.models import AuditEvent
from sanad.legal import services as legal
from sanad.network.models import Notification
from sanad.visits.models import FollowUpAction, Observation, Visit, VisitDraft
from sanad.visits.taxonomy import Category


def _report(client, beneficiary, prison, **extra):
    data = {
        "kind": "detention",
        "establishment": prison.pk,
        "visited_on": str(timezone.localdate()),
        "beneficiaries": [beneficiary.pk],
        "discussed": "Procédure et famille",
    }
    data.update(extra)
    return client.post(reverse("visits:visit_report"), data)


def test_report_with_observations_and_actions(client_for, personas, prisons, fatima):
    response = _report(
        client_for("nour_worker"),
        fatima,
        prisons["oukacha"],
        **{
            "obs0-category": "health",
            "obs0-item": "health:medication",
            "obs0-severity": "serious",
            "obs0-text": "Traitement interrompu",
            "act0-description": "Appeler le médecin",
            "act0-due_on": "2026-12-01",
            "act0-owner": personas.nour_worker.pk,
        },
    )
    visit = Visit.objects.get()
    assert response["Location"] == reverse("visits:visit_detail", args=[visit.code])
    assert visit.state == "done" and list(visit.beneficiaries.all()) == [fatima]
    assert Observation.objects.get().item == "health:medication"
    assert FollowUpAction.objects.get().owner == personas.nour_worker
    assert AuditEvent.objects.get(action="visit.reported").organisation == personas.nour
    assert not Notification.objects.exists()


def test_urgent_observation_notifies_the_coordinator(client_for, personas, prisons, fatima):
    _report(
        client_for("nour_worker"),
        fatima,
        prisons["oukacha"],
        **{"obs0-category": "treatment", "obs0-severity": "urgent", "obs0-text": "Traces de coups"},
    )
    notification = Notification.objects.get()
    assert notification.user == personas.coordinator and "Traces de coups" in notification.text
    assert [m.to for m in mail.outbox] == [["coordinator@test.example"]]
    page = client_for("coordinator").get(reverse("network:notification_list"))
    assert b"Traces de coups" in page.content


def test_failed_submission_keeps_every_field_and_a_draft(client_for, personas, prisons, fatima):
    client = client_for("nour_worker")
    response = _report(
        client,
        fatima,
        prisons["oukacha"],
        visited_on="",
        discussed="Un long compte rendu",
        **{"obs0-category": "health", "obs0-text": "sans gravité donnée"},
    )
    assert response.status_code == 200
    assert "visited_on" in response.context["form"].errors
    assert "severity" in response.context["observations"][0].errors
    assert b"Un long compte rendu" in response.content
    assert not Visit.objects.exists()
    draft = VisitDraft.objects.get(user=personas.nour_worker, key="new")
    assert draft.data["discussed"] == ["Un long compte rendu"]
    again = client.get(reverse("visits:visit_report"))
    assert again.context["form"].initial["discussed"] == "Un long compte rendu"


def test_autosave_keeps_the_draft_until_the_report_is_sent(client_for, personas, prisons, fatima):
    client = client_for("nour_worker")
    saved = client.post(
        reverse("visits:visit_draft", args=["new"]),
        {"discussed": "Début du compte rendu", "obs1-text": "à compléter"},
    )
    assert saved.status_code == 200
    assert timezone.localtime().strftime("%H:").encode() in saved.content
    assert VisitDraft.objects.get(key="new").data["discussed"] == ["Début du compte rendu"]
    page = client.get(reverse("visits:visit_report"))
    assert "Début du compte rendu".encode() in page.content
    assert page.context["observations"][1].initial["text"] == "à compléter"
    _report(client, fatima, prisons["oukacha"], discussed="Compte rendu final")
    assert not VisitDraft.objects.exists()
    assert (
        client_for("amal_worker")
        .post(reverse("visits:visit_draft", args=[str(Visit.objects.get().code)]), {})
        .status_code
        == 404
    )
    assert client.get(reverse("visits:visit_draft", args=["new"])).status_code == 405


def test_an_autosave_that_arrives_late_does_not_replace_newer_content(
    client_for, personas, prisons
):
    """On a slow connection the save sent first can reach the server last: the draft keeps
    what the browser took last, and tells the page when (for its own copy to compare)."""
    client = client_for("nour_worker")
    url = reverse("visits:visit_draft", args=["new"])
    client.post(url, {"discussed": "Compte rendu complet", "draft_captured_at": "1764410000500"})
    client.post(url, {"discussed": "Compte", "draft_captured_at": "1764410000100"})
    draft = VisitDraft.objects.get(key="new")
    assert draft.data["discussed"] == ["Compte rendu complet"]
    page = client.get(reverse("visits:visit_report"))
    assert b'data-draft-saved="1764410000500"' in page.content
    client.post(
        url, {"discussed": "Compte rendu complet, relu", "draft_captured_at": "1764410009000"}
    )
    assert VisitDraft.objects.get(key="new").data["discussed"] == ["Compte rendu complet, relu"]


def test_drafts_are_private(client_for, personas, prisons):
    client_for("nour_worker").post(
        reverse("visits:visit_draft", args=["new"]), {"discussed": "secret de Hamza"}
    )
    other = client_for("nour_manager").get(reverse("visits:visit_report"))
    assert b"secret de Hamza" not in other.content


def test_plan_with_permit_then_report(client_for, personas, prisons, fatima):
    client = client_for("nour_manager")
    missing = client.post(
        reverse("visits:visit_plan"),
        {
            "kind": "detention",
            "establishment": prisons["oukacha"].pk,
            "planned_on": "2026-12-10",
            "beneficiaries": [fatima.pk],
            "permit": "refused",
        },
    )
    assert "permit_refusal_reason" in missing.context["form"].errors
    client.post(
        reverse("visits:visit_plan"),
        {
            "kind": "detention",
            "establishment": prisons["oukacha"].pk,
            "planned_on": "2026-12-10",
            "beneficiaries": [fatima.pk],
            "permit": "requested",
        },
    )
    visit = Visit.objects.get()
    assert visit.state == "planned"
    granted = {
        "kind": "detention",
        "establishment": prisons["oukacha"].pk,
        "planned_on": "2026-12-10",
        "beneficiaries": [fatima.pk],
        "permit": "granted",
        "permit_number": "P-77",
        "version": 1,
    }
    client.post(reverse("visits:visit_plan_edit", args=[visit.code]), granted)
    visit.refresh_from_db()
    assert (visit.permit, visit.permit_number) == ("granted", "P-77")
    # A colleague who opened the plan before that change is told, not silently applied.
    stale = client_for("nour_worker").post(
        reverse("visits:visit_plan_edit", args=[visit.code]),
        {**granted, "permit": "refused", "permit_refusal_reason": "Fermé"},
    )
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    visit.refresh_from_db()
    assert visit.permit == "granted"
    report = {
        "kind": "detention",
        "establishment": prisons["oukacha"].pk,
        "visited_on": "2026-11-20",
        "beneficiaries": [fatima.pk],
    }
    client.post(reverse("visits:visit_report_planned", args=[visit.code]), report)
    visit.refresh_from_db()
    assert visit.state == "done" and Visit.objects.count() == 1
    # A second report of the same visit does not replace the first; what was typed is kept.
    second = client_for("nour_worker").post(
        reverse("visits:visit_report_planned", args=[visit.code]),
        {**report, "discussed": "Deuxième compte rendu"},
    )
    assert second.status_code == 200 and second.context["form"].non_field_errors()
    assert "Deuxième compte rendu" in second.content.decode()
    visit.refresh_from_db()
    assert visit.discussed == ""
    assert {"visit.planned", "visit.plan_updated", "visit.reported"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


def test_other_cso_and_lawyer(client_for, personas, prisons, fatima, rules):
    _report(
        client_for("nour_worker"),
        fatima,
        prisons["oukacha"],
        **{"obs0-category": "health", "obs0-severity": "concern", "obs0-text": "Secret médical"},
    )
    visit = Visit.objects.get()
    assert (
        client_for("amal_worker").get(reverse("visits:visit_detail", args=[visit.code])).status_code
        == 404
    )
    listed = client_for("amal_worker").get(reverse("visits:visit_list")).context["page"].object_list
    assert list(listed) == []
    for stage in ("appeal", "cassation"):
        case = legal.open_case(
            actor=personas.nour_worker, beneficiary=fatima, values={"stage": stage}
        )
        legal.assign_lawyer(
            actor=personas.coordinator,
            case=case,
            lawyer=personas.lawyer,
            bar="",
            starts_on=date(2026, 1, 1),
        )
    page = client_for("lawyer").get(reverse("visits:visit_list"))
    # Mandates on two of the person's cases: the visit is listed once, and counted once.
    assert list(page.context["page"].object_list) == [visit]
    assert page.context["page"].paginator.count == 1
    assert b"Secret" not in page.content
    assert (
        client_for("lawyer").get(reverse("visits:visit_detail", args=[visit.code])).status_code
        == 403
    )


def test_overdue_actions(client_for, personas, prisons, fatima):
    _report(
        client_for("nour_worker"),
        fatima,
        prisons["oukacha"],
        **{
            "act0-description": "Contacter la famille",
            "act0-due_on": str(timezone.localdate() - timedelta(days=2)),
        },
    )
    page = client_for("coordinator").get(reverse("visits:action_list"))
    assert page.context["overdue"] == 1
    action = FollowUpAction.objects.get()
    assert (
        client_for("coordinator")
        .post(reverse("visits:action_done", args=[action.code]))
        .status_code
        == 403
    )
    client_for("nour_manager").post(reverse("visits:action_done", args=[action.code]))
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    assert (
        client_for("amal_manager")
        .post(reverse("visits:action_done", args=[action.code]))
        .status_code
        == 404
    )


def test_establishment_summary_counts(client_for, personas, prisons, fatima):
    for severity in ("urgent", "concern", "concern"):
        _report(
            client_for("nour_worker"),
            fatima,
            prisons["oukacha"],
            **{"obs0-category": "material", "obs0-severity": severity, "obs0-text": "x"},
        )
    page = client_for("coordinator").get(
        reverse("visits:establishment_summary", args=[prisons["oukacha"].code])
    )
    material = page.context["table"][Category.values.index("material")][1]
    assert material == [0, 2, 0, 1]
    assert page.context["urgent"] == 1 and page.context["visit_count"] == 3
    # The observations are read for the table, the page of them and its count: the urgent
    # count comes from the table, and a coordinator's are not filtered on every visit.
    with CaptureQueriesContext(connection) as queries:
        client_for("coordinator").get(
            reverse("visits:establishment_summary", args=[prisons["oukacha"].code])
        )
    observation_reads = [q["sql"] for q in queries if "visits_observation" in q["sql"]]
    assert len(observation_reads) == 3
    assert not any("IN (SELECT" in sql for sql in observation_reads)
    assert (
        client_for("nour_manager")
        .get(reverse("visits:establishment_summary", args=[prisons["oukacha"].code]))
        .status_code
        == 403
    )


def test_list_query_count_is_bounded(
    client_for, personas, prisons, fatima, django_assert_max_num_queries
):
    for _ in range(30):
        _report(client_for("nour_worker"), fatima, prisons["oukacha"])
    client = client_for("coordinator")
    with django_assert_max_num_queries(14):
        client.get(reverse("visits:visit_list"))


def test_calendar_places_planned_visits_on_their_day(client_for, personas, prisons, fatima):
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    visit = Visit.objects.create(
        organisation=personas.nour,
        establishment=prisons["oukacha"],
        planned_on=monday + timedelta(days=9),
    )
    page = client_for("nour_worker").get(reverse("visits:visit_calendar"))
    day, visits = page.context["weeks"][1][2]
    assert day == visit.planned_on and visits == [visit]
    other = client_for("amal_worker").get(reverse("visits:visit_calendar"))
    assert all(not v for week in other.context["weeks"] for _d, v in week)
    assert (
        client_for("nour_worker")
        .get(reverse("visits:visit_calendar"), {"start": "nonsense"})
        .status_code
        == 200
    )


def test_the_list_orders_and_filters_by_the_day_it_shows(client_for, personas, prisons):
    # A visit planned in January and made in February is shown, ordered and found on its
    # February day; a plan still to come, on its planned day.
    def visit(**days):
        return Visit.objects.create(
            organisation=personas.nour, establishment=prisons["oukacha"], **days
        )

    made_late = visit(planned_on=date(2026, 1, 10), visited_on=date(2026, 2, 5), state="done")
    made = visit(visited_on=date(2026, 1, 20), state="done")
    planned = visit(planned_on=date(2026, 3, 2))

    def listed(**period):
        page = client_for("nour_worker").get(reverse("visits:visit_list"), period)
        return list(page.context["page"].object_list)

    assert listed() == [planned, made_late, made]
    assert listed(since="2026-01-01", until="2026-01-31") == [made]
    assert listed(since="2026-02-01") == [planned, made_late]
    assert listed(until="2026-02-28") == [made_late, made]
    page = client_for("nour_worker").get(reverse("visits:visit_list"), {"since": "janvier"})
    assert page.status_code == 200 and "since" in page.context["form"].errors
    # An end before the start is explained rather than answered with an empty list.
    backwards = client_for("nour_worker").get(
        reverse("visits:visit_list"), {"since": "2026-03-01", "until": "2026-01-01"}
    )
    assert "until" in backwards.context["form"].errors


def test_visit_picker_finds_visible_visits_by_day_or_establishment(client_for, personas, prisons):
    url = reverse("visits:visit_pick")
    visit = Visit.objects.create(
        organisation=personas.nour,
        establishment=prisons["oukacha"],
        visited_on=date(2026, 11, 3),
        state="done",
    )
    Visit.objects.create(
        organisation=personas.nour, establishment=prisons["oukacha"], planned_on=date(2026, 11, 4)
    )
    Visit.objects.create(organisation=personas.amal, visited_on=date(2026, 11, 3))
    label = f"03/11/2026 — En détention — {prisons['oukacha'].name_fr}"
    for q in ("03/11/2026", "2026-11-03"):
        found = client_for("nour_worker").get(url, {"q": q}).json()["results"]
        assert found == [{"id": str(visit.pk), "label": label}]
    word = "aïn sebaâ"
    for q in (word, "عين السبع"):
        found = client_for("nour_worker").get(url, {"q": q}).json()["results"]
        assert [row["label"][:10] for row in found] == ["04/11/2026", "03/11/2026"]
    assert client_for("amal_worker").get(url, {"q": word}).json() == {"results": []}
    assert client_for("nour_worker").get(url, {"q": "3"}).json() == {"results": []}
    assert client_for("nour_worker").post(url, {"q": word}).status_code == 405
    assert client_for("lawyer").get(url, {"q": word}).status_code == 403


def test_a_visit_s_state_agrees_with_the_word_visit_in_french(client_for, personas):
    """ "Prévu" stood beside "Effectuée": a visite is feminine."""
    Visit.objects.create(organisation=personas.nour, planned_on=date(2026, 12, 20))
    Visit.objects.create(
        organisation=personas.nour, visited_on=date(2026, 11, 2), state=Visit.State.DONE
    )
    page = client_for("nour_worker").get(reverse("visits:visit_list")).content.decode()
    assert ">Prévue<" in page and ">Effectuée<" in page and ">Prévu<" not in page
