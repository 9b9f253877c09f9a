import zipfile
from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from sanad.audit.models import AuditEvent
from sanad.beneficiaries import imports, services
from sanad.beneficiaries.models import Beneficiary, DuplicateFlag, ImportBatch

HEADERS = [
    "Nom",
    "Prénom",
    "الاسم العائلي",
    "الاسم الشخصي",
    "Sexe",
    "Date de naissance",
    "Nationalité",
    "Besoins",
    "Établissement",
    "Numéro d'écrou",
]


def xlsx(rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return SimpleUploadedFile("suivi.xlsx", out.getvalue())


GOOD = [
    "Bennani",
    "Salma",
    "بناني",
    "سلمى",
    "F",
    "12/05/1990",
    "Maroc",
    "femme",
    "Prison locale Aïn Sebaâ 1",
    "123/2025",
]
BAD_DATE = ["Alami", "Omar", "", "", "homme", "31/02/1990", "Maroc", "", "", ""]
NO_NAME = ["", "", "", "", "X", "", "Atlantis", "astronaut", "Nowhere prison", ""]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, file):
    return client.post(reverse("beneficiaries:import_upload"), {"file": file})


def test_preview_shows_errors_row_by_row_and_saves_nothing(client_for, personas, prisons):
    client = client_for("nour_manager")
    response = upload(client, xlsx([GOOD, BAD_DATE, NO_NAME]))
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("beneficiaries:import_preview", args=[batch.code])
    assert batch.mapping["last_name_latin"] == 0 and batch.mapping["first_name_ar"] == 3
    preview = client.get(response["Location"])
    assert (preview.context["valid_count"], preview.context["error_count"]) == (1, 2)
    rows = {number: errors for number, errors, _row in preview.context["rows"]}
    assert rows[2] == []
    assert any("31/02/1990" in e for e in rows[3])
    assert len(rows[4]) >= 4  # no name, no birth, unknown sex, country, need, establishment
    assert not Beneficiary.objects.exists()


def test_confirm_imports_valid_rows_and_flags_duplicates(client_for, personas, prisons, aicha):
    client = client_for("nour_manager")
    aicha_row = ["Bennani", "Aïcha", "", "", "F", "", "", "", "", ""]
    aicha_row[5] = "01/01/1985"
    upload(client, xlsx([GOOD, BAD_DATE, aicha_row]))
    batch = ImportBatch.objects.get()
    url = reverse("beneficiaries:import_preview", args=[batch.code])
    mapping = {f"map_{k}": "" if v is None else v for k, v in batch.mapping.items()}
    response = client.post(url, mapping | {"action": "confirm"})
    assert response.status_code == 302
    salma = Beneficiary.objects.get(first_name_latin="Salma")
    assert salma.identified_by == personas.nour
    assert salma.current_establishment == prisons["oukacha"]
    assert [c.code for c in salma.nationalities] == ["MA"]
    assert not Beneficiary.objects.filter(last_name_latin="Alami").exists()
    assert DuplicateFlag.objects.filter(candidate=aicha).count() == 1
    event = AuditEvent.objects.get(action="beneficiary.imported")
    assert event.changes == {"created": [None, 2], "flagged": [None, 1]}
    batch.refresh_from_db()
    assert (batch.state, batch.done, batch.total) == ("imported", 2, 2)
    assert not batch.file, "the spreadsheet is deleted once imported"
    page = client.get(url)
    assert page.context["batch"].result == {"created": 2, "flagged": 1}
    again = client.post(url, mapping | {"action": "confirm"})
    assert again.status_code == 302
    assert Beneficiary.objects.filter(first_name_latin="Salma").count() == 1


def test_csv_in_windows_arabic_with_semicolons(client_for, personas):
    text = "nom;prenom;الاسم العائلي;sexe;annee de naissance\nAlami;Omar;العلمي;M;1980\n"
    file = SimpleUploadedFile("liste.csv", text.encode("cp1256"))
    client = client_for("nour_manager")
    response = upload(client, file)
    preview = client.get(response["Location"])
    assert preview.context["valid_count"] == 1
    assert "العلمي".encode() in preview.content


