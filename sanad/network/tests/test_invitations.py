import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sanad.audit.models import AuditEvent
from sanad.network.models import Invitation, Membership

STRONG = "une phrase de passe longue 2026"


def _invite(client, org, **data):
    payload = {
        "email": "Nouvelle@Example.org",
        "full_name": "Sara",
        "role": "cso_worker",
        "language": "ar",
    } | data
    return client.post(reverse("network:member_invite", args=[org.code]), payload)


def _main(response):
    return re.search(rb"<main.*</main>", response.content, re.S).group(0)


def _link_from_mail():
    return re.search(r"https?://\S+/network/join/\S+/", mail.outbox[-1].body).group(0)


def test_manager_invites_a_worker_by_email_in_the_chosen_language(client_for, personas):
    response = _invite(client_for("nour_manager"), personas.nour)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "nouvelle@example.org"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle@example.org"]
    assert "نور" in message.subject  # Arabic e-mail names the organisation in Arabic
    token = _link_from_mail().rstrip("/").rsplit("/", 1)[-1]
    assert invitation.token_hash == Invitation.hash_token(token)
    assert token not in invitation.token_hash
    event = AuditEvent.objects.get(action="invitation.sent")
    assert event.actor == personas.nour_manager
    assert event.changes["role"] == [None, "cso_worker"]


def test_an_invitation_e_mail_is_plain_text(client_for, personas):
    """Names are written as typed, not HTML-escaped: the e-mail is not a web page."""
    personas.nour.name_fr = "Nour l'Espoir & Co"
    personas.nour.save()
    _invite(client_for("nour_manager"), personas.nour, language="fr")
    message = mail.outbox[0]
    assert "Nour l'Espoir & Co" in message.subject
    assert "Nour l'Espoir & Co" in message.body and "&#x27;" not in message.body


def test_manager_cannot_invite_an_administrator(client_for, personas):
    response = _invite(client_for("nour_manager"), personas.nour, role="admin")
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_admin_may_invite_any_role_anywhere(client_for, personas):
    response = _invite(client_for("admin"), personas.omp, role="coordinator")
    assert response.status_code == 302
    assert Invitation.objects.get().role == "coordinator"


def test_inviting_an_active_member_keeps_the_form_with_an_error(client_for, personas):
    response = _invite(client_for("nour_manager"), personas.nour, email="nour_worker@test.example")
    assert response.status_code == 200
    assert b"nour_worker@test.example" in response.content
    assert not Invitation.objects.exists()


def test_invite_outsider_404_weaker_403_wrong_method_405(client_for, personas):
    assert _invite(client_for("amal_manager"), personas.nour).status_code == 404
    assert _invite(client_for("nour_worker"), personas.nour).status_code == 403
    url = reverse("network:member_invite", args=[personas.nour.code])
    assert client_for("nour_manager").put(url).status_code == 405
    assert not Invitation.objects.exists()


def test_accepting_creates_the_account_and_membership(client_for, personas, client):
    _invite(client_for("nour_manager"), personas.nour)
    link = _link_from_mail()
    assert client.get(link).status_code == 200
    response = client.post(link, {"full_name": "Sara B.", "password1": STRONG, "password2": STRONG})
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="nouvelle@example.org")
    assert membership.role == "cso_worker" and membership.organisation == personas.nour
    assert membership.user.preferred_language == "ar"
    assert membership.user.check_password(STRONG)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"invitation.accepted", "membership.created", "user.created"} <= actions
    # The link works once.
    assert client.get(link).status_code == 404


def test_weak_password_keeps_the_name_typed(client_for, personas, client):
    _invite(client_for("nour_manager"), personas.nour)
    response = client.post(
        _link_from_mail(), {"full_name": "Sara B.", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 200
    assert b'value="Sara B."' in response.content
    assert not Membership.objects.filter(user__email="nouvelle@example.org").exists()


def test_expired_revoked_and_made_up_links_all_look_the_same(client_for, personas, client):
    _invite(client_for("nour_manager"), personas.nour)
    link = _link_from_mail()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.get(link)
    made_up = client.get(reverse("network:invitation_accept", args=["not-a-real-token"]))
    assert expired.status_code == made_up.status_code == 404
    assert _main(expired) == _main(made_up)


def test_revoking_needs_confirmation_and_kills_the_link(client_for, personas, client):
    _invite(client_for("nour_manager"), personas.nour)
    link = _link_from_mail()
    invitation = Invitation.objects.get()
    url = reverse("network:invitation_revoke", args=[invitation.code])
    assert client_for("nour_manager").get(url).status_code == 200
    assert client.get(link).status_code == 200
    assert client_for("amal_manager").post(url).status_code == 404
    assert client_for("nour_worker").post(url).status_code == 403
    assert client_for("nour_manager").post(url).status_code == 302
    assert client.get(link).status_code == 404
    assert AuditEvent.objects.get(action="invitation.revoked").actor == personas.nour_manager


def test_existing_account_is_asked_to_sign_in_then_joins(client_for, personas):
    _invite(client_for("admin"), personas.amal, email="nour_worker@test.example")
    link = _link_from_mail()
    anonymous = client_for(None).get(link)
    assert anonymous.templates[0].name == "network/invitation_sign_in.html"
    assert b'name="password1"' not in anonymous.content
    assert not Membership.objects.filter(user=personas.nour_worker, organisation=personas.amal)
    signed_in = client_for("nour_worker")
    assert signed_in.post(link).status_code == 302
    assert Membership.objects.filter(
        user=personas.nour_worker, organisation=personas.amal, role="cso_worker"
    ).exists()


def test_someone_else_signed_in_cannot_use_the_link(client_for, personas):
    _invite(client_for("nour_manager"), personas.nour)
    link = _link_from_mail()
    response = client_for("amal_worker").post(link)
    assert response.status_code == 200
    assert not Membership.objects.filter(user=personas.amal_worker, organisation=personas.nour)


@pytest.mark.parametrize("method", ["put", "delete"])
def test_accept_refuses_other_methods(client, method):
    response = getattr(client, method)(reverse("network:invitation_accept", args=["x"]))
    assert response.status_code == 405
