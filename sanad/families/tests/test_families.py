from datetime import date

import pytest
from django.urls import reverse

from sanad.audit.models import AuditEvent
from sanad.beneficiaries.models import Consent, Relative
from sanad.families.models import AwarenessSession, FamilyContact


def _relative(beneficiary, agrees=True):
    return Relative.objects.create(
        beneficiary=beneficiary, name="Rkia", relationship="mother", may_be_contacted=agrees
    )


def _contact(client, relative):
    return client.post(
        reverse("families:contact_create"),
        {
            "relative": relative.code,
            "kind": "call",
            "contacted_on": "2026-11-20",
            "topics": ["procedures"],
            "outcome": "Informée",
        },
    )


def test_contact_refused_without_the_persons_consent(client_for, personas, fatima):
    relative = _relative(fatima)
    response = _contact(client_for("nour_worker"), relative)
    assert response.status_code == 200 and "relative" in response.context["form"].errors
    assert not FamilyContact.objects.exists()


def test_contact_refused_without_the_relatives_agreement(client_for, personas, fatima):
    Consent.objects.create(
        beneficiary=fatima, kind="family_contact", given_on=date(2026, 1, 1), language="darija"
    )
    response = _contact(client_for("nour_worker"), _relative(fatima, agrees=False))
    assert response.status_code == 200 and not FamilyContact.objects.exists()


def test_contact_recorded_with_both_consents(client_for, personas, fatima):
    Consent.objects.create(
        beneficiary=fatima, kind="family_contact", given_on=date(2026, 1, 1), language="darija"
    )
    relative = _relative(fatima)
    assert _contact(client_for("nour_worker"), relative).status_code == 302
    assert FamilyContact.objects.get().organisation == personas.nour
    assert AuditEvent.objects.filter(action="family.contact_recorded").exists()
    listing = client_for("amal_worker").get(reverse("families:contact_list"))
    assert list(listing.context["page"].object_list) == []
    # A relative of someone Amal does not follow cannot even be chosen.
    assert _contact(client_for("amal_worker"), relative).status_code == 200


def test_awareness_session_counts_attendance(client_for, personas, fatima):
    client = client_for("nour_manager")
    empty = client.post(
        reverse("families:session_create"),
        {"held_on": "2026-11-01", "place": "Salle", "facilitator": "Équipe", "topics": ["rights"]},
    )
    assert empty.status_code == 200 and not AwarenessSession.objects.exists()
    client.post(
        reverse("families:session_create"),
        {
            "held_on": "2026-11-01",
            "place": "Salle",
            "facilitator": "Équipe",
            "topics": ["rights"],
            "women_18_59": "10",
            "men_60_plus": "3",
            "women_under_18": "0",
            "women_60_plus": "0",
            "men_under_18": "0",
            "men_18_59": "0",
            "families": [fatima.pk],
        },
    )
    session = AwarenessSession.objects.get()
    assert session.attendance == 13 and list(session.families.all()) == [fatima]
    assert AuditEvent.objects.filter(action="family.session_saved").exists()
    assert client_for("coordinator").get(reverse("families:session_create")).status_code == 403
    assert (
        client_for("amal_manager")
        .get(reverse("families:session_edit", args=[session.code]))
        .status_code
        == 404
    )


def test_relative_picker_searches_relatives_of_visible_people_only(client_for, personas, fatima):
    relative = _relative(fatima)
    url = reverse("families:relative_pick")
    by_name = client_for("nour_worker").get(url, {"q": "rkia"}).json()["results"]
    by_detainee = client_for("nour_worker").get(url, {"q": "العلوي"}).json()["results"]
    assert [r["id"] for r in by_name] == [r["id"] for r in by_detainee] == [str(relative.code)]
    assert by_name[0]["label"].startswith("Rkia (")
    assert client_for("amal_worker").get(url, {"q": "rkia"}).json() == {"results": []}
    assert client_for("nour_worker").post(url, {"q": "rkia"}).status_code == 405
    assert client_for("observer").get(url, {"q": "rkia"}).status_code == 403
    # A refused contact form shows the chosen relative again, checked.
    page = _contact(client_for("nour_worker"), relative).content.decode()
    assert f'value="{relative.code}"' in page and "checked" in page


