import pytest
from django.urls import reverse

from sanad.audit.models import AuditEvent
from sanad.network.models import Organisation


def _form(org, **changes):
    data = {
        "name_fr": org.name_fr,
        "name_ar": org.name_ar,
        "acronym": org.acronym,
        "kind": org.kind,
        "status": org.status,
        "city": org.city,
        "email": org.email,
        "phone": org.phone,
        "version": org.version,
    }
    data.update(changes)
    return data


def test_list_is_searchable_and_filtered(client_for, personas):
    response = client_for("coordinator").get(reverse("network:organisation_list"), {"q": "amal"})
    names = [o.name_fr for o in response.context["page"].object_list]
    assert names == ["Amal (test)"]
    response = client_for("coordinator").get(
        reverse("network:organisation_list"), {"kind": "partner_cso"}
    )
    assert {o.name_fr for o in response.context["page"].object_list} == {
        "Nour (test)",
        "Amal (test)",
    }


def test_a_cso_member_lists_only_their_own_organisation(client_for, personas):
    response = client_for("nour_worker").get(reverse("network:organisation_list"))
    assert [o.name_fr for o in response.context["page"].object_list] == ["Nour (test)"]
    assert b"Amal (test)" not in response.content


def test_list_query_count_is_bounded(client_for, personas, django_assert_max_num_queries):
    for i in range(30):
        Organisation.objects.create(name_fr=f"CSO {i}", kind="partner_cso")
    client = client_for("coordinator")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("network:organisation_list"))
    assert len(response.context["page"].object_list) == 25


def test_list_refuses_post(client_for, personas):
    assert client_for("coordinator").post(reverse("network:organisation_list")).status_code == 405


def test_admin_creates_an_organisation_with_its_audit_event(client_for, personas):
    response = client_for("admin").post(
        reverse("network:organisation_create"),
        {
            "name_fr": "Association Salam",
            "name_ar": "جمعية سلام",
            "kind": "partner_cso",
            "status": "applicant",
        },
    )
    org = Organisation.objects.get(name_fr="Association Salam")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="organisation.created")
    assert event.actor == personas.admin
    assert event.target_code == str(org.code)
    assert event.changes["name_ar"] == ["", "جمعية سلام"]


def test_create_keeps_input_on_error(client_for, personas):
    response = client_for("admin").post(
        reverse("network:organisation_create"),
        {
            "name_fr": "Association Salam",
            "kind": "partner_cso",
            "status": "active",
            "agreement_start": "2026-05-01",
            "agreement_end": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "agreement_end" in response.context["form"].errors
    assert b'value="Association Salam"' in response.content
    assert not Organisation.objects.filter(name_fr="Association Salam").exists()


def test_manager_edits_own_organisation_and_it_is_audited(client_for, personas):
    response = client_for("nour_manager").post(
        reverse("network:organisation_edit", args=[personas.nour.code]),
        _form(personas.nour, city="Settat"),
    )
    assert response.status_code == 302
    personas.nour.refresh_from_db()
    assert personas.nour.city == "Settat"
    assert personas.nour.version == 2
    event = AuditEvent.objects.get(action="organisation.updated")
    assert event.changes == {"city": ["", "Settat"]}
    assert event.organisation == personas.nour


def test_manager_cannot_change_the_status_in_the_network(client_for, personas):
    client_for("nour_manager").post(
        reverse("network:organisation_edit", args=[personas.nour.code]),
        _form(personas.nour, status="former"),
    )
    personas.nour.refresh_from_db()
    assert personas.nour.status == "active"


def test_outsider_manager_gets_404_and_worker_gets_403(client_for, personas):
    url = reverse("network:organisation_edit", args=[personas.nour.code])
    assert client_for("amal_manager").post(url, _form(personas.nour)).status_code == 404
    assert client_for("nour_worker").post(url, _form(personas.nour)).status_code == 403
    assert not AuditEvent.objects.filter(action="organisation.updated").exists()


def test_concurrent_edit_is_detected_not_overwritten(client_for, personas):
    url = reverse("network:organisation_edit", args=[personas.nour.code])
    stale = _form(personas.nour, city="Rabat")
    first = client_for("coordinator").post(url, _form(personas.nour, city="Settat"))
    assert first.status_code == 302
    second = client_for("nour_manager").post(url, stale)
    assert second.status_code == 200
    assert second.context["conflict"].city == "Settat"
    assert b'value="Rabat"' in second.content
    personas.nour.refresh_from_db()
    assert personas.nour.city == "Settat"
    assert AuditEvent.objects.filter(action="organisation.updated").count() == 1


def test_edit_refuses_delete_method(client_for, personas):
    url = reverse("network:organisation_edit", args=[personas.nour.code])
    assert client_for("admin").delete(url).status_code == 405


@pytest.mark.parametrize("persona", ["nour_worker", "finance"])
def test_detail_shows_no_edit_button_without_the_capability(client_for, personas, persona):
    response = client_for(persona).get(
        reverse("network:organisation_detail", args=[personas.nour.code])
    )
    assert response.status_code == 200
    assert reverse("network:organisation_edit", args=[personas.nour.code]).encode() not in (
        response.content
    )
