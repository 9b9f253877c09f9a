"""A CSO proposes that another follow a person: the other sees a minimal summary until it
accepts, refusals carry a reason, unanswered proposals are chased, every step audited."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sanad.audit.models import AuditEvent
from sanad.beneficiaries.models import Beneficiary, Consent
from sanad.beneficiaries.tests.conftest import register
from sanad.handovers import services
from sanad.handovers.models import Handover
from sanad.network.models import Notification
from sanad.reference.models import Establishment, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def fatima(personas):
    person = register(
        personas, "nour", first_name_latin="Fatima", last_name_latin="Bennani", sex="F"
    )
    Consent.objects.create(
        beneficiary=person, kind="sharing", given_on=date(2026, 1, 10), language="darija"
    )
    return person


def _propose(client_for, personas, person, kind="transfer"):
    return client_for("nour_worker").post(
        reverse("handovers:propose", args=[person.code]),
        {"to_organisation": personas.amal.pk, "kind": kind, "reason": "Transférée à Kénitra"},
    )


def test_nour_proposes_and_amal_sees_only_initials_until_it_accepts(client_for, personas, fatima):
    assert _propose(client_for, personas, fatima).status_code == 302
    handover = Handover.objects.get()
    assert (handover.from_organisation, handover.to_organisation) == (personas.nour, personas.amal)
    told = Notification.objects.filter(user=personas.amal_manager).get()
    assert "F. B." in told.text and "Fatima" not in told.text
    detail = client_for("amal_worker").get(told.link)
    page = detail.content.decode()
    assert detail.status_code == 200 and "F. B." in page and "Transférée à Kénitra" in page
    assert "Fatima" not in page and "Bennani" not in page and detail.context["can_answer"]
    record = reverse("beneficiaries:beneficiary_detail", args=[fatima.code])
    assert client_for("amal_worker").get(record).status_code == 404
    assert (
        client_for("amal_worker")
        .post(reverse("handovers:handover_accept", args=[handover.code]))
        .status_code
        == 302
    )
    assert client_for("amal_worker").get(record).status_code == 200
    assert client_for("nour_worker").get(record).status_code == 404  # a handover: Nour let go
    handover.refresh_from_db()
    assert handover.state == "accepted" and handover.answered_by == personas.amal_worker
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"handover.proposed", "handover.accepted", "beneficiary.transferred"} <= actions
    chain = client_for("coordinator").get(record).content.decode()
    assert chain.index("Nour (test)") < chain.index("Amal (test)")  # the chain of CSOs


def test_a_shared_follow_up_keeps_both(client_for, personas, fatima):
    _propose(client_for, personas, fatima, kind="shared")
    services.accept(actor=personas.amal_manager, handover=Handover.objects.get())
    followers = set(fatima.followings.filter(active=True).values_list("organisation", flat=True))
    assert followers == {personas.nour.pk, personas.amal.pk}


def test_without_a_consent_to_sharing_the_proposal_says_so_first(client_for, personas):
    person = register(personas, "nour", first_name_latin="Salma")
    url = reverse("handovers:propose", args=[person.code])
    shown = client_for("nour_worker").get(url)
    assert shown.status_code == 200 and not shown.context["consent"]
    response = _propose(client_for, personas, person)
    assert response.status_code == 200 and "consent" in str(response.context["form"].errors)
    assert response.context["form"]["reason"].value() == "Transférée à Kénitra"  # kept
    assert not Handover.objects.exists()


def test_only_the_receiving_csos_members_answer_and_refusals_carry_a_reason(
    client_for, personas, fatima
):
    _propose(client_for, personas, fatima)
    handover = Handover.objects.get()
    accept = reverse("handovers:handover_accept", args=[handover.code])
    refuse = reverse("handovers:handover_refuse", args=[handover.code])
    assert client_for("nour_worker").post(accept).status_code == 403  # its own proposal
    assert client_for("coordinator").post(accept).status_code == 403
    assert client_for("lawyer").post(accept).status_code == 403
    assert client_for("outsider").post(accept).status_code == 403
    assert client_for("amal_worker").get(accept).status_code == 405
    assert client_for("amal_worker").post(refuse, {"answer": ""}).status_code == 302
    assert Handover.objects.get().state == "proposed"  # no reason, no refusal
    client_for("amal_worker").post(refuse, {"answer": "Pas de place avant mars"})
    handover.refresh_from_db()
    assert handover.state == "refused" and handover.answer == "Pas de place avant mars"
    page = client_for("nour_worker").get(reverse("handovers:handover_detail", args=[handover.code]))
    assert "Pas de place avant mars" in page.content.decode()
    again = client_for("amal_worker").post(accept, follow=True)
    assert "déjà reçu une réponse" in " ".join(str(m) for m in again.context["messages"])
    assert fatima.followings.filter(organisation=personas.amal).count() == 0


def test_strangers_never_see_a_proposal(client_for, personas, fatima):
    _propose(client_for, personas, fatima)
    detail = reverse("handovers:handover_detail", args=[Handover.objects.get().code])
    seen = {"lawyer": 403, "observer": 403, "finance": 403, "outsider": 403,
            "coordinator": 200, "nour_manager": 200, "amal_manager": 200}  # fmt: skip
    for persona, status in seen.items():
        assert client_for(persona).get(detail).status_code == status, persona
    other = register(personas, "amal", first_name_latin="Zineb")
    assert (
        client_for("nour_worker").get(reverse("handovers:propose", args=[other.code])).status_code
        == 404
    )  # Nour does not follow Zineb


def test_unanswered_proposals_are_chased_once_per_period(client_for, personas, fatima, settings):
    settings.SANAD_HANDOVER_CHASE_DAYS = 7
    _propose(client_for, personas, fatima)
    Handover.objects.update(proposed_at=timezone.now() - timedelta(days=8))
    before = Notification.objects.filter(user=personas.amal_worker).count()
    assert services.chase() == 1
    assert services.chase() == 0  # not twice in the same week
    assert Notification.objects.filter(user=personas.amal_worker).count() == before + 1
    assert AuditEvent.objects.filter(action="handover.chased").exists()
    assert services.chase(today=timezone.localdate() + timedelta(days=8)) == 1


def test_the_proposer_withdraws_a_waiting_proposal(client_for, personas, fatima):
    _propose(client_for, personas, fatima)
    handover = Handover.objects.get()
    withdraw = reverse("handovers:handover_withdraw", args=[handover.code])
    assert client_for("amal_worker").post(withdraw).status_code == 403
    assert client_for("nour_manager").post(withdraw).status_code == 302
    assert Handover.objects.get().state == "withdrawn"
    assert Beneficiary.objects.visible_to(personas.amal_worker).count() == 0


def test_a_placement_outside_the_csos_area_suggests_a_handover(client_for, personas, fatima):
    casablanca = Region.objects.create(code="casablanca-settat", name_fr="Casablanca-Settat")
    rabat = Region.objects.create(code="rabat-sale-kenitra", name_fr="Rabat-Salé-Kénitra")
    personas.nour.regions.set([casablanca])
    page = reverse("beneficiaries:beneficiary_detail", args=[fatima.code])
    for region, suggested in ((casablanca, False), (rabat, True)):
        prison = Establishment.objects.create(
            name_fr=f"Prison de {region.name_fr}", kind="PL", region=region
        )
        Beneficiary.objects.filter(pk=fatima.pk).update(current_establishment=prison)
        shown = client_for("nour_worker").get(page)
        assert bool(shown.context["outside_area"]) is suggested, region
        assert (f"?establishment={prison.code}" in shown.content.decode()) is suggested
    assert client_for("coordinator").get(page).context["outside_area"] == []  # not a proposer


def test_each_step_is_e_mailed_in_the_readers_language_without_the_persons_name(
    client_for, personas, fatima, settings
):
    personas.amal_worker.preferred_language = "ar"
    personas.amal_worker.save()
    _propose(client_for, personas, fatima)
    handover = Handover.objects.get()
    link = reverse("handovers:handover_detail", args=[handover.code])
    to_amal = {m.to[0]: m for m in mail.outbox}
    assert set(to_amal) == {personas.amal_worker.email, personas.amal_manager.email}
    arabic, french = to_amal[personas.amal_worker.email], to_amal[personas.amal_manager.email]
    assert "Nour (test)" in french.subject and link in french.body and "suivre" in french.body
    assert "نور" in arabic.subject and "تتبع" in arabic.body  # each name in its language
    for message in mail.outbox:  # neither the name nor the initials leave Sanad by e-mail
        assert "Fatima" not in message.body and "F. B." not in message.body + message.subject
    mail.outbox.clear()
    client_for("amal_worker").post(
        reverse("handovers:handover_refuse", args=[handover.code]), {"answer": "Complet"}
    )
    (answered,) = mail.outbox
    assert answered.to == [personas.nour_worker.email] and "Amal (test)" in answered.subject
    assert "refusé" in answered.body and "Complet" not in answered.body
    told = Notification.objects.get(user=personas.nour_worker, link=link)
    assert "F. B." in told.text


def test_reading_a_proposals_summary_enters_the_persons_access_history(
    client_for, personas, fatima
):
    _propose(client_for, personas, fatima)
    handover = Handover.objects.get()
    client_for("amal_worker").get(reverse("handovers:handover_detail", args=[handover.code]))
    event = AuditEvent.objects.get(action="handover.viewed")
    assert (event.actor, event.organisation) == (personas.amal_worker, personas.nour)
    history = client_for("coordinator").get(reverse("audit:person_history", args=[fatima.code]))
    assert event in history.context["page"].object_list


def test_the_proposal_shows_each_csos_capacity_and_refuses_a_full_one(client_for, personas, fatima):
    personas.amal.capacity = 0
    personas.amal.save()
    url = reverse("handovers:propose", args=[fatima.code])
    form = client_for("nour_worker").get(url).context["form"]
    labels = [label for _value, label in form.fields["to_organisation"].choices]
    assert any("Amal" in label and "0" in label for label in labels)
    response = _propose(client_for, personas, fatima)
    assert response.status_code == 200 and "to_organisation" in response.context["form"].errors
    assert not Handover.objects.exists()
    personas.amal.capacity = 3
    personas.amal.save()
    assert _propose(client_for, personas, fatima).status_code == 302