def _recorded(personas, beneficiary, relative_name, kind, day):
    relative = Relative.objects.create(
        beneficiary=beneficiary, name=relative_name, relationship="mother", may_be_contacted=True
    )
    return FamilyContact.objects.create(
        organisation=personas.nour,
        beneficiary=beneficiary,
        relative=relative,
        kind=kind,
        contacted_on=day,
        outcome="Informée",
    )


@pytest.fixture
def contacts(personas, fatima):
    return {
        "rkia": _recorded(personas, fatima, "Rkia El Alaoui", "call", date(2026, 3, 1)),
        "driss": _recorded(personas, fatima, "Driss Tazi", "visit", date(2026, 6, 1)),
    }


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, ["driss", "rkia"]),
        ({"q": "rkia"}, ["rkia"]),
        ({"q": "العلوي"}, ["driss", "rkia"]),  # the detainee's name, in Arabic
        ({"q": "fatima tazi"}, ["driss"]),  # the detainee's and the relative's
        ({"kind": "call"}, ["rkia"]),
        ({"since": "2026-04-01"}, ["driss"]),
        ({"until": "2026-03-01"}, ["rkia"]),
    ],
)
def test_contacts_are_searched_and_filtered(client_for, contacts, params, expected):
    response = client_for("nour_worker").get(reverse("families:contact_list"), params)
    assert list(response.context["page"].object_list) == [contacts[n] for n in expected]


def test_a_search_that_finds_nothing_says_so(client_for, contacts):
    response = client_for("nour_worker").get(reverse("families:contact_list"), {"q": "zzz"})
    assert "Aucun contact ne correspond à ces filtres." in response.content.decode()


def test_a_bad_period_is_explained_and_the_search_kept(client_for, contacts):
    response = client_for("nour_worker").get(
        reverse("families:contact_list"),
        {"q": "Rkia", "since": "2026-05-01", "until": "2026-01-01"},
    )
    assert (
        response.context["form"].errors["until"] and response.context["form"]["q"].value() == "Rkia"
    )


def test_the_persons_page_says_who_may_be_contacted_in_which_language(client_for, fatima):
    relative = _relative(fatima)
    Relative.objects.filter(pk=relative.pk).update(language="Tamazight")
    detail = reverse("beneficiaries:beneficiary_detail", args=[fatima.code])
    page = client_for("nour_worker").get(detail).content.decode()
    assert "Tamazight" in page
    # She agrees, but Fatima's consent to contact with relatives is missing: a contact would
    # be refused, so the page does not say "may be contacted".
    assert "peut être contacté" not in page and "consentement" in page
    Consent.objects.create(
        beneficiary=fatima, kind="family_contact", given_on=date(2026, 1, 1), language="darija"
    )
    assert "peut être contacté" in client_for("nour_worker").get(detail).content.decode()


def test_a_contact_is_shown_on_the_persons_page_and_corrected_there(client_for, contacts):
    rkia = contacts["rkia"]
    detail = reverse("beneficiaries:beneficiary_detail", args=[rkia.beneficiary.code])
    url = reverse("families:contact_edit", args=[rkia.code])
    page = client_for("nour_worker").get(detail).content.decode()
    assert "Rkia El Alaoui" in page and url in page
    form = {"kind": "visit", "contacted_on": "2026-03-02", "outcome": "Rencontrée à domicile",
            "next_step": "Rappeler en avril", "version": 1}  # fmt: skip
    assert client_for("nour_worker").post(url, form).status_code == 302
    rkia.refresh_from_db()
    assert (rkia.kind, rkia.outcome, rkia.version) == ("visit", "Rencontrée à domicile", 2)
    event = AuditEvent.objects.get(action="family.contact_updated")
    assert event.changes["outcome"] == ["Informée", "Rencontrée à domicile"]
    stale = client_for("nour_worker").post(url, form | {"outcome": "Autre"})
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    assert client_for("amal_worker").get(url).status_code == 404
    assert client_for("observer").get(url).status_code == 403
    assert client_for("nour_worker").put(url).status_code == 405
    assert "Rencontrée à domicile" in client_for("nour_worker").get(detail).content.decode()
