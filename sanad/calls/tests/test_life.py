"""A call's life as the coordinator runs it: closed early or extended, reviewed, decided
(the e-mail shown before it goes), archived; and what the applicant gets from it."""

import html
import re
import threading
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from sanad.audit.models import AuditEvent
from sanad.calls import services
from sanad.calls.forms import DecisionForm
from sanad.calls.models import Application, Call, RequestCount, Stage
from sanad.calls.tests.conftest import PDF, question, start
from sanad.network.models import Organisation
from sanad.network.templatetags.sanad_ui import file_size


def _current(page) -> str:
    found = re.search(r'<li aria-current="step">([^<]+)</li>', page.content.decode())
    return html.unescape(found.group(1))


def _label(stage) -> str:
    with translation.override("fr"):
        return str(stage.label)


def _close(call):
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=1))


def test_the_page_shows_each_stage_and_who_may_act(call, applications, client_for, personas):
    coordinator = client_for("coordinator")
    detail = reverse("calls:call_detail", args=[call.code])
    draft = Call.objects.create(title_fr="Brouillon", text_fr="x", deadline=call.deadline)
    assert _current(coordinator.get(reverse("calls:call_detail", args=[draft.code]))) == _label(
        Stage.DRAFT
    )
    open_page = coordinator.get(detail)
    assert _current(open_page) == _label(Stage.OPEN)
    assert reverse("calls:call_close", args=[call.code]) in open_page.content.decode()
    assert reverse("calls:call_minutes", args=[call.code]) not in open_page.content.decode()
    # A page that cannot offer the decision says why.
    application = reverse("calls:application_detail", args=[call.code, applications[0].code])
    assert coordinator.get(application).context["decision_blocked"]
    _close(call)
    assert _current(coordinator.get(detail)) == _label(Stage.CLOSED)
    reviewer = client_for("reviewer")
    reviewer.post(
        reverse("calls:review_save", args=[call.code, applications[0].code]),
        {"action": "no_conflict"},
    )
    closed_page = coordinator.get(detail)
    assert _current(closed_page) == _label(Stage.UNDER_REVIEW)
    assert reverse("calls:call_minutes", args=[call.code]) in closed_page.content.decode()
    assert not coordinator.get(application).context["decision_blocked"]
    # The reviewer sees the stage but none of the coordinator's actions.
    seen = reviewer.get(detail)
    assert _current(seen) == _label(Stage.UNDER_REVIEW)
    assert reverse("calls:call_extend", args=[call.code]) not in seen.content.decode()


def test_closing_early_asks_first_and_tells_the_unfinished_drafts(call, applications, client_for):
    french, arabic = Client(), Client(HTTP_ACCEPT_LANGUAGE="ar")
    draft_path = start(french, call, "draft@example.org")
    start(arabic, call, "draft-ar@example.org")
    french.post(draft_path, {f"q{question(call, 'Nom').pk}": "Brouillon gardé", "action": "save"})
    coordinator = client_for("coordinator")
    url = reverse("calls:call_close", args=[call.code])
    confirm = coordinator.get(url)
    assert confirm.status_code == 200 and confirm.context["drafts"] == 2
    assert Call.objects.get(pk=call.pk).is_open  # asking changes nothing
    assert client_for("reviewer").post(url).status_code == 403
    assert coordinator.put(url).status_code == 405
    assert coordinator.post(reverse("calls:call_close", args=[uuid.uuid4()])).status_code == 404
    mail.outbox.clear()
    assert coordinator.post(url).status_code == 302
    call.refresh_from_db()
    assert not call.is_open and call.stage == Stage.CLOSED
    told = {m.to[0]: m for m in mail.outbox}
    assert set(told) == {"draft@example.org", "draft-ar@example.org"}
    assert "دعوة تجريبية" in told["draft-ar@example.org"].subject
    event = AuditEvent.objects.get(action="call.closed_early")
    assert event.changes["drafts_told"] == [None, 2]
    # The draft can no longer be submitted, and what it held is kept.
    late = french.post(
        draft_path, {f"q{question(call, 'Nom').pk}": "Trop tard", "action": "submit"}
    )
    assert late.status_code == 200 and "Trop tard" in late.content.decode()
    kept = Application.objects.get(email="draft@example.org")
    assert (
        kept.state == "draft" and kept.answers[str(question(call, "Nom").pk)] == "Brouillon gardé"
    )
    again = coordinator.post(url, follow=True)  # closing twice is refused, with the reason
    assert [str(m) for m in again.context["messages"]]
    page = again.content.decode()  # the coordinator reads French
    assert "2 candidatures n’ont pas été soumises avant la clôture de l’appel." in page
    assert "en cours de rédaction" not in page
    assert AuditEvent.objects.filter(action="call.closed_early").count() == 1


