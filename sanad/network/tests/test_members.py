from django.urls import reverse

from sanad.audit.models import AuditEvent
from sanad.network.models import Membership


def _toggle_url(personas, user):
    return reverse("network:membership_toggle", args=[Membership.objects.get(user=user).code])


def test_member_list_shows_own_members_only(client_for, personas):
    response = client_for("nour_manager").get(
        reverse("network:member_list", args=[personas.nour.code])
    )
    emails = {m.user.email for m in response.context["page"].object_list}
    assert emails == {"nour_manager@test.example", "nour_worker@test.example"}


def test_member_list_filters_by_role(client_for, personas):
    response = client_for("admin").get(
        reverse("network:member_list", args=[personas.nour.code]), {"role": "cso_worker"}
    )
    assert [m.user.email for m in response.context["page"].object_list] == [
        "nour_worker@test.example"
    ]


def test_deactivation_asks_for_confirmation_first(client_for, personas):
    url = _toggle_url(personas, personas.nour_worker)
    response = client_for("nour_manager").get(url)
    assert response.status_code == 200
    assert Membership.objects.get(user=personas.nour_worker).is_active


def test_manager_deactivates_a_member_and_it_is_audited(client_for, personas):
    response = client_for("nour_manager").post(_toggle_url(personas, personas.nour_worker))
    assert response.status_code == 302
    membership = Membership.objects.get(user=personas.nour_worker)
    assert not membership.is_active and membership.deactivated_at is not None
    event = AuditEvent.objects.get(action="membership.deactivated")
    assert event.actor == personas.nour_manager
    assert event.organisation == personas.nour
    # The deactivated worker loses access at once; nothing was deleted.
    denied = client_for("nour_worker").get(reverse("network:organisation_list"))
    assert denied.status_code == 403


def test_reactivation_is_audited(client_for, personas):
    url = _toggle_url(personas, personas.nour_worker)
    client_for("admin").post(url)
    client_for("admin").post(url)
    assert Membership.objects.get(user=personas.nour_worker).is_active
    assert AuditEvent.objects.filter(action="membership.reactivated").count() == 1


def test_a_manager_cannot_deactivate_themself(client_for, personas):
    client_for("nour_manager").post(_toggle_url(personas, personas.nour_manager))
    assert Membership.objects.get(user=personas.nour_manager).is_active
    assert not AuditEvent.objects.filter(action="membership.deactivated").exists()


def test_other_cso_manager_gets_404_and_coordinator_403(client_for, personas):
    url = _toggle_url(personas, personas.nour_worker)
    assert client_for("amal_manager").post(url).status_code == 404
    assert client_for("coordinator").post(url).status_code == 403
    assert Membership.objects.get(user=personas.nour_worker).is_active


def test_toggle_refuses_put(client_for, personas):
    assert client_for("admin").put(_toggle_url(personas, personas.nour_worker)).status_code == 405
