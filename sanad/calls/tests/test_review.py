from datetime import timedelta
from decimal import Decimal
from io import BytesIO

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sanad.audit.models import AuditEvent
from sanad.calls import services
from sanad.calls.models import Application, Call
from sanad.calls.tests.conftest import PDF, submitted
from sanad.network.models import Invitation, Organisation


def review(client, call, application, scores, action="submit"):
    """Declare no conflict of interest, then score (as the page asks, in that order)."""
    criteria = list(call.criteria.all())
    data = {f"score_{c.pk}": s for c, s in zip(criteria, scores, strict=True)}
    url = reverse("calls:review_save", args=[call.code, application.code])
    client.post(url, {"action": "no_conflict"})
    return client.post(url, {**data, "comment": "", "action": action})


def test_reviewers_see_only_their_calls(call, applications, client_for, personas):
    other = Call.objects.create(
        title_fr="Autre", text_fr="x", deadline=call.deadline, state="published"
    )
    reviewer = client_for("reviewer")
    assert reviewer.get(reverse("calls:call_detail", args=[other.code])).status_code == 404
    detail = reverse("calls:application_detail", args=[other.code, applications[0].code])
    assert reviewer.get(detail).status_code == 404
    assert reviewer.get(reverse("calls:call_detail", args=[call.code])).status_code == 200
    assert client_for("nour_manager").get(reverse("calls:manage_list")).status_code == 403
    assert reviewer.get(reverse("calls:call_edit", args=[call.code])).status_code == 403


def test_a_conflict_of_interest_excludes_the_reviewer(call, applications, personas):
    client = Client()
    client.force_login(personas.reviewer)
    url = reverse("calls:review_save", args=[call.code, applications[0].code])
    client.post(url, {"action": "conflict", "note": "J'ai présidé cette association."})
    detail = reverse("calls:application_detail", args=[call.code, applications[0].code])
    assert client.get(detail).status_code == 404
    listed = client.get(reverse("calls:call_detail", args=[call.code])).context["applications"]
    assert [a for a, _review in listed] == [applications[1]]
    assert AuditEvent.objects.filter(action="review.conflict_declared", actor=personas.reviewer)
    row = next(r for r in services.ranking(call) if r["application"] == applications[0])
    assert row["conflicts"] == 1


def test_others_scores_stay_hidden_until_ones_own_are_submitted(
    call, applications, personas, second_reviewer
):
    first, second = Client(), Client()
    first.force_login(personas.reviewer)
    second.force_login(second_reviewer)
    review(first, call, applications[0], [5, 4, 3])
    detail = reverse("calls:application_detail", args=[call.code, applications[0].code])
    assert second.get(detail).context["reviews"] == []
    review(second, call, applications[0], [2, 2, 2], action="save")
    assert second.get(detail).context["reviews"] == []
    review(second, call, applications[0], [2, 2, 2])
    assert len(second.get(detail).context["reviews"]) == 2
    # A submitted review is final.
    assert review(second, call, applications[0], [5, 5, 5]).status_code == 302
    assert {
        s.value for s in applications[0].reviews.get(reviewer=second_reviewer).scores.all()
    } == {2}


def test_ranking_weighted_mean_spread_and_missing_reviews(
    call, applications, personas, second_reviewer
):
    first, second = Client(), Client()
    first.force_login(personas.reviewer)
    second.force_login(second_reviewer)
    review(first, call, applications[0], [5, 4, 3])  # (15 + 8 + 3) / (15 + 10 + 5) = 26/30
    review(second, call, applications[0], [2, 2, 2])  # 12/30
    review(first, call, applications[1], [5, 5, 5])
    rows = services.ranking(call)
    assert [r["application"] for r in rows] == [applications[1], applications[0]]
    a = next(r for r in rows if r["application"] == applications[0])
    assert a["mean"] == Decimal("63.3")  # (86.7 + 40.0) / 2
    assert a["spread"] == Decimal("46.7")
    b = rows[0]
    assert b["mean"] == Decimal("100.0") and b["missing"] == [second_reviewer]