def test_extending_reopens_the_call_until_an_application_is_decided(call, applications, client_for):
    coordinator = client_for("coordinator")
    services.close_early(actor=None, call=call)
    url = reverse("calls:call_extend", args=[call.code])
    earlier = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    refused = coordinator.post(url, {"deadline": earlier})
    assert refused.status_code == 200 and refused.context["form"].errors["deadline"]
    later = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    assert client_for("reviewer").post(url, {"deadline": later}).status_code == 403
    assert coordinator.delete(url).status_code == 405
    assert coordinator.post(url, {"deadline": later}).status_code == 302
    call.refresh_from_db()
    assert call.is_open and AuditEvent.objects.filter(action="call.extended").exists()
    _close(call)
    decide = reverse("calls:application_decide", args=[call.code, applications[1].code])
    coordinator.post(decide, {"selected": "0", "reason": "Hors champ.", "action": "decide"})
    assert Application.objects.get(pk=applications[1].pk).state == "rejected"
    even_later = (timezone.localtime() + timedelta(days=9)).strftime("%Y-%m-%dT%H:%M")
    assert coordinator.post(url, {"deadline": even_later}).context["form"].errors["deadline"]
    assert not Call.objects.get(pk=call.pk).is_open


def test_a_decided_call_is_archived_and_then_read_only(call, applications, client_for):
    coordinator = client_for("coordinator")
    minutes = reverse("calls:call_minutes", args=[call.code])
    archive = reverse("calls:call_archive", args=[call.code])
    refused = coordinator.post(minutes, {"met_on": "2026-12-01", "minutes": "Trop tôt"})
    assert refused.status_code == 200 and Call.objects.get(pk=call.pk).state == "published"
    coordinator.post(archive)
    assert Call.objects.get(pk=call.pk).state == "published"  # not decided yet
    _close(call)
    coordinator.post(minutes, {"met_on": "2026-12-01", "minutes": "Le comité a siégé."})
    assert Call.objects.get(pk=call.pk).stage == Stage.DECIDED
    assert client_for("reviewer").post(archive).status_code == 403
    assert coordinator.get(archive).status_code == 405
    coordinator.post(archive)
    call.refresh_from_db()
    assert call.stage == Stage.ARCHIVED and AuditEvent.objects.filter(action="call.archived")
    decide = reverse("calls:application_decide", args=[call.code, applications[0].code])
    assert coordinator.post(decide, {"selected": "1", "reason": "x"}).status_code == 403
    edit = coordinator.post(
        reverse("calls:call_edit", args=[call.code]),
        {"title_fr": "Renommé", "text_fr": "x", "version": call.version},
    )
    assert edit.status_code == 200 and Call.objects.get(pk=call.pk).title_fr == "Appel test"
    page = coordinator.get(
        reverse("calls:application_detail", args=[call.code, applications[0].code])
    )
    assert page.context["decision_blocked"] and not page.context["can_decide"]


def test_the_decision_email_is_shown_before_it_goes_and_precedes_the_invitation(
    call, applications, client_for
):
    coordinator = client_for("coordinator")
    _close(call)
    detail = reverse("calls:application_detail", args=[call.code, applications[0].code])
    with translation.override("fr"):
        warning = str(DecisionForm.base_fields["reason"].help_text)
    assert warning in coordinator.get(detail).content.decode()
    url = reverse("calls:application_decide", args=[call.code, applications[0].code])
    mail.outbox.clear()
    reason = "Accès direct aux détenues et suivi après libération."
    preview = coordinator.post(url, {"selected": "1", "reason": reason, "action": "preview"})
    assert preview.status_code == 200 and reason in preview.context["body"]
    assert not mail.outbox and not Organisation.objects.filter(email="a@example.org").exists()
    assert Application.objects.get(pk=applications[0].pk).state == "submitted"
    arabic = reverse("calls:application_decide", args=[call.code, applications[1].code])
    shown = coordinator.post(
        arabic, {"selected": "0", "reason": "خارج المجال", "action": "preview"}
    )
    assert "دعوة تجريبية" in shown.context["subject"] and shown.context["rtl"]
    coordinator.post(url, {"selected": "1", "reason": reason, "action": "decide"})
    to_applicant = [m for m in mail.outbox if m.to == ["a@example.org"]]
    assert len(to_applicant) == 2
    assert reason in to_applicant[0].body and "/network/join/" in to_applicant[1].body