def test_remapping_a_column_changes_the_preview(client_for, personas):
    client = client_for("nour_manager")
    upload(
        client,
        xlsx(
            [["X", "Y", "", "", "F", "", "", "", "", ""]],
            headers=["col a", "col b", "c", "d", "Sexe", "e", "f", "g", "h", "i"],
        ),
    )
    batch = ImportBatch.objects.get()
    url = reverse("beneficiaries:import_preview", args=[batch.code])
    assert client.get(url).context["error_count"] == 1
    client.post(
        url, {"map_last_name_latin": "0", "map_sex": "4", "map_birth_year": "", "action": "preview"}
    )
    batch.refresh_from_db()
    assert batch.mapping["last_name_latin"] == 0
    errors = client.get(url).context["rows"][0][1]
    assert not any("name" in e.lower() for e in errors)


@pytest.mark.parametrize(
    "name, content",
    [("notes.txt", b"hello"), ("broken.xlsx", b"PK\x03\x04garbage"), ("empty.csv", b"a,b\n")],
)
def test_unreadable_files_are_refused_with_a_message(client_for, personas, name, content):
    response = upload(client_for("nour_manager"), SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportBatch.objects.exists()


def test_import_access(client_for, personas):
    client_for("nour_manager").post(reverse("beneficiaries:import_upload"), {"file": xlsx([GOOD])})
    url = reverse("beneficiaries:import_preview", args=[ImportBatch.objects.get().code])
    assert client_for("amal_manager").get(url).status_code == 404
    assert client_for("nour_worker").get(url).status_code == 403
    assert client_for("nour_manager").put(url).status_code == 405


def test_a_stopped_import_resumes_after_the_committed_rows(client_for, personas, prisons):
    client = client_for("nour_manager")
    rows = [[f"Nom{i}", f"Prenom{i}", "", "", "F", "01/01/1990", "", "", "", ""] for i in range(5)]
    upload(client, xlsx(rows))
    batch = ImportBatch.objects.get()
    # The state a worker leaves when it stops after committing its first chunk of two rows.
    for args, _errors, _row in imports.parse_batch(batch)[:2]:
        services.register_beneficiary(
            actor=personas.nour_manager, organisation=personas.nour, **args
        )
    batch.state, batch.done, batch.error = "failed", 2, "connection lost"
    batch.result = {"created": 2, "flagged": 0}
    batch.save()
    url = reverse("beneficiaries:import_preview", args=[batch.code])
    page = client.get(url)
    assert b"connection lost" in page.content and b'value="confirm"' in page.content
    client.post(url, {"action": "confirm"})
    batch.refresh_from_db()
    assert (batch.state, batch.done, batch.total) == ("imported", 5, 5)
    assert Beneficiary.objects.count() == 5
    assert sorted(Beneficiary.objects.values_list("last_name_latin", flat=True)) == [
        f"Nom{i}" for i in range(5)
    ]


FAMILIES = ["Alaoui", "Bennani", "Tazi", "Idrissi", "Chraibi", "Berrada", "Fassi", "Kettani",
            "Lahlou", "Sqalli"]  # fmt: skip


def test_a_chunk_is_registered_in_batched_queries_with_its_own_duplicates(
    personas, prisons, aicha, django_assert_max_num_queries
):
    """An import's chunk writes the same records as one registration per row, including the
    duplicates among the file's own rows, in a few batched inserts instead of eight queries
    per row (SQLite splits an insert every 999 parameters, hence the margin: the name keys,
    about ten per person, alone take seven inserts here)."""
    oukacha, day = prisons["oukacha"], date(2026, 1, 5)

    rows = [
        {
            "identity": {
                "first_name_latin": "Amina",
                "last_name_latin": FAMILIES[n % 10],
                "birth_year": 1940 + n // 10 * 2,
                "sex": "F",
            },  # fmt: skip
            "needs": ["woman"],
            "placement": {"establishment": oukacha, "register_number": f"R{n}", "started_on": day},
            "consent": {"given_on": day, "language": "darija"},
        }
        for n in range(300)
    ]
    rows.append({"identity": {"first_name_latin": "Aïcha", "last_name_latin": "Bennani"},
                 "needs": []})  # fmt: skip
    same_place = {"establishment": oukacha, "register_number": "R7", "started_on": day}
    rows.append({"identity": {"last_name_latin": "Other"}, "needs": ["woman"],
                 "placement": same_place})  # fmt: skip
    with django_assert_max_num_queries(48):
        registered = services.register_many(
            actor=personas.nour_manager, organisation=personas.nour, rows=rows
        )
    assert [flagged for _person, flagged in registered] == [False] * 300 + [True, True]
    same_register = DuplicateFlag.objects.get(beneficiary=registered[-1][0])
    assert same_register.candidate == registered[7][0] and same_register.reason == "register number"
    assert DuplicateFlag.objects.get(beneficiary=registered[-2][0]).candidate == aicha
    person = registered[0][0]
    person.refresh_from_db()
    assert (person.status, person.current_establishment) == ("identified", oukacha)
    assert person.search_text.startswith("amina alaoui r0 ")
    assert list(person.needs.values_list("category", flat=True)) == ["woman"]
    assert person.followings.get().organisation == personas.nour
    assert person.placements.get().register_number == "R0"
    assert person.consents.get().kind == "processing"
    assert person.status_changes.get().to_status == "identified"
    assert AuditEvent.objects.filter(action="beneficiary.created", organisation=personas.nour,
                                     target_code=person.code).count() == 1  # fmt: skip


def _bomb(rows: int) -> SimpleUploadedFile:
    """A real XLSX whose first sheet holds `rows` rows: a few hundred kilobytes that unpack to
    tens of megabytes, as the security probe's file did."""
    book = Workbook()
    book.active.append(["Nom"])
    out = BytesIO()
    book.save(out)
    source = zipfile.ZipFile(BytesIO(out.getvalue()))
    bombed = BytesIO()
    with zipfile.ZipFile(bombed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            if entry.filename != "xl/worksheets/sheet1.xml":
                target.writestr(entry, source.read(entry))
                continue
            with target.open(entry.filename, "w") as sheet:
                sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/')
                sheet.write(b'2006/main"><sheetData>')
                for n in range(1, rows + 1):
                    sheet.write(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>'
                                % (n, n))  # fmt: skip
                sheet.write(b"</sheetData></worksheet>")
    return SimpleUploadedFile("bombe.xlsx", bombed.getvalue())


def test_a_small_file_that_unpacks_to_a_million_rows_is_refused_unread(client_for, personas):
    bomb = _bomb(1_000_000)
    assert bomb.size < imports.MAX_BYTES
    response = upload(client_for("nour_manager"), bomb)
    assert response.status_code == 200
    # Refused on its unpacked size, before a row is parsed.
    assert "50" in response.context["form"].errors["file"][0]
    assert not ImportBatch.objects.exists()


def test_rows_past_the_limit_are_refused_without_reading_the_rest(client_for, personas):
    response = upload(client_for("nour_manager"), _bomb(imports.MAX_ROWS + 2))
    assert "20" in response.context["form"].errors["file"][0]
    assert not ImportBatch.objects.exists()
    exactly = upload(client_for("nour_manager"), _bomb(imports.MAX_ROWS + 1))
    assert exactly.status_code == 302  # the header and 20,000 rows


@pytest.mark.parametrize(
    "content",
    [b"Nom\nAlaoui\nBennani\n", b"<html><body><p>Not a table</p></body></html>\n<p>x</p>"],
)
def test_a_one_column_or_html_file_named_csv_gets_an_answer_not_an_error(
    client_for, personas, content
):
    response = upload(client_for("nour_manager"), SimpleUploadedFile("suivi.csv", content))
    assert response.status_code in (200, 302)


def test_the_upload_itself_is_audited(client_for, personas):
    upload(client_for("nour_manager"), xlsx([GOOD, BAD_DATE]))
    event = AuditEvent.objects.get(action="beneficiary.import_uploaded")
    assert event.actor == personas.nour_manager and event.organisation == personas.nour
    assert event.changes["rows"] == [None, 2] and event.target_label == "suivi.xlsx"


def test_the_preview_is_checked_by_the_worker_and_read_back_not_parsed_again(
    client_for, personas, prisons
):
    client = client_for("nour_manager")
    location = upload(client, xlsx([GOOD, BAD_DATE]))["Location"]
    batch = ImportBatch.objects.get()
    assert batch.state == "preview" and batch.checked["total"] == 2
    batch.file.storage.delete(batch.file.name)  # the page must not need the file any more
    page = client.get(location)
    assert (page.context["valid_count"], page.context["error_count"]) == (1, 1)
    # While the worker checks, the page says so, refreshes itself and offers no import.
    ImportBatch.objects.filter(pk=batch.pk).update(state="checking")
    waiting = client.get(location).content.decode()
    assert 'http-equiv="refresh"' in waiting and 'value="confirm"' not in waiting


def test_new_columns_are_checked_again_before_anything_is_imported(client_for, personas, prisons):
    client = client_for("nour_manager")
    location = upload(client, xlsx([GOOD]))["Location"]
    batch = ImportBatch.objects.get()
    old_mapping = dict(batch.mapping)
    # The sex is read from the nationality column: every row now has an error.
    chosen = {f"map_{t}": "" if i is None else str(i) for t, i in old_mapping.items()}
    chosen["map_sex"] = str(HEADERS.index("Nationalité"))
    client.post(location, {**chosen, "action": "confirm"})
    batch.refresh_from_db()
    assert batch.mapping["sex"] == HEADERS.index("Nationalité")
    assert batch.checked["errors"] == 1 and not Beneficiary.objects.exists()


def test_a_sheet_as_csos_write_it_is_read_without_choosing_columns(client_for, personas, prisons):
    """ "Besoin spécifique", "N° d'écrou" and "Langue" are found; "Étrangère" and "أجنبية"
    are the same need as "Mineur" is; a column Sanad does not read is named, not dropped."""
    headers = ["Nom", "Prénom", "Sexe", "Année de naissance", "Besoin spécifique",
               "N° d'écrou", "Langue", "Établissement", "CIN"]  # fmt: skip
    rows = [
        ["Diallo", "Aminata", "F", 1990, "Étrangère, Femme", "12/2025", "Peul",
         "Prison locale Aïn Sebaâ 1", "X123"],
        ["Sow", "Awa", "F", 2008, "mineure; أجنبية", "13/2025", "", "", "X124"],
    ]  # fmt: skip
    client = client_for("nour_manager")
    response = upload(client, xlsx(rows, headers=headers))
    batch = ImportBatch.objects.get()
    assert [batch.mapping[t] for t in ("needs", "register_number", "languages")] == [4, 5, 6]
    preview = client.get(response["Location"])
    assert [errors for _n, errors, _row in preview.context["rows"]] == [[], []]
    assert preview.context["ignored"] == ["CIN"]
    assert "CIN" in preview.content.decode().split("Colonnes que Sanad ne lit pas")[1][:300]
    client.post(response["Location"], {"action": "confirm", **{
        f"map_{t}": "" if i is None else i for t, i in batch.mapping.items()}})  # fmt: skip
    aminata = Beneficiary.objects.get(first_name_latin="Aminata")
    assert set(aminata.needs.values_list("category", flat=True)) == {"foreigner", "woman"}
    assert aminata.languages == "Peul" and aminata.current_register_number == "12/2025"
    awa = Beneficiary.objects.get(first_name_latin="Awa")
    assert set(awa.needs.values_list("category", flat=True)) == {"minor", "foreigner"}


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_template_lists_the_columns_and_imports_as_it_is(client_for, personas, language):
    client = client_for("nour_manager")
    page = client.get(reverse("beneficiaries:import_upload")).content.decode()
    url = reverse("beneficiaries:import_template", args=[language])
    assert url in page and "Situation pénale" in page  # the columns are listed
    response = client.get(url)
    assert response["Content-Disposition"].startswith("attachment")
    book = load_workbook(BytesIO(response.content))
    headers = [c.value for c in book.worksheets[0][1]]
    assert book.worksheets[0].sheet_view.rightToLeft == (language == "ar")
    values = {row[0]: row[2] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert len(headers) == len(imports.TARGETS) and all(values)
    mapping = imports.guess_mapping(headers)
    assert None not in mapping.values() and sorted(mapping.values()) == list(range(len(headers)))
    assert client_for("observer").get(url).status_code == 403
    assert client.post(url).status_code == 405
    assert client.get(reverse("beneficiaries:import_template", args=["en"])).status_code == 404


def test_an_import_commits_its_own_chunks_and_refuses_to_run_inside_a_transaction(
    client_for, personas
):
    """Inside another transaction a failure later on would roll back chunks already counted
    as done, and a new run would skip rows that were never kept."""
    client = client_for("nour_manager")
    upload(client, xlsx([["Nom", "Prenom", "", "", "F", "01/01/1990", "", "", "", ""]]))
    batch = ImportBatch.objects.get()
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        services.run_import(batch_code=str(batch.code), actor_id=personas.nour_manager.pk)
    assert not Beneficiary.objects.exists()
