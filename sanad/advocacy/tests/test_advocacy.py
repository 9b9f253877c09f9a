"""Dialogue events and recommendations: the coordinator records round tables and their
recommendations, each status moves with dated evidence, the network and the donor read
them with the figures they cite, protected as in the reports."""

from datetime import date, datetime, time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from sanad.advocacy.figures import donor_section
from sanad.advocacy.models import DialogueEvent, Recommendation, StatusUpdate
from sanad.advocacy.services import record_status, save_recommendation
from sanad.audit.models import AuditEvent
from sanad.beneficiaries.models import Beneficiary
from sanad.beneficiaries.tests.conftest import register
from sanad.directory.models import ExternalActor
from sanad.reference.models import Establishment, Region
from sanad.reports import release
from sanad.reports.indicators import Scope
from sanad.reports.models import DonorReport, Project
from sanad.reports.presentation import figure
from sanad.reports.services import current_report
from sanad.test import ROLE_PERSONAS

pytestmark = pytest.mark.django_db
READERS = {"admin", "coordinator", "finance", "analyst", "lawyer", "observer",
           "nour_manager", "nour_worker", "amal_manager", "amal_worker"}  # fmt: skip


def _recommend(personas, **values):
    values = {"text_fr": "Publier les chiffres de la détention préventive.",
              "addressee": "dgapr", "status_on": date(2026, 9, 1)} | values  # fmt: skip
    return save_recommendation(
        actor=personas.coordinator, recommendation=Recommendation(), values=values
    )


def test_the_network_and_the_donor_read_the_follow_up_and_only_the_coordinator_writes(
    client_for, personas
):
    recommendation = _recommend(personas)
    pages = [
        reverse("advocacy:recommendation_list"),
        reverse("advocacy:recommendation_detail", args=[recommendation.code]),
        reverse("advocacy:event_list"),
    ]
    for persona in ROLE_PERSONAS:
        for url in pages:
            expected = 200 if persona in READERS else 403
            assert client_for(persona).get(url).status_code == expected, (persona, url)
    writes = [
        reverse("advocacy:recommendation_create"),
        reverse("advocacy:recommendation_edit", args=[recommendation.code]),
        reverse("advocacy:status_add", args=[recommendation.code]),
        reverse("advocacy:event_create"),
    ]
    for url in writes:
        assert client_for("nour_manager").post(url, {"status": "implemented"}).status_code == 403
        assert client_for("observer").get(url).status_code == 403
        assert client_for("coordinator").put(url).status_code == 405
    assert Recommendation.objects.get().status == "made"
    assert client_for("coordinator").post(pages[0]).status_code == 405


def test_a_round_table_its_recommendation_and_the_evidence_of_each_step(client_for, personas):
    client = client_for("coordinator")
    bar = ExternalActor.objects.create(kind="bar", name_fr="Ordre des avocats de Rabat")
    response = client.post(
        reverse("advocacy:event_create"),
        {"title_fr": "Table ronde", "held_on": "2026-09-01", "place": "Rabat",
         "organisations": [personas.nour.pk], "actors": [bar.pk], "minutes": "Compte rendu"},
    )  # fmt: skip
    event = DialogueEvent.objects.get()
    assert response.status_code == 302 and list(event.actors.all()) == [bar]
    response = client.post(
        reverse("advocacy:recommendation_create"),
        {"text_fr": "Désigner un avocat dès la garde à vue.", "addressee": "justice",
         "event": event.pk, "status_on": "2026-09-01", "indicators": ["with_lawyer"]},
    )  # fmt: skip
    recommendation = Recommendation.objects.get()
    assert response.status_code == 302 and recommendation.indicators == ["with_lawyer"]
    url = reverse("advocacy:status_add", args=[recommendation.code])
    no_evidence = client.post(url, {"status": "acknowledged", "on": "2026-09-20", "evidence": ""})
    assert no_evidence.status_code == 200 and StatusUpdate.objects.count() == 1
    client.post(url, {"status": "acknowledged", "on": "2026-09-20", "evidence": "Courrier reçu"})
    client.post(url, {"status": "rejected", "on": "2026-09-10", "evidence": "Saisie tardive"})
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.status_on) == ("acknowledged", date(2026, 9, 20))
    assert list(recommendation.updates.values_list("status", flat=True)) == [
        "acknowledged",
        "rejected",
        "made",
    ]
    page = client_for("nour_worker").get(reverse("advocacy:event_detail", args=[event.code]))
    assert "Désigner un avocat" in page.text and "Ordre des avocats de Rabat" in page.text
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"dialogue_event.created", "recommendation.created"} <= actions
    assert AuditEvent.objects.filter(action="recommendation.status_recorded").count() == 2


