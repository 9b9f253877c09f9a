"""The shared library: each person sees what its visibility allows (the public part even
signed out), the coordinator keeps it in versions, both scripts are searched, and the
legal app's letters take their text from a template kept here."""

import io
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from sanad.audit.models import AuditEvent
from sanad.legal.tests.conftest import case, rules  # noqa: F401 (fixtures)
from sanad.library import services
from sanad.library.models import Resource, ResourceVersion, Theme
from sanad.library.themes import load_themes
from sanad.test import ROLE_PERSONAS, SEVERAL_MEMBERSHIPS, make_personas
from sanad.tests.test_access_matrix import DIRECTORY

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% a guide\n"
MEMBERS = DIRECTORY  # the network's members who read its library


@pytest.fixture
def personas(db):
    """Every role's persona and the people with two memberships; the starting themes."""
    load_themes()
    return make_personas(several=True)


def _pdf(name="guide.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile("modele.docx", out.getvalue())


def _resource(personas, visibility="network", **values):
    uploaded = _pdf()
    uploaded.checked_type = "application/pdf"
    values = {"kind": "guide", "title_fr": f"Guide {visibility}", "visibility": visibility} | values
    return services.save_resource(
        actor=personas.coordinator,
        resource=Resource(),
        values=values,
        first={"changes": "Première version", "file_fr": uploaded},
    )


@pytest.fixture
def shelves(personas):
    return {v: _resource(personas, v) for v in ("network", "coordinator", "public")}


def _listed(response) -> set[str]:
    return {r.title_fr for r in response.context["page"].object_list}


@pytest.mark.parametrize("persona", [None, *ROLE_PERSONAS, *SEVERAL_MEMBERSHIPS])
def test_each_person_reads_what_the_visibility_allows_and_nothing_more(
    client_for, shelves, persona
):
    client = client_for(persona)
    keeper = persona in ("coordinator", "coordinator_nour_worker")
    member = keeper or persona in MEMBERS or persona in SEVERAL_MEMBERSHIPS
    expected = (
        {"public"} | ({"network"} if member else set()) | ({"coordinator"} if keeper else set())
    )
    response = client.get(reverse("library:resource_list"))
    assert response.status_code == 200
    assert _listed(response) == {f"Guide {v}" for v in expected}, persona
    for visibility, resource in shelves.items():
        status = 200 if visibility in expected else 404
        detail = client.get(reverse("library:resource_detail", args=[resource.code]))
        file = client.get(reverse("library:version_file", args=[resource.code, 1, "fr"]))
        assert (detail.status_code, file.status_code) == (status, status), (persona, visibility)
    assert client.post(reverse("library:resource_list")).status_code == 405


def test_a_download_is_an_attachment_of_its_checked_type(client_for, shelves):
    url = reverse("library:version_file", args=[shelves["network"].code, 1, "fr"])
    response = client_for("nour_worker").get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    missing = reverse("library:version_file", args=[shelves["network"].code, 1, "ar"])
    assert client_for("nour_worker").get(missing).status_code == 404


def test_the_coordinator_adds_a_resource_with_its_files_and_tags(client_for, personas):
    theme = Theme.objects.get(code="reintegration")
    response = client_for("coordinator").post(
        reverse("library:resource_create"),
        {
            "kind": "training",
            "title_fr": "Module réinsertion",
            "title_ar": "وحدة إعادة الإدماج",
            "themes": [theme.pk],
            "visibility": "network",
            "first-changes": "Première version",
            "first-file_fr": _pdf(),
            "first-file_ar": _docx(),
        },
    )
    resource = Resource.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"{resource.code}/")
    version = resource.versions.get()
    assert (version.number, version.name_fr, version.name_ar) == (1, "guide.pdf", "modele.docx")
    assert version.type_ar.endswith("wordprocessingml.document")
    assert list(resource.themes.all()) == [theme]
    events = AuditEvent.objects.filter(target_code=str(resource.code))
    assert set(events.values_list("action", flat=True)) == {
        "resource.created",
        "resource.version_added",
    }


