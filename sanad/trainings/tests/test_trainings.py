"""Trainings: the coordinator plans one and invites CSOs, members answer the questionnaire
before and after, attendance is recorded, certificates come in the participant's language,
and the logframe counts who was trained and what they learnt."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from sanad.audit.models import AuditEvent
from sanad.reports.indicators import INDICATORS, Scope
from sanad.reports.presentation import figure
from sanad.trainings import services
from sanad.trainings.models import Participant, Training

pytestmark = pytest.mark.django_db
QUESTIONS = [
    {"label_fr": "Délai d'appel d'un jugement correctionnel ?", "label_ar": "أجل استئناف حكم جنحي؟",
     "choices_fr": "3 jours\n10 jours\n30 jours", "choices_ar": "3 أيام\n10 أيام\n30 يوماً",
     "correct": 2},
    {"label_fr": "Qui accorde la libération conditionnelle ?", "label_ar": "من يمنح الإفراج؟",
     "choices_fr": "Le ministre de la Justice\nLe juge d'instruction", "choices_ar": "",
     "correct": 1},
]  # fmt: skip


@pytest.fixture
def training(personas):
    """A training starting in a week, with its two questions, Nour invited."""
    start = timezone.localdate() + timedelta(days=7)
    training = services.save_training(
        actor=personas.coordinator,
        training=Training(),
        values={"title_fr": "Délais de recours", "title_ar": "آجال الطعن", "trainers": "Me Idrissi",
                "starts_on": start, "ends_on": start + timedelta(days=1), "hours": 12,
                "mode": "in_person", "place": "Rabat"},
    )  # fmt: skip
    for values in QUESTIONS:
        services.add_question(actor=personas.coordinator, training=training, values=values)
    services.invite(actor=personas.coordinator, training=training, organisations=[personas.nour])
    return training


def _answer(client, training, stage, *answers):
    questions = list(training.questions.all())
    data = {str(q.pk): str(a) for q, a in zip(questions, answers, strict=True)}
    return client.post(reverse("trainings:questionnaire", args=[training.code, stage]), data)


def _held(training, personas, present):
    Training.objects.filter(pk=training.pk).update(starts_on=timezone.localdate())
    services.record_attendance(
        actor=personas.coordinator,
        training=training,
        present=training.participants.filter(user__in=present),
    )


def test_the_coordinator_plans_a_training_with_materials_and_its_questionnaire(
    client_for, personas
):
    client = client_for("coordinator")
    response = client.post(
        reverse("trainings:training_create"),
        {"title_fr": "Droits des détenues", "trainers": "Mme Alaoui", "starts_on": "2027-02-01",
         "ends_on": "2027-02-02", "hours": "10", "mode": "online", "link": ""},
    )  # fmt: skip
    assert response.status_code == 200 and "link" in response.context["form"].errors
    assert response.context["form"]["title_fr"].value() == "Droits des détenues"  # kept
    response = client.post(
        reverse("trainings:training_create"),
        {"title_fr": "Droits des détenues", "trainers": "Mme Alaoui", "starts_on": "2027-02-01",
         "ends_on": "2027-02-02", "hours": "10", "mode": "online",
         "link": "https://meet.example/droits"},
    )  # fmt: skip
    training = Training.objects.get()
    assert response.status_code == 302
    url = reverse("trainings:questions", args=[training.code])
    wrong = client.post(url, QUESTIONS[0] | {"correct": 4})
    assert wrong.status_code == 200 and not training.questions.exists()
    assert client.post(url, QUESTIONS[0]).status_code == 302
    assert AuditEvent.objects.filter(action="training.question_added").count() == 1
    assert AuditEvent.objects.filter(action="training.created", actor=personas.coordinator)


def test_invited_members_are_e_mailed_in_their_language(personas):
    personas.nour_worker.preferred_language = "ar"
    personas.nour_worker.save()
    start = timezone.localdate() + timedelta(days=3)
    training = services.save_training(
        actor=personas.coordinator,
        training=Training(),
        values={"title_fr": "Délais", "title_ar": "الآجال", "trainers": "Me Idrissi",
                "starts_on": start, "ends_on": start, "mode": "in_person"},
    )  # fmt: skip
    assert services.invite(actor=personas.coordinator, training=training, organisations=[
        personas.nour, personas.amal]) == 4  # fmt: skip
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "الآجال" in by_address[personas.nour_worker.email].subject
    assert "Délais" in by_address[personas.nour_manager.email].subject
    assert (
        services.invite(
            actor=personas.coordinator, training=training, organisations=[personas.nour]
        )
        == 0
    )  # nobody twice
    assert set(training.participants.values_list("organisation", flat=True)) == {
        personas.nour.pk,
        personas.amal.pk,
    }


def test_a_member_answers_before_and_after_and_downloads_a_certificate_in_their_language(
    client_for, personas, training
):
    personas.nour_worker.preferred_language = "ar"
    personas.nour_worker.save()
    client = client_for("nour_worker")
    assert _answer(client, training, "after", 1, 0).status_code == 403  # not yet
    assert _answer(client, training, "before", 0, 0).status_code == 302
    mine = Participant.objects.get(user=personas.nour_worker)
    assert mine.score_before == 50
    assert _answer(client, training, "before", 1, 0).status_code == 403  # once
    page = client.get(reverse("trainings:training_detail", args=[training.code]))
    assert page.context["open_stages"] == []
    _held(training, personas, present=[personas.nour_worker])
    assert _answer(client, training, "after", 1, 0).status_code == 302
    mine.refresh_from_db()
    assert (mine.score_after, mine.gain) == (100, 50)
    url = reverse("trainings:certificate", args=[training.code, mine.code])
    pdf = client.get(url)
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert pdf["Content-Type"] == "application/pdf" and "آجال الطعن" in text
    assert "nour_worker" in text  # the participant's name
    assert AuditEvent.objects.filter(action="training.certificate_downloaded").exists()
    manager = Participant.objects.get(user=personas.nour_manager)
    assert manager.attended is False  # not ticked: absent
    other = reverse("trainings:certificate", args=[training.code, manager.code])
    assert client_for("nour_manager").get(other).status_code == 404  # absent: no certificate
    assert client_for("nour_worker").get(other).status_code == 404  # not theirs
    assert client_for("coordinator").get(url).status_code == 200


def test_questions_are_frozen_once_someone_answered(client_for, personas, training):
    _answer(client_for("nour_worker"), training, "before", 1, 0)
    question = training.questions.first()
    client = client_for("coordinator")
    client.post(reverse("trainings:question_remove", args=[training.code, question.pk]))
    assert training.questions.count() == 2
    added = client.post(reverse("trainings:questions", args=[training.code]), QUESTIONS[1])
    assert added.status_code == 200 and training.questions.count() == 2


def test_attendance_waits_for_the_first_day(client_for, personas, training):
    url = reverse("trainings:attendance", args=[training.code])
    response = client_for("coordinator").post(url, {"present": []})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Training.objects.get().state == "planned"


def test_who_sees_what(client_for, personas, training):
    detail = reverse("trainings:training_detail", args=[training.code])
    for persona, status in {"coordinator": 200, "nour_manager": 200, "nour_worker": 200,
                            "amal_manager": 404, "amal_worker": 404, "lawyer": 403,
                            "observer": 403, "finance": 403, "analyst": 403}.items():  # fmt: skip
        assert client_for(persona).get(detail).status_code == status, persona
    shown = client_for("nour_worker").get(detail).context["participants"]
    assert [p.user for p in shown] == [personas.nour_worker]  # a worker sees themselves
    shown = client_for("nour_manager").get(detail).context["participants"]
    assert {p.user for p in shown} == {personas.nour_worker, personas.nour_manager}
    for name in ("training_edit", "questions", "invite", "attendance"):
        url = reverse(f"trainings:{name}", args=[training.code])
        assert client_for("nour_manager").get(url).status_code == 403, name
        assert client_for("nour_manager").post(url, {}).status_code == 403, name
        assert client_for("coordinator").put(url).status_code == 405, name
    questionnaire = reverse("trainings:questionnaire", args=[training.code, "before"])
    assert client_for("amal_worker").get(questionnaire).status_code == 404
    assert client_for("coordinator").get(questionnaire).status_code == 404  # not invited
    assert client_for("nour_worker").delete(questionnaire).status_code == 405
    listed = client_for("amal_worker").get(reverse("trainings:training_list"))
    assert list(listed.context["page"].object_list) == []


def test_the_logframe_counts_trained_staff_their_gain_and_their_csos(
    client_for, personas, training, settings
):
    for persona, answers in (("nour_worker", (0, 0)), ("nour_manager", (1, 0))):
        _answer(client_for(persona), training, "before", *answers)
    _held(training, personas, present=[personas.nour_worker, personas.nour_manager])
    _answer(client_for("nour_worker"), training, "after", 1, 0)
    _answer(client_for("nour_manager"), training, "after", 0, 1)
    today = timezone.localdate()
    scope = Scope(date(today.year, 1, 1), date(today.year, 12, 31))
    assert INDICATORS["staff_trained"].value(scope).value == 2
    assert INDICATORS["csos_with_trained_staff"].value(scope).value == 1
    assert INDICATORS["knowledge_gain"].value(scope).value == -25  # (+50 and −100) / 2
    settings.SANAD_DISCLOSURE_K = 5
    assert figure("knowledge_gain", scope, protected=True).hidden  # two people's scores
    assert figure("staff_trained", scope, protected=True).value == 2
    other = Scope(date(today.year, 1, 1), date(today.year, 12, 31), organisation=personas.amal.pk)
    assert INDICATORS["staff_trained"].value(other).value == 0


def test_the_list_reads_a_bounded_number_of_queries(
    client_for, personas, django_assert_max_num_queries
):
    start = date(2027, 1, 4)
    for number in range(30):
        services.save_training(
            actor=personas.coordinator,
            training=Training(),
            values={"title_fr": f"Module {number}", "trainers": "Me Idrissi",
                    "starts_on": start, "ends_on": start, "mode": "in_person"},
        )  # fmt: skip
    client = client_for("coordinator")
    client.get(reverse("trainings:training_list"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("trainings:training_list"), {"q": "Module"})
    assert len(response.context["page"].object_list) == 25


def test_another_csos_focal_point_never_reaches_a_participant(client_for, personas, training):
    _held(training, personas, present=[personas.nour_worker])
    mine = Participant.objects.get(user=personas.nour_worker)
    certificate = reverse("trainings:certificate", args=[training.code, mine.code])
    assert client_for("amal_manager").get(certificate).status_code == 404
    assert client_for("nour_manager").get(certificate).status_code == 200  # their staff
    before = reverse("trainings:questionnaire", args=[training.code, "after"])
    answers = {str(q.pk): "0" for q in training.questions.all()}
    assert client_for("nour_manager").post(before, answers).status_code == 403  # absent
    mine.refresh_from_db()
    assert mine.score_after is None  # nobody answers for someone else


def test_cancelling_asks_a_reason_and_tells_those_invited(client_for, personas, training):
    url = reverse("trainings:training_cancel", args=[training.code])
    assert client_for("nour_manager").post(url, {"reason": "x"}).status_code == 403
    assert client_for("coordinator").get(url).status_code == 200  # the confirmation first
    mail.outbox.clear()
    empty = client_for("coordinator").post(url, {"reason": ""})
    assert empty.status_code == 200 and Training.objects.get().state == "planned"
    client_for("coordinator").post(url, {"reason": "Formateur indisponible"})
    assert Training.objects.get().state == "cancelled"
    assert {m.to[0] for m in mail.outbox} == {
        personas.nour_worker.email,
        personas.nour_manager.email,
    }
    assert all("Formateur indisponible" in m.body for m in mail.outbox)
    assert AuditEvent.objects.filter(action="training.cancelled").exists()
    again = client_for("coordinator").post(url, {"reason": "Encore"})
    assert again.status_code == 200 and again.context["form"].non_field_errors()
