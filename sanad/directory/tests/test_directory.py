"""The network's directory: every member finds who covers an establishment, a need or a
region; focal points keep their own profile; the coordinator keeps the outside actors."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from sanad.audit.models import AuditEvent
from sanad.directory.models import ExternalActor
from sanad.directory.services import save_actor
from sanad.network.models import OrganisationStatus
from sanad.reference.models import ActionField, Establishment, Region, ServiceKind, SpokenLanguage
from sanad.tests.test_access_matrix import ALL

pytestmark = pytest.mark.django_db
READERS = {"admin", "coordinator", "finance", "analyst", "lawyer"} | {
    "nour_manager", "nour_worker", "amal_manager", "amal_worker"
}  # fmt: skip


@pytest.fixture
def network(personas):
    """Nour follows women in Casablanca-Settat with legal aid in Darija; Amal works with
    foreigners at one prison of Rabat-Salé-Kénitra, with interpreting."""
    call_command("load_reference", verbosity=0)
    casablanca = Region.objects.get(code="casablanca-settat")
    rabat = Region.objects.get(code="rabat-sale-kenitra")
    personas.nour.regions.set([casablanca])
    personas.nour.fields_of_action.set(ActionField.objects.filter(code="women"))
    personas.nour.services.set(ServiceKind.objects.filter(code="legal"))
    personas.nour.languages.set(SpokenLanguage.objects.filter(code="darija"))
    personas.amal.establishments.set(Establishment.objects.filter(region=rabat)[:1])
    personas.amal.fields_of_action.set(ActionField.objects.filter(code="migrants"))
    personas.amal.services.set(ServiceKind.objects.filter(code="interpreting"))
    consulate = save_actor(
        actor=personas.coordinator,
        external=ExternalActor(),
        values={"kind": "consulate", "name_fr": "Consulat du Sénégal", "region": casablanca,
                "fields_of_action": ActionField.objects.filter(code="migrants")},
    )  # fmt: skip
    return {"casablanca": casablanca, "rabat": rabat, "consulate": consulate}


def _names(response) -> set[str]:
    return {str(row) for row in response.context["page"].object_list}


def test_every_member_reads_every_partner_and_nobody_else_does(client_for, personas, network):
    url = reverse("directory:partner_list")
    for persona in ALL:
        response = client_for(persona).get(url)
        assert response.status_code == (200 if persona in READERS else 403), persona
        if persona in READERS:  # Amal's worker reads Nour's profile too: the directory is shared
            assert _names(response) == {"Nour (test)", "Amal (test)"}, persona
    assert client_for("nour_worker").post(url).status_code == 405


def test_a_suspended_partner_leaves_the_directory(client_for, personas, network):
    personas.amal.status = OrganisationStatus.SUSPENDED
    personas.amal.save()
    assert _names(client_for("nour_worker").get(reverse("directory:partner_list"))) == {
        "Nour (test)"
    }
    detail = reverse("directory:partner_detail", args=[personas.amal.code])
    assert client_for("nour_worker").get(detail).status_code == 404


def test_who_covers_an_establishment_a_need_a_region_a_service(client_for, personas, network):
    client = client_for("amal_worker")
    url = reverse("directory:partner_list")
    in_casablanca = Establishment.objects.filter(region=network["casablanca"]).first()
    amal_prison = personas.amal.establishments.get()
    assert _names(client.get(url, {"establishment": in_casablanca.code})) == {"Nour (test)"}
    assert _names(client.get(url, {"establishment": amal_prison.code})) == {"Amal (test)"}
    assert _names(client.get(url, {"field": "women"})) == {"Nour (test)"}
    assert _names(client.get(url, {"region": "rabat-sale-kenitra"})) == {"Amal (test)"}
    assert _names(client.get(url, {"region": "oriental"})) == set()
    assert _names(client.get(url, {"service": "interpreting"})) == {"Amal (test)"}
    assert _names(client.get(url, {"language": "darija", "field": "women"})) == {"Nour (test)"}
    assert _names(client.get(url, {"q": "نور"})) == {"Nour (test)"}
    nothing = client.get(url, {"field": "women", "service": "interpreting"})
    assert _names(nothing) == set()
    assert "Aucune OSC partenaire ne correspond" in nothing.content.decode()
    refused = client.get(url, {"field": "no-such-need"})
    assert refused.status_code == 200 and refused.context["form"].errors


def test_the_list_reads_a_bounded_number_of_queries(
    client_for, personas, network, django_assert_max_num_queries
):
    client = client_for("nour_worker")
    client.get(reverse("directory:partner_list"))
    with django_assert_max_num_queries(14):
        client.get(reverse("directory:partner_list"), {"field": "women"})


def test_the_focal_point_keeps_the_profile_and_the_coordinator_may_too(
    client_for, personas, network
):
    detail = reverse("directory:partner_detail", args=[personas.nour.code])
    assert client_for("amal_worker").get(detail).context["can_edit"] is False
    assert client_for("nour_manager").get(detail).context["can_edit"] is True
    assert client_for("coordinator").get(detail).context["can_edit"] is True
    assert client_for("observer").get(detail).status_code == 403
    edit = reverse("network:organisation_edit", args=[personas.nour.code])
    form = client_for("nour_manager").get(edit).context["form"]
    payload = {
        name: value
        for name, value in form.initial.items()
        if value not in (None, [], "") and not isinstance(value, list)
    } | {
        "regions": [network["casablanca"].pk],
        "fields_of_action": [ActionField.objects.get(code="women").pk],
        "services": [s.pk for s in ServiceKind.objects.filter(code__in=["legal", "housing"])],
        "languages": [SpokenLanguage.objects.get(code="tamazight").pk],
        "capacity": "7",
        "focal_point_phone": "+212 600 000 000",
        "version": personas.nour.version,
    }
    assert client_for("amal_manager").post(edit, payload).status_code == 404
    response = client_for("nour_manager").post(edit, payload)
    assert response.status_code == 302, response.context["form"].errors
    personas.nour.refresh_from_db()
    assert personas.nour.capacity == 7
    assert {s.code for s in personas.nour.services.all()} == {"legal", "housing"}
    event = AuditEvent.objects.filter(action="organisation.updated").latest("pk")
    assert event.changes["capacity"] == [None, 7] and "languages" in event.changes
    page = client_for("amal_worker").get(detail).content.decode()
    assert "+212 600 000 000" in page and "7 personnes de plus" in page


def test_outside_actors_are_read_by_members_and_kept_by_the_coordinator(
    client_for, personas, network
):
    consulate = network["consulate"]
    listing = reverse("directory:actor_list")
    assert _names(client_for("nour_worker").get(listing, {"field": "migrants"})) == {
        "Consulat du Sénégal"
    }
    assert _names(client_for("nour_worker").get(listing, {"kind": "bar"})) == set()
    assert client_for("observer").get(listing).status_code == 403
    create = reverse("directory:actor_create")
    edit = reverse("directory:actor_edit", args=[consulate.code])
    typed = {"kind": "cndh", "name_fr": "Commission régionale", "region": network["rabat"].pk,
             "is_active": "on", "email": "plaintes@cndh.example"}  # fmt: skip
    for persona in ("nour_manager", "nour_worker", "finance", "lawyer"):
        assert client_for(persona).post(create, typed).status_code == 403, persona
        assert client_for(persona).get(edit).status_code == 403, persona
    assert client_for("coordinator").put(create).status_code == 405
    assert (
        client_for("coordinator")
        .get(reverse("directory:actor_edit", args=["00000000-0000-0000-0000-000000000000"]))
        .status_code
        == 404
    )
    created = client_for("coordinator").post(create, typed)
    assert created.status_code == 302, created.context["form"].errors
    made = ExternalActor.objects.get(name_fr="Commission régionale")
    assert AuditEvent.objects.filter(
        action="external_actor.created", target_code=str(made.code)
    ).exists()
    unlisted = {"kind": "consulate", "name_fr": "Consulat du Sénégal",
                "version": consulate.version}  # fmt: skip
    assert client_for("coordinator").post(edit, unlisted).status_code == 302
    assert _names(client_for("nour_worker").get(listing)) == {"Commission régionale"}
    assert "Consulat du Sénégal" in _names(client_for("coordinator").get(listing))


def test_two_edits_of_one_actor_do_not_overwrite_each_other(client_for, personas, network):
    consulate = network["consulate"]
    edit = reverse("directory:actor_edit", args=[consulate.code])
    first = {"kind": "consulate", "name_fr": "Consulat (premier)", "is_active": "on",
             "version": consulate.version}  # fmt: skip
    second = first | {"name_fr": "Consulat (second)", "phone": "+212 5 22"}
    assert client_for("coordinator").post(edit, first).status_code == 302
    response = client_for("coordinator").post(edit, second)
    assert response.status_code == 200 and response.context["conflict"].name_fr == (
        "Consulat (premier)"
    )
    assert 'value="Consulat (second)"' in response.content.decode()  # what was typed is kept
    consulate.refresh_from_db()
    assert consulate.name_fr == "Consulat (premier)"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_printable_directory_in_both_languages(client_for, personas, network, language):
    response = client_for("amal_worker").get(
        reverse("directory:directory_pdf"), {"language": language}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert ("Nour (test)" if language == "fr" else "نور") in text
    assert "Consulat du Sénégal" in text
    assert client_for("observer").get(reverse("directory:directory_pdf")).status_code == 403