def test_a_page_pretending_to_be_a_pdf_is_refused_and_nothing_is_lost(client_for):
    typed = {"kind": "guide", "title_fr": "Guide des droits", "visibility": "network"}
    response = client_for("coordinator").post(
        reverse("library:resource_create"),
        typed
        | {
            "first-changes": "v1",
            "first-file_fr": SimpleUploadedFile("guide.pdf", b"<html><script>x</script>"),
        },
    )
    assert response.status_code == 200 and not Resource.objects.exists()
    assert "PDF, JPEG, PNG, Word, Excel" in response.text  # what is accepted, in any language
    assert response.context["form"]["title_fr"].value() == "Guide des droits"


def test_a_new_version_keeps_the_earlier_ones(client_for, personas, shelves):
    resource = shelves["network"]
    url = reverse("library:version_add", args=[resource.code])
    empty = client_for("coordinator").post(url, {"changes": "Rien"})
    assert empty.status_code == 200 and empty.context["form"].non_field_errors()
    new = SimpleUploadedFile("guide-v2.pdf", b"%PDF-1.7\nv2")
    response = client_for("coordinator").post(url, {"changes": "Loi 2026 ajoutée", "file_fr": new})
    assert response.status_code == 302
    assert list(resource.versions.values_list("number", "changes")) == [
        (2, "Loi 2026 ajoutée"),
        (1, "Première version"),
    ]
    reader = client_for("nour_worker")
    first = reader.get(reverse("library:version_file", args=[resource.code, 1, "fr"]))
    second = reader.get(reverse("library:version_file", args=[resource.code, 2, "fr"]))
    assert b"".join(first.streaming_content) == PDF
    assert b"".join(second.streaming_content) == b"%PDF-1.7\nv2"
    page = reader.get(reverse("library:resource_detail", args=[resource.code]))
    assert "Loi 2026 ajoutée" in page.text and "Première version" in page.text
    event = AuditEvent.objects.filter(action="resource.version_added").latest("pk")
    assert event.changes["version_number"] == [1, 2]


@pytest.mark.parametrize("name", ["library:resource_edit", "library:version_add"])
def test_only_the_coordinator_keeps_the_library(client_for, personas, shelves, name):
    resource = shelves["network"]
    url = reverse(name, args=[resource.code])
    payload = {"changes": "x", "file_fr": _pdf(), "kind": "guide", "title_fr": "Volé"}
    for persona in ["nour_manager", "nour_worker", "analyst", "admin"]:
        assert client_for(persona).get(url).status_code == 403, persona
        assert client_for(persona).post(url, payload).status_code == 403, persona
    assert client_for("coordinator").put(url).status_code == 405
    resource.refresh_from_db()
    assert resource.title_fr == "Guide network" and resource.versions.count() == 1
    assert client_for("coordinator").get(url).status_code == 200


def test_two_edits_of_one_description_are_told_apart(client_for, shelves):
    resource = shelves["network"]
    url = reverse("library:resource_edit", args=[resource.code])
    form = {"kind": "guide", "visibility": "network", "version": resource.version}
    first = client_for("coordinator").post(url, form | {"title_fr": "Guide (relu)"})
    assert first.status_code == 302
    second = client_for("coordinator").post(url, form | {"title_fr": "Guide (autre)"})
    assert second.status_code == 200 and second.context["conflict"].title_fr == "Guide (relu)"
    assert second.context["form"]["title_fr"].value() == "Guide (autre)"
    resource.refresh_from_db()
    assert resource.title_fr == "Guide (relu)"
    assert AuditEvent.objects.filter(action="resource.updated").count() == 1


@pytest.mark.parametrize(
    "query, found",
    [
        ("droits", "Guide des droits des détenues"),
        ("DETENUES", "Guide des droits des détenues"),
        ("الأجانب", "Fiche consulaire"),  # stored as الاجانب, with a hamza typed
        ("الْأَجَانِب", "Fiche consulaire"),  # short vowels typed
        ("consulat étrangers", "Fiche consulaire"),  # words from the French summary
    ],
)
def test_search_finds_a_resource_in_either_script(client_for, personas, query, found):
    _resource(personas, title_fr="Guide des droits des détenues", title_ar="دليل حقوق المعتقلات")
    _resource(
        personas,
        title_fr="Fiche consulaire",
        title_ar="بطاقة قنصلية لفائدة الاجانب",
        summary_fr="Le consulat et les détenus étrangers.",
    )
    response = client_for("nour_worker").get(reverse("library:resource_list"), {"q": query})
    assert _listed(response) == {found}


