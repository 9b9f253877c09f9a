from datetime import timedelta

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from sanad.audit.models import AuditEvent
from sanad.calls.models import Application, Call
from sanad.calls.services import CLOSED
from sanad.calls.tests.conftest import PDF, question, start


def _answers(call, **extra):
    return {
        f"q{question(call, 'Nom').pk}": "Association Test",
        f"q{question(call, 'Années').pk}": "7",
        **extra,
    }


def test_open_calls_are_listed_publicly(call, personas):
    Call.objects.create(title_fr="Brouillon", text_fr="x", deadline=call.deadline)
    page = Client().get(reverse("calls:call_list"))
    assert [c.pk for c in page.context["calls"]] == [call.pk]
    assert Client().get(reverse("calls:call_public", args=[call.code])).status_code == 200


def test_the_link_is_private_and_the_answer_never_says_who_applied(call):
    client = Client()
    path = start(client, call)
    assert Application.objects.get().email_confirmed_at is None
    assert client.get(path).status_code == 200
    assert Application.objects.get().email_confirmed_at is not None
    # Asking again for a known address gives the same page and a new link; the old one dies.
    again = client.post(
        reverse("calls:call_public", args=[call.code]), {"email": "asso@example.org"}
    )
    assert again.context["sent"] and len(mail.outbox) == 2
    assert client.get(path).status_code == 404
    assert client.get("/calls/apply/guessed-token-000000000000/").status_code == 404


def test_the_honeypot_and_the_rate_limit(call):
    client = Client()
    trapped = client.post(
        reverse("calls:call_public", args=[call.code]), {"email": "bot@example.org", "website": "x"}
    )
    assert trapped.context["sent"] and not mail.outbox and not Application.objects.exists()
    url = reverse("calls:call_public", args=[call.code])
    statuses = [client.post(url, {"email": "same@example.org"}).status_code for _ in range(6)]
    assert statuses[:5] == [200] * 5 and statuses[5] == 429
    assert len(mail.outbox) == 5


def test_autosave_keeps_what_is_typed(call):
    client = Client()
    path = start(client, call)
    name = f"q{question(call, 'Nom').pk}"
    response = client.post(path + "autosave/", {name: "Association Nakhil"})
    assert response.status_code == 200 and response.json()["saved"]
    application = Application.objects.get()
    assert application.answers[str(question(call, "Nom").pk)] == "Association Nakhil"
    bad = client.post(
        path + "autosave/", {name: "Autre", f"q{question(call, 'Années').pk}": "sept"}
    )
    assert bad.status_code == 400
    application.refresh_from_db()
    assert application.answers[str(question(call, "Nom").pk)] == "Association Nakhil"
    page = client.get(path)
    assert "Association Nakhil" in page.content.decode()


def test_submission_needs_the_required_answers_and_loses_nothing(call):
    client = Client()
    path = start(client, call)
    answers = _answers(call)
    refused = client.post(path, {**answers, "action": "submit"})
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert "Association Test" in refused.content.decode()
    application = Application.objects.get()
    assert (
        application.state == "draft"
        and application.answers[str(question(call, "Nom").pk)] == "Association Test"
    )
    statutes = question(call, "Statuts")
    client.post(path + f"files/{statutes.pk}/", {"file": SimpleUploadedFile("s.pdf", PDF)})
    done = client.post(path, {**answers, "action": "submit"})
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.state == "submitted" and application.submitted_at
    acknowledgement = mail.outbox[-1]
    assert acknowledgement.to == ["asso@example.org"]
    name, content, mimetype = acknowledgement.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="application.submitted", target_code=application.code)
    assert client.post(path + "autosave/", answers).status_code == 409  # submitted: final


def test_one_second_after_the_deadline_nothing_changes_and_nothing_is_lost(call):
    client = Client()
    path = start(client, call)
    client.post(path, {**_answers(call), "action": "save"})
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    late = {
        **_answers(call),
        f"q{question(call, 'Nom').pk}": "Nom tapé trop tard",
        "action": "submit",
    }
    response = client.post(path, late)
    assert response.status_code == 200
    with translation.override("fr"):
        assert response.context["form"].non_field_errors() == [str(CLOSED)]
    assert "Nom tapé trop tard" in response.content.decode()  # what was typed is still on screen
    application = Application.objects.get()
    assert application.state == "draft"
    assert application.answers[str(question(call, "Nom").pk)] == "Association Test"
    assert client.post(path + "autosave/", late).status_code == 409
    statutes = question(call, "Statuts")
    client.post(path + f"files/{statutes.pk}/", {"file": SimpleUploadedFile("s.pdf", PDF)})
    assert not application.files.exists()


def test_files_are_checked(call):
    client = Client()
    path = start(client, call)
    statutes = question(call, "Statuts")
    url = path + f"files/{statutes.pk}/"
    client.post(url, {"file": SimpleUploadedFile("s.pdf", b"<html>not a pdf")})
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    client.post(url, {"file": big})
    application = Application.objects.get()
    assert not application.files.exists()
    client.post(url, {"file": SimpleUploadedFile("s.pdf", PDF)})
    stored = application.files.get()
    client.post(path + f"files/{stored.pk}/remove/")
    assert not application.files.exists()
    assert client.get(url).status_code == 405


def test_public_pages_need_no_account_and_staff_pages_do(call):
    anonymous = Client()
    assert anonymous.get(reverse("calls:call_list")).status_code == 200
    assert anonymous.get(reverse("calls:call_public", args=[call.code])).status_code == 200
    staff = anonymous.get(reverse("calls:call_detail", args=[call.code]))
    assert staff.status_code == 302 and "/accounts/login/" in staff["Location"]
    draft = Call.objects.create(title_fr="Brouillon", text_fr="x", deadline=call.deadline)
    assert anonymous.get(reverse("calls:call_public", args=[draft.code])).status_code == 404


def test_a_count_is_a_whole_number_of_zero_or_more(call):
    client = Client()
    path = start(client, call)
    years = f"q{question(call, 'Années').pk}"
    for typed in ("-3", "2.5"):
        refused = client.post(path + "autosave/", {years: typed})
        assert refused.status_code == 400, typed
    assert client.post(path + "autosave/", {years: "12"}).status_code == 200
    assert Application.objects.get().answers[str(question(call, "Années").pk)] == "12"
