import csv

import pytest
from django.core.management import call_command
from django.urls import reverse

from sanad.audit.models import AuditEvent
from sanad.reference.management.commands.load_reference import COURTS_PATH
from sanad.reference.models import (
    Court,
    Establishment,
    LegalRule,
    PublicHoliday,
    Region,
    ScreeningRule,
)


@pytest.fixture
def loaded(db):
    call_command("load_reference", verbosity=0)


def test_load_reference_is_idempotent_and_keeps_edits(loaded):
    counts = (
        Region.objects.count(),
        Establishment.objects.count(),
        Court.objects.count(),
        PublicHoliday.objects.count(),
    )
    assert counts[0] == 12 and counts[1] == 63
    oukacha = Establishment.objects.get(name_fr__startswith="Prison locale Aïn Sebaâ 1")
    assert oukacha.name_ar.startswith("السجن المحلي")
    assert oukacha.houses_women is False and oukacha.houses_minors is True
    oukacha.city = "Casablanca (edited)"
    oukacha.save()
    call_command("load_reference", verbosity=0)
    assert (
        Region.objects.count(),
        Establishment.objects.count(),
        Court.objects.count(),
        PublicHoliday.objects.count(),
    ) == counts
    oukacha.refresh_from_db()
    assert oukacha.city == "Casablanca (edited)"


def test_unknown_is_not_no(loaded):
    berrechid = Establishment.objects.get(name_fr="Prison locale Berrechid")
    assert berrechid.houses_women is None


def test_islamic_holidays_ship_unverified(loaded):
    assert not PublicHoliday.objects.filter(kind="islamic", verified=True).exists()
    assert PublicHoliday.objects.filter(kind="islamic").count() >= 14
    assert PublicHoliday.objects.filter(date="2026-11-18", kind="fixed", verified=True).exists()


def test_establishment_list_filters(client_for, personas, loaded):
    client = client_for("nour_worker")
    url = reverse("reference:establishment_list")
    rabat = Region.objects.get(code="rabat-sale-kenitra")
    by_region = client.get(url, {"region": rabat.code}).context["page"]
    assert by_region.paginator.count == Establishment.objects.filter(region=rabat).count()
    reform = client.get(url, {"kind": "CRE"}).context["page"]
    assert {e.kind for e in reform.object_list} == {"CRE"}
    arabic = client.get(url, {"q": "عكاشة"}).context["page"]
    assert [e.name_fr for e in arabic.object_list] == ["Prison locale Aïn Sebaâ 1 (Oukacha)"]


def test_closed_establishments_stay_listed(client_for, personas, loaded):
    Establishment.objects.filter(name_fr="Prison locale Berrechid").update(closed_on="2025-10-24")
    client = client_for("coordinator")
    closed = client.get(reverse("reference:establishment_list"), {"state": "closed"})
    assert [e.name_fr for e in closed.context["page"].object_list] == ["Prison locale Berrechid"]


def test_list_query_count_is_bounded(client_for, personas, loaded, django_assert_max_num_queries):
    client = client_for("coordinator")
    with django_assert_max_num_queries(10):
        client.get(reverse("reference:establishment_list"))


def _establishment_form(establishment, **changes):
    data = {
        "name_fr": establishment.name_fr,
        "name_ar": establishment.name_ar,
        "kind": establishment.kind,
        "city": establishment.city,
        "region": establishment.region_id,
        "houses_women": "unknown",
        "houses_minors": "unknown",
        "source": establishment.source,
        "version": establishment.version,
    }
    return data | changes


def test_admin_records_a_closure_with_its_audit_event(client_for, personas, loaded):
    berrechid = Establishment.objects.get(name_fr="Prison locale Berrechid")
    response = client_for("admin").post(
        reverse("reference:establishment_edit", args=[berrechid.code]),
        _establishment_form(berrechid, closed_on="2025-10-24"),
    )
    assert response.status_code == 302
    berrechid.refresh_from_db()
    assert str(berrechid.closed_on) == "2025-10-24"
    event = AuditEvent.objects.get(action="reference.establishment.updated")
    assert event.changes == {"closed_on": [None, "2025-10-24"]}