def test_filters_narrow_by_kind_theme_and_language(client_for, personas):
    guide = _resource(personas, title_fr="Guide")
    brief = _resource(personas, kind="brief", title_fr="Note de plaidoyer")
    brief.themes.set(Theme.objects.filter(code="advocacy"))
    uploaded = SimpleUploadedFile("note.pdf", PDF)
    uploaded.checked_type = "application/pdf"
    services.add_version(
        actor=personas.coordinator, resource=brief, values={"changes": "AR", "file_ar": uploaded}
    )
    url = reverse("library:resource_list")
    client = client_for("amal_worker")
    assert _listed(client.get(url, {"kind": "brief"})) == {"Note de plaidoyer"}
    assert _listed(client.get(url, {"theme": "advocacy"})) == {"Note de plaidoyer"}
    assert _listed(client.get(url, {"language": "ar"})) == {"Note de plaidoyer"}
    assert _listed(client.get(url, {"language": "fr"})) == {guide.title_fr, brief.title_fr}


def test_the_list_reads_a_bounded_number_of_queries(
    client_for, personas, django_assert_max_num_queries
):
    for number in range(30):
        resource = _resource(personas, title_fr=f"Guide {number}")
        resource.themes.set(Theme.objects.all()[:2])
    client = client_for("nour_worker")
    client.get(reverse("library:resource_list"))  # the session and the choices, once
    with django_assert_max_num_queries(12):
        response = client.get(reverse("library:resource_list"))
    assert len(response.context["page"].object_list) == 25


@pytest.fixture
def pardon_template(personas):
    """The coordinator's pardon template, version 1."""
    return services.save_resource(
        actor=personas.coordinator,
        resource=Resource(),
        values={"kind": "template", "title_fr": "Demande de grâce", "letter": "pardon"},
        first={
            "changes": "v1",
            "text_fr": "Grâce pour {{ name }}{% if female %} (détenue){% endif %}.",
        },
    )


def test_a_letter_starts_from_the_librarys_template_and_records_its_version(
    client_for,
    personas,
    case,  # noqa: F811 (the imported fixture)
    pardon_template,
):
    url = reverse("legal:letter", args=[case.code, "pardon"])
    page = client_for("nour_worker").get(url)
    body = page.context["form"].initial["body"]
    assert body == "Grâce pour Fatima Alaoui (détenue)."
    assert "version 1" in page.text
    client_for("coordinator").post(
        reverse("library:version_add", args=[pardon_template.code]),
        {"changes": "Formule revue", "text_fr": "Demande de grâce en faveur de {{ name }}."},
    )
    response = client_for("nour_worker").post(
        url,
        {
            "language": "fr",
            "body": body + " Signé.",
            "template": page.context["form"].initial["template"],
        },
    )
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "Grâce pour Fatima Alaoui (détenue). Signé." in text
    event = AuditEvent.objects.get(action="case.letter_generated")
    assert event.changes["template"] == [None, "Demande de grâce v1"]  # the one it started from
    newer = client_for("nour_worker").get(url).context["form"].initial["body"]
    assert newer == "Demande de grâce en faveur de Fatima Alaoui."
    arabic = client_for("nour_worker").get(url, {"language": "ar"}).context["form"]
    assert "فاطمة العلوي" in arabic.initial["body"] and arabic.initial["template"] is None


@pytest.mark.parametrize(
    "text, refused",
    [
        ("{% debug %}", "{% debug %}"),
        ("{% load static %}{% static 'x' %}", "{% load %}"),
        ("{{ beneficiary._meta }}", "beneficiary._meta"),
        ("{{ request.user.password }}", "request.user.password"),
        ("{{ name|safe }}", "|safe"),
        ("{% include 'base.html' %}", "{% include %}"),
        ("{% if name %}", "Unclosed tag"),
    ],
)
def test_a_template_may_only_fill_the_letter_from_the_case(
    client_for, pardon_template, text, refused
):
    response = client_for("coordinator").post(
        reverse("library:version_add", args=[pardon_template.code]),
        {"changes": "Essai", "text_fr": text},
    )
    assert response.status_code == 200 and refused in response.text
    assert ResourceVersion.objects.filter(resource=pardon_template).count() == 1
