from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sanad.audit.models import AuditEvent
from sanad.beneficiaries import services
from sanad.beneficiaries.models import Beneficiary, DuplicateFlag, Placement
from sanad.beneficiaries.tests.conftest import register


def _status(client, b, **data):
    return client.post(reverse("beneficiaries:beneficiary_status", args=[b.code]), data)


def test_coordinator_validates_an_eligible_record(client_for, personas, fatima):
    assert _status(client_for("coordinator"), fatima, to_status="validated").status_code == 302
    fatima.refresh_from_db()
    assert fatima.status == "validated"
    assert list(fatima.status_changes.values_list("to_status", flat=True)) == [
        "identified",
        "validated",
    ]
    event = AuditEvent.objects.get(action="beneficiary.validated")
    assert event.changes == {"status": ["identified", "validated"]}


def test_validation_needs_consent(client_for, personas):
    b = register(personas, "nour", first_name_latin="No Consent", consent=False)
    _status(client_for("coordinator"), b, to_status="validated")
    b.refresh_from_db()
    assert b.status == "identified"
    assert not AuditEvent.objects.filter(action="beneficiary.validated").exists()


def test_identity_page_tells_only_its_validator_why_it_cannot_be_validated(
    client_for, personas, django_assert_max_num_queries
):
    b = register(personas, "nour", first_name_latin="No Consent", consent=False)
    url = reverse("beneficiaries:beneficiary_detail", args=[b.code])
    page = client_for("coordinator").get(url)
    assert [str(p) for p in page.context["eligibility"]] == [
        str(services.eligibility_problems(b)[0])
    ]
    assert 'value="validated"><button class="btn btn-success" type="submit" disabled' in (
        page.content.decode()
    )
    worker = client_for("nour_worker")
    worker.get(url)
    # session, user, memberships, the person, the audit event, notifications, needs,
    # placements, cases, legal statuses, consents, relatives, followings, history, what the
    # person may do to this record (one query for every action), whether a case may be opened
    # for them, the latest contacts with the family: the two checks of eligibility are not
    # made for someone who cannot validate.
    with django_assert_max_num_queries(17):
        page = worker.get(url)
    assert page.context["eligibility"] == [] and "No Consent" in page.content.decode()


def test_cso_cannot_validate_and_outsider_gets_404(client_for, personas, fatima):
    assert _status(client_for("nour_manager"), fatima, to_status="validated").status_code == 403
    assert _status(client_for("amal_manager"), fatima, to_status="validated").status_code == 404
    assert (
        client_for("coordinator")
        .get(reverse("beneficiaries:beneficiary_status", args=[fatima.code]))
        .status_code
        == 405
    )
    fatima.refresh_from_db()
    assert fatima.status == "identified"


def test_rejection_needs_a_reason_and_closing_needs_a_cause(client_for, personas, fatima):
    coordinator = client_for("coordinator")
    _status(coordinator, fatima, to_status="rejected")
    fatima.refresh_from_db()
    assert fatima.status == "identified"
    _status(coordinator, fatima, to_status="validated")
    _status(client_for("nour_worker"), fatima, to_status="assisted")
    _status(client_for("nour_worker"), fatima, to_status="closed")
    fatima.refresh_from_db()
    assert fatima.status == "assisted"
    _status(client_for("nour_worker"), fatima, to_status="closed", reason="pardoned")
    fatima.refresh_from_db()
    assert (fatima.status, fatima.closure_reason) == ("closed", "pardoned")
    page = client_for("nour_worker").get(
        reverse("beneficiaries:beneficiary_detail", args=[fatima.code])
    )
    assert page.context["timeline"].count() == 4


def test_impossible_transition_is_refused(client_for, personas, fatima):
    _status(client_for("nour_worker"), fatima, to_status="assisted")
    fatima.refresh_from_db()
    assert fatima.status == "identified"