def test_the_list_counts_recommendations_by_addressee_and_status(client_for, personas):
    _recommend(personas)
    rejected = _recommend(personas, text_fr="Autre", addressee="courts")
    record_status(
        actor=personas.coordinator,
        recommendation=rejected,
        values={"status": "rejected", "on": date(2026, 10, 1), "evidence": "Réponse écrite"},
    )
    response = client_for("observer").get(reverse("advocacy:recommendation_list"))
    table = dict(response.context["table"])
    assert table["Administration pénitentiaire (DGAPR)"][0] == 1  # made
    assert table["Tribunaux et ministère public"][4] == 1  # rejected
    filtered = client_for("observer").get(
        reverse("advocacy:recommendation_list"), {"status": "rejected"}
    )
    assert [r.text_fr for r in filtered.context["page"].object_list] == ["Autre"]


def test_cited_figures_come_from_the_published_reports_with_small_counts_hidden(
    client_for, personas, settings
):
    settings.SANAD_DISCLOSURE_K = 5
    period = release.reader_periods()[0]
    for name in ("Amina", "Salma"):  # two people identified in the published period
        person = register(personas, "nour", first_name_latin=name)
        moment = timezone.make_aware(datetime.combine(period.end, time(12)))
        Beneficiary.objects.filter(pk=person.pk).update(created_at=moment)
    recommendation = _recommend(personas, indicators=["beneficiaries_identified"])
    scope = Scope(period.start, period.end)
    assert figure("beneficiaries_identified", scope, protected=False).value == 2  # the raw count
    page = client_for("observer").get(
        reverse("advocacy:recommendation_detail", args=[recommendation.code])
    )
    (shown,) = page.context["figures"]
    assert shown.hidden and shown.value is None
    published = figure("beneficiaries_identified", scope, protected=True)
    assert (shown.value, shown.mark) == (published.value, published.mark)  # as the reports


def test_the_donor_report_lists_recommendations_with_their_status_then(personas):
    recommendation = _recommend(personas, status_on=date(2026, 3, 1))
    record_status(
        actor=personas.coordinator,
        recommendation=recommendation,
        values={"status": "implemented", "on": date(2026, 8, 1), "evidence": "Circulaire"},
    )
    _recommend(personas, text_fr="Plus tard", status_on=date(2026, 7, 15))
    report = DonorReport(period_start=date(2026, 1, 1), period_end=date(2026, 6, 30))
    section = donor_section(report)
    assert [item["text"] for item in section["items"]] == [recommendation.text_fr]
    assert section["items"][0]["status"] == "Formulée"  # made, as on 30 June
    assert section["counts"] == [["Administration pénitentiaire (DGAPR)", 1, 0, 0, 0, 0]]


def test_the_demos_donor_report_has_a_recommendations_section(client_for):
    call_command("seed_demo", verbosity=0)
    observer = get_user_model().objects.get(email="observer@donor.example")
    report = current_report(actor=observer, project=Project.objects.get(), language="fr")
    report.refresh_from_db()
    assert report.state == "done"
    (section,) = report.figures["sections"]
    assert section["template"] == "advocacy/donor_section.html"
    assert len(section["data"]["items"]) == 3
    text = "".join(page.extract_text() for page in PdfReader(report.pdf.open("rb")).pages)
    assert "Recommandations et leur suivi" in text and "Garantir la présence" in text


def test_a_recommendation_links_to_the_observations_of_the_establishments_it_concerns(
    client_for, personas
):
    region = Region.objects.create(code="rsk", name_fr="Rabat-Salé-Kénitra")
    prison = Establishment.objects.create(
        name_fr="Prison locale de Kénitra", kind="PL", city="Kénitra", region=region
    )
    recommendation = _recommend(personas)
    recommendation.establishments.set([prison])
    url = reverse("advocacy:recommendation_detail", args=[recommendation.code])
    conditions = f"{reverse('reports:conditions')}?establishment={prison.pk}"
    page = client_for("observer").get(url)
    assert conditions in page.text  # the disclosure-controlled conditions report
    assert client_for("observer").get(conditions).status_code == 200
    worker = client_for("nour_worker").get(url)
    assert "Prison locale de Kénitra" in worker.text and conditions not in worker.text