def test_deciding_onboards_the_selected_csos(call, applications, client_for, personas):
    coordinator = client_for("coordinator")
    url = reverse("calls:application_decide", args=[call.code, applications[0].code])
    # Not while the call is still open.
    assert coordinator.post(url, {"selected": "1", "reason": "Excellent"}).status_code == 403
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    coordinator.post(url, {"action": "shortlist"})
    coordinator.post(url, {"selected": "1", "reason": "Accès direct et expérience solides."})
    application = Application.objects.get(pk=applications[0].pk)
    assert application.state == "selected"
    organisation = application.organisation
    assert organisation.name_fr == "Association A" and organisation.status == "active"
    assert set(organisation.fields_of_action.values_list("code", flat=True)) == {"women", "minors"}
    assert list(organisation.regions.values_list("code", flat=True)) == ["fes-meknes"]
    invitation = Invitation.objects.get(email="a@example.org")
    assert invitation.role == "cso_manager" and invitation.organisation == organisation
    assert invitation.full_name == "Samira Benali"
    rejected = reverse("calls:application_decide", args=[call.code, applications[1].code])
    coordinator.post(rejected, {"selected": "0", "reason": "Hors champ."})
    assert Application.objects.get(pk=applications[1].pk).state == "rejected"
    notices = [m for m in mail.outbox if m.to == ["b@example.org"]]
    assert "دعوة تجريبية" in notices[-1].subject  # told in the language it applied in
    assert AuditEvent.objects.filter(action="application.selected", actor=personas.coordinator)
    assert Organisation.objects.filter(name_fr="جمعية باء").count() == 0


def test_exports(call, applications, client_for):
    coordinator = client_for("coordinator")
    response = coordinator.get(reverse("calls:call_export", args=[call.code]))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3 and {"Association A", "جمعية باء"} <= {c for r in rows for c in r}
    pdf = coordinator.get(
        reverse("calls:application_export", args=[call.code, applications[0].code])
    )
    assert pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="call.exported")
    assert (
        client_for("reviewer").get(reverse("calls:call_export", args=[call.code])).status_code
        == 403
    )


def test_questionnaire_is_frozen_once_published(call, client_for):
    coordinator = client_for("coordinator")
    url = reverse("calls:questionnaire", args=[call.code])
    response = coordinator.post(
        url, {"action": "question", "q-kind": "short", "q-label_fr": "Nouvelle", "q-position": 9}
    )
    assert response.status_code == 200 and not call.questions.filter(label_fr="Nouvelle").exists()