def test_duplicate_across_cso_is_flagged_without_leaking(client_for, personas, aicha):
    response = client_for("nour_worker").post(
        reverse("beneficiaries:beneficiary_create"),
        {
            "first_name_ar": "عائشة",
            "last_name_ar": "بناني",
            "sex": "F",
            "birth_year": "1986",
            "needs": ["woman"],
        },
        follow=True,
    )
    flag = DuplicateFlag.objects.get()
    assert flag.candidate == aicha
    content = response.content.decode()
    assert "coordinator" in content or "coordinateur" in content
    assert "Amal" not in content and str(aicha.code) not in content
    listing = client_for("coordinator").get(reverse("beneficiaries:duplicate_list"))
    assert list(listing.context["page"].object_list) == [flag]
    assert (
        client_for("nour_manager").get(reverse("beneficiaries:duplicate_list")).status_code == 403
    )


def test_a_cso_learns_nothing_of_whether_another_follows_the_person_it_registers(
    client_for, personas, aicha
):
    """Registering Amal's Aïcha as Nour, or a made-up person, reads exactly the same."""

    def register_as_nour(first, last):
        response = client_for("nour_worker").post(
            reverse("beneficiaries:beneficiary_create"),
            {
                "first_name_latin": first,
                "last_name_latin": last,
                "sex": "F",
                "birth_year": "1985",
                "needs": ["woman"],
            },
            follow=True,
        )
        return [str(m) for m in response.context["messages"]]

    known = register_as_nour("Aïcha", "Bennani")
    invented = register_as_nour("Zineb", "Qadiri")
    assert DuplicateFlag.objects.filter(candidate=aicha).exists()
    assert known == invented


def test_same_register_number_is_flagged(personas, prisons):
    placement = {
        "establishment": prisons["oukacha"],
        "register_number": "55/2026",
        "started_on": "2026-01-01",
    }
    register(personas, "amal", first_name_latin="Someone", placement=placement)
    register(personas, "nour", first_name_latin="Quite Different", placement=placement)
    assert DuplicateFlag.objects.get().reason == "register number"


def test_merge_keeps_all_history(client_for, personas, prisons, aicha):
    Placement.objects.create(
        beneficiary=aicha, establishment=prisons["cre"], started_on="2025-01-01"
    )
    newer = register(
        personas, "nour", first_name_latin="Aicha", last_name_latin="Benani", birth_year=1985
    )
    flag = DuplicateFlag.objects.get(beneficiary=newer)
    url = reverse("beneficiaries:duplicate_resolve", args=[flag.code])
    assert client_for("coordinator").get(url).status_code == 200
    assert client_for("amal_manager").post(url, {"decision": "merge"}).status_code == 403
    response = client_for("coordinator").post(url, {"decision": "merge"})
    assert response.status_code == 302
    newer.refresh_from_db()
    assert newer.merged_into == aicha
    assert aicha.consents.count() == 2
    assert aicha.placements.count() == 1
    assert {f.organisation for f in aicha.followings.filter(active=True)} == {
        personas.amal,
        personas.nour,
    }
    assert not Beneficiary.objects.visible_to(personas.coordinator).filter(pk=newer.pk).exists()
    assert AuditEvent.objects.get(action="beneficiary.merged").target_code == str(aicha.code)


def test_marking_distinct_keeps_both(client_for, personas, aicha):
    newer = register(
        personas, "nour", first_name_latin="Aicha", last_name_latin="Bennani", birth_year=1985
    )
    flag = DuplicateFlag.objects.get(beneficiary=newer)
    client_for("coordinator").post(
        reverse("beneficiaries:duplicate_resolve", args=[flag.code]), {"decision": "distinct"}
    )
    flag.refresh_from_db()
    assert flag.status == "distinct"
    assert Beneficiary.objects.visible_to(personas.coordinator).count() == 2
    assert AuditEvent.objects.filter(action="beneficiary.marked_distinct").exists()