def test_concurrent_reference_edits_conflict(client_for, personas, loaded):
    berrechid = Establishment.objects.get(name_fr="Prison locale Berrechid")
    url = reverse("reference:establishment_edit", args=[berrechid.code])
    stale = _establishment_form(berrechid, city="Berrechid (B)")
    assert client_for("admin").post(url, _establishment_form(berrechid, city="Berrechid (A)"))[
        "Location"
    ]
    response = client_for("admin").post(url, stale)
    assert response.status_code == 200
    assert response.context["conflict"].city == "Berrechid (A)"
    assert b"Berrechid (B)" in response.content


def test_admin_adds_a_holiday_and_bad_input_is_kept(client_for, personas, loaded):
    url = reverse("reference:holiday_create")
    bad = client_for("admin").post(
        url, {"date": "not a date", "name_fr": "Fête de l'unité", "kind": "fixed"}
    )
    assert bad.status_code == 200 and "Fête de l&#x27;unité".encode() in bad.content
    good = client_for("admin").post(
        url,
        {
            "date": "2026-10-31",
            "name_fr": "Fête de l'unité",
            "name_ar": "عيد الوحدة",
            "kind": "fixed",
        },
    )
    assert good.status_code == 302
    assert PublicHoliday.objects.filter(date="2026-10-31").exists()
    assert AuditEvent.objects.filter(action="reference.publicholiday.created").exists()


def test_weaker_roles_cannot_edit_and_wrong_method_is_refused(client_for, personas, loaded):
    court = Court.objects.first()
    url = reverse("reference:court_edit", args=[court.code])
    assert client_for("coordinator").post(url, {}).status_code == 403
    assert client_for("admin").put(url).status_code == 405
    missing = reverse("reference:court_edit", args=["00000000-0000-0000-0000-000000000000"])
    assert client_for("admin").get(missing).status_code == 404


def test_the_judicial_map_is_loaded_in_both_languages_with_its_appeal_courts(loaded):
    """domain/courts_ma.csv: the Court of Cassation, 23 courts of appeal and 89 courts of
    first instance, each tied to its court of appeal and shipped "to verify"."""
    kinds = {k: Court.objects.filter(kind=k).count() for k in ("cassation", "appeal")}
    assert kinds == {"cassation": 1, "appeal": 23}
    with COURTS_PATH.open(encoding="utf-8") as handle:
        first = [r["name_fr"] for r in csv.DictReader(handle) if r["kind"] == "premiere_instance"]
    assert len(first) == 89 and Court.objects.filter(name_fr__in=first).count() == 89
    assert Court.objects.filter(to_verify=True).exists()
    assert not Court.objects.filter(name_ar="").exists()
    assert not Court.objects.filter(kind="first_instance", appeal_court__isnull=True).exists()
    guercif = Court.objects.get(name_fr__contains="Guercif")
    assert guercif.appeal_court.city == "Taza"  # moved from Oujda by the 2023 decree
    assert not Establishment.objects.filter(name_ar="").exists()


def test_reloading_fills_a_missing_arabic_name_and_keeps_an_edited_one(loaded):
    tiflet = Court.objects.get(name_fr__contains="Tiflet")
    tiflet.name_ar = ""
    tiflet.save()
    edited = Establishment.objects.get(name_fr="Prison locale Berrechid")
    edited.name_ar = "اسم معدل"
    edited.save()
    call_command("load_reference", verbosity=0)
    tiflet.refresh_from_db()
    edited.refresh_from_db()
    assert tiflet.name_ar and edited.name_ar == "اسم معدل"


def test_legal_bases_read_in_arabic_and_an_edited_one_is_kept(client_for, personas, loaded):
    rule = LegalRule.objects.get(name_fr="Appel d'un jugement contradictoire")
    assert "المادة 400" in rule.legal_basis_ar and "يُحتسب الأجل كاملاً" in rule.legal_basis_ar
    assert all(r.legal_basis_ar for r in ScreeningRule.objects.all())
    personas.nour_worker.preferred_language = "ar"
    personas.nour_worker.save()
    page = client_for("nour_worker").get(reverse("legal:rule_list")).content.decode()
    assert "المادة 400: عشرة أيام" in page and "art. 400" not in page
    LegalRule.objects.filter(pk=rule.pk).update(legal_basis_ar="نص عدله المسؤول")
    LegalRule.objects.exclude(pk=rule.pk).update(legal_basis_ar="")
    call_command("load_reference", verbosity=0)
    assert LegalRule.objects.get(pk=rule.pk).legal_basis_ar == "نص عدله المسؤول"
    assert not LegalRule.objects.filter(legal_basis_ar="").exists()
