"""Lists read their first page, newest first, from an index in their order rather than
sorting every row in scope. At national scale (105,000 people, a million visits; measured
on the data of `seed_scale`) the first page took: visits 765 ms for the coordinator and
1,577 ms for a CSO, cases 180 ms, complaints 171 ms, family contacts 117 ms; each now under
2 ms of SQL. A test's few rows make the planner's choice meaningless, so the indexes
themselves are checked, column order included."""

import pytest
from django.db import connection
from django.db.migrations import AddIndex, CreateModel
from django.db.migrations.loader import MigrationLoader

from sanad.complaints.models import Complaint
from sanad.families.models import FamilyContact
from sanad.legal.models import LegalCase
from sanad.lib.migrations import AddIndexWithoutLocking


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, columns",
    [
        (LegalCase, ["opened_on", "id"]),
        (Complaint, ["received_on", "id"]),
        (FamilyContact, ["contacted_on", "id"]),
    ],
)
def test_a_list_order_is_an_index(model, columns):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    assert columns in [c["columns"] for c in constraints.values() if c["index"]]


def _index_definition(name: str) -> str:
    """The index's definition as the database keeps it, in lower case, without quotes or
    brackets (SQLite keeps an expression in brackets of its own)."""
    if connection.vendor == "postgresql":
        sql = "SELECT indexdef FROM pg_indexes WHERE indexname = %s"
    else:
        sql = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [name])
        (definition,) = cursor.fetchone()
    definition = definition.replace('"', "").replace("(", " ").replace(")", " ")
    return " ".join(definition.lower().split())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, columns",
    [
        ("visit_day_idx", " coalesce visited_on, planned_on desc, id desc"),
        ("visit_org_day_idx", " organisation_id, coalesce visited_on, planned_on desc, id desc"),
    ],
)
def test_the_visit_list_order_and_period_are_an_index(name, columns):
    # The visits list is ordered and filtered by the day it shows (made, else planned).
    assert _index_definition(name).endswith(columns)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps no such statistics")
def test_postgresql_samples_names_finely_enough_to_start_a_search_from_its_matches():
    # A finer histogram lets PostgreSQL estimate a name search's matches closely enough to
    # start from them, not from the list order (docs/performance.md).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute WHERE attrelid = %s::regclass"
            " AND attname = 'search_text'",
            ["beneficiaries_beneficiary"],
        )
        assert cursor.fetchone() == (1000,)


GROWING = {"beneficiary", "visit", "observation", "auditevent"}


def test_indexes_on_growing_tables_are_built_without_blocking_writes():
    # A deployed network keeps recording while an upgrade builds an index: on the tables that
    # grow, an index added after the table was created must not lock out writes.
    loader = MigrationLoader(None, ignore_no_migrations=True)
    locking = []
    for (app, name), migration in loader.disk_migrations.items():
        if not app.startswith(("beneficiaries", "visits", "audit")):
            continue
        created = {op.name.lower() for op in migration.operations if isinstance(op, CreateModel)}
        for operation in migration.operations:
            added = isinstance(operation, AddIndex) and operation.model_name in GROWING - created
            if added and (not isinstance(operation, AddIndexWithoutLocking) or migration.atomic):
                locking.append(f"{app}.{name}: {operation.index.name}")
    assert locking == []