@pytest.mark.parametrize(
    "latin, arabic", [("Fatima Zahra", "فاطمة الزهراء"), ("Youssef", "يوسف"), ("Khadija", "خديجة")]
)
def test_duplicates_are_found_across_scripts(personas, latin, arabic):
    register(personas, "amal", first_name_latin=latin, last_name_latin="Alaoui", birth_year=1990)
    register(personas, "nour", first_name_ar=arabic, last_name_ar="العلوي", birth_year=1991)
    assert DuplicateFlag.objects.count() == 1


def test_progress_counts_follow_each_validation_and_registration(
    client_for, personas, fatima, django_capture_on_commit_callbacks
):
    """The coordinator's counts are kept a minute, but never outlive a change."""
    client = client_for("coordinator")

    def progress():
        page = client.get(reverse("beneficiaries:beneficiary_list"))
        return page.context["progress"]["count"], page.context["progress"]["to_validate"]

    assert progress() == (0, 1)
    with django_capture_on_commit_callbacks(execute=True):
        _status(client, fatima, to_status="validated")
    assert progress() == (1, 0)
    with django_capture_on_commit_callbacks(execute=True):
        register(personas, "amal", first_name_latin="Nadia")
    assert progress() == (1, 1)


def test_the_coordinators_turning_18_count_follows_registrations_and_edits(
    client_for, personas, django_capture_on_commit_callbacks
):
    """Kept a minute for every coordinator, the count never outlives a change."""
    client = client_for("coordinator")

    def turning_18():
        return client.get(reverse("beneficiaries:beneficiary_list")).context["turning_18"]

    assert turning_18() == 0
    soon = timezone.localdate() + timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        minor = register(
            personas,
            "amal",
            first_name_latin="Ayoub",
            date_of_birth=soon.replace(year=soon.year - 18),
        )
        services.change_status(actor=personas.coordinator, beneficiary=minor, to_status="validated")
    assert turning_18() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.update_beneficiary(
            actor=personas.amal_worker,
            beneficiary=minor,
            expected_version=minor.version,
            identity={"date_of_birth": date(1990, 1, 1)},
            needs=["woman"],
        )
    assert turning_18() == 0


def test_the_same_man_registered_by_two_csos_in_two_spellings_is_flagged(client_for, personas):
    """Nour writes him "Mohamed Benali / محمد بن علي", Amal "Mohammed Ben Ali": the
    coordinator sees the pair and why; Amal is told what everyone is told."""
    nour = register(
        personas,
        "nour",
        first_name_latin="Mohamed",
        last_name_latin="Benali",
        first_name_ar="محمد",
        last_name_ar="بن علي",
        sex="M",
        birth_year=1990,
    )
    response = client_for("amal_worker").post(
        reverse("beneficiaries:beneficiary_create"),
        {"first_name_latin": "Mohammed", "last_name_latin": "Ben Ali", "sex": "M",
         "birth_year": "1990", "needs": ["foreigner"]},
        follow=True,
    )  # fmt: skip
    flag = DuplicateFlag.objects.get()
    assert flag.candidate == nour and flag.reason == "name,birth year"
    assert "Nour" not in response.content.decode()
    listing = client_for("coordinator").get(reverse("beneficiaries:duplicate_list"))
    assert list(listing.context["page"].object_list) == [flag]
    page = listing.content.decode()
    assert "Les noms concordent" in page and "à un an près" in page
    assert (
        client_for("amal_manager").get(reverse("beneficiaries:duplicate_list")).status_code == 403
    )
    # Edited into a different name, his keys follow: a new "Ben Ali" meets the new name only.
    amal = flag.beneficiary
    services.update_beneficiary(
        actor=personas.amal_worker, beneficiary=amal, expected_version=amal.version,
        identity={"first_name_latin": "Driss", "last_name_latin": "Lahlou"}, needs=["foreigner"],
    )  # fmt: skip
    later = register(personas, "nour", first_name_latin="Idriss", last_name_latin="Lahlu",
                     sex="M", birth_year=1991)  # fmt: skip
    assert DuplicateFlag.objects.get(beneficiary=later).candidate == amal