def test_the_focal_point_appears_on_the_new_partner_once_joined(call, applications, client_for):
    coordinator = client_for("coordinator")
    _close(call)
    url = reverse("calls:application_decide", args=[call.code, applications[0].code])
    coordinator.post(url, {"selected": "1", "reason": "Retenue.", "action": "decide"})
    organisation = Organisation.objects.get(email="a@example.org")
    assert organisation.focal_point is None
    join = re.search(r"http\S+(/network/join/\S+/)", mail.outbox[-1].body).group(1)
    newcomer = Client()
    password = "une phrase secrète assez longue 2026"
    newcomer.post(
        join, {"full_name": "Samira Benali", "password1": password, "password2": password}
    )
    organisation.refresh_from_db()
    assert organisation.focal_point.email == "a@example.org"
    page = coordinator.get(reverse("network:organisation_detail", args=[organisation.code]))
    assert "Samira Benali" in page.content.decode()


def test_the_private_link_opens_in_the_language_the_application_began_in(call):
    path = start(Client(HTTP_ACCEPT_LANGUAGE="ar"), call, "ar@example.org")
    fresh = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="ar" dir="rtl">' in fresh.get(path).content.decode()
    chosen = Client(HTTP_ACCEPT_LANGUAGE="en")
    chosen.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="fr" dir="ltr">' in chosen.get(path).content.decode()


@pytest.mark.parametrize(
    "size, words",
    [(1, "1 بايت"), (2, "2 بايتان"), (604, "604 بايتات"), (611, "611 بايتًا"), (700, "700 بايت")],
)
def test_file_sizes_agree_with_their_number_in_arabic(size, words):
    with translation.override("ar"):
        assert file_size(size) == words


def test_every_question_comes_before_the_submit_button(call):
    page = Client().get(start(Client(), call)).content.decode()
    assert page.index('type="file"') < page.index('value="submit"')
    assert 'form="application-form"' in page  # the button still submits the answers


def test_applicants_download_their_own_files_and_nobody_else_s(call):
    client = Client()
    path = start(client, call)
    statutes = question(call, "Statuts")
    client.post(path + f"files/{statutes.pk}/", {"file": SimpleUploadedFile("s.pdf", PDF)})
    stored = Application.objects.get().files.get()
    url = path + f"documents/{stored.pk}/"
    assert url in client.get(path).content.decode()
    response = client.get(url)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    other = Client()
    other_path = start(other, call, "other@example.org")
    assert other.get(other_path + f"documents/{stored.pk}/").status_code == 404
    assert client.post(url).status_code == 405


def test_a_limit_hit_loses_nothing_and_keeps_no_address(call, monkeypatch):
    monkeypatch.setitem(services.PER_HOUR, "save", 2)
    client = Client()
    path = start(client, call)
    name = f"q{question(call, 'Nom').pk}"
    client.post(path, {name: "Premier", "action": "save"})
    client.post(path + "autosave/", {name: "Deuxième"})
    refused = client.post(path, {name: "Troisième, tapé au-delà", "action": "save"})
    assert refused.status_code == 429 and "Troisième, tapé au-delà" in refused.content.decode()
    assert refused.context["form"].non_field_errors()
    assert client.post(path + "autosave/", {name: "Quatrième"}).status_code == 429
    assert Application.objects.get().answers[str(question(call, "Nom").pk)] == "Deuxième"
    assert RequestCount.objects.exists()
    assert not RequestCount.objects.filter(key__contains="example").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers with a database lock: concurrency is tested on PostgreSQL",
)
def test_simultaneous_requests_are_each_counted_once():
    allowed = []

    def ask():
        allowed.append(services._within_limit("ip", "198.51.100.7"))
        connection.close()

    threads = [threading.Thread(target=ask) for _ in range(services.PER_HOUR["ip"] + 10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == services.PER_HOUR["ip"]
    assert RequestCount.objects.get().count == services.PER_HOUR["ip"] + 10