def test_a_call_is_built_then_published(client_for, personas, second_reviewer):
    coordinator = client_for("coordinator")
    deadline = (timezone.localtime() + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    response = coordinator.post(
        reverse("calls:call_create"),
        {
            "title_fr": "Nouvel appel",
            "text_fr": "Texte",
            "deadline": deadline,
            "reviewers": [second_reviewer.pk],
        },
    )
    call = Call.objects.get(title_fr="Nouvel appel")
    assert response.status_code == 302
    publish = reverse("calls:call_publish", args=[call.code])
    coordinator.post(publish)
    call.refresh_from_db()
    assert call.state == "draft"  # no question, no criterion yet
    url = reverse("calls:questionnaire", args=[call.code])
    coordinator.post(
        url, {"action": "question", "q-kind": "choice", "q-label_fr": "Choix", "q-position": 0}
    )
    assert not call.questions.exists()  # a choice question needs its choices
    coordinator.post(
        url,
        {
            "action": "question",
            "q-kind": "choice",
            "q-label_fr": "Choix",
            "q-position": 0,
            "q-choices_fr": "Oui\nNon",
        },
    )
    coordinator.post(
        url,
        {
            "action": "criterion",
            "c-label_fr": "Expérience",
            "c-weight": "2",
            "c-max_score": 5,
            "c-position": 0,
        },
    )
    coordinator.post(publish)
    call.refresh_from_db()
    assert call.state == "published" and Client().get(reverse("calls:call_list")).context["calls"]
    assert coordinator.get(publish).status_code == 405


def test_call_pages_run_a_bounded_number_of_queries(
    call, applications, client_for, django_assert_max_num_queries
):
    for n in range(3):
        submitted(call, f"more{n}@example.org", f"Association {n}")
    coordinator = client_for("coordinator")
    with django_assert_max_num_queries(25):
        page = coordinator.get(reverse("calls:call_detail", args=[call.code]))
    assert len(page.context["ranking"]) == 5
    with django_assert_max_num_queries(25):
        coordinator.get(reverse("calls:call_export", args=[call.code]))
    reviewer = client_for("reviewer")
    with django_assert_max_num_queries(25):
        reviewer.get(reverse("calls:call_detail", args=[call.code]))


def test_a_reviewer_declares_before_scoring_and_reads_the_files(
    call, applications, personas, client_for
):
    application = applications[0]
    reviewer = client_for("reviewer")
    detail = reverse("calls:application_detail", args=[call.code, application.code])
    url = reverse("calls:review_save", args=[call.code, application.code])
    page = reviewer.get(detail).content.decode()
    assert 'value="no_conflict"' in page and 'name="score_' not in page
    criteria = list(call.criteria.all())
    scores = {f"score_{c.pk}": 3 for c in criteria}
    reviewer.post(url, {**scores, "action": "save"})  # scoring before declaring: refused
    assert not application.reviews.filter(scores__isnull=False).exists()
    reviewer.post(url, {"action": "no_conflict"})
    assert AuditEvent.objects.filter(action="review.no_conflict_declared").exists()
    page = reviewer.get(detail).content.decode()
    assert 'name="score_' in page
    sent = application.files.get()
    download = reverse("calls:application_file", args=[call.code, application.code, sent.pk])
    assert download in page
    response = reviewer.get(download)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert AuditEvent.objects.filter(action="application.file_downloaded").count() == 1
    assert client_for("coordinator").get(download).status_code == 200
    assert client_for("amal_worker").get(download).status_code == 404
    assert reviewer.post(download).status_code == 405
    other = Call.objects.create(
        title_fr="Autre", text_fr="x", deadline=call.deadline, state="published"
    )
    elsewhere = reverse("calls:application_file", args=[other.code, application.code, sent.pk])
    assert reviewer.get(elsewhere).status_code == 404
    export = client_for("coordinator").get(reverse("calls:call_export", args=[call.code]))
    declarations = load_workbook(BytesIO(export.content)).worksheets[1]
    rows = list(declarations.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3]) for r in rows] == [(application.email, "Non")]


def test_a_reviewer_who_stands_aside_no_longer_reads_the_files(call, applications, client_for):
    application = applications[0]
    reviewer = client_for("reviewer")
    sent = application.files.get()
    download = reverse("calls:application_file", args=[call.code, application.code, sent.pk])
    url = reverse("calls:review_save", args=[call.code, application.code])
    reviewer.post(url, {"action": "conflict", "note": "Ma sœur la préside."})
    assert reviewer.get(download).status_code == 404


def test_reviewers_are_chosen_by_name_email_and_organisation_and_ties_are_flagged(
    call, applications, personas, client_for
):
    page = client_for("coordinator").get(reverse("calls:call_edit", args=[call.code]))
    label = f"{personas.reviewer.display_name} — {personas.reviewer.email} — "
    assert label in page.content.decode()
    detail = reverse("calls:call_detail", args=[call.code])
    assert "peuvent appartenir" not in client_for("coordinator").get(detail).content.decode()
    Application.objects.filter(pk=applications[0].pk).update(email="contact@test.example")
    shown = client_for("coordinator").get(detail).content.decode()
    assert "peuvent appartenir" in shown and personas.reviewer.email in shown
