"""On PostgreSQL, a trigram index makes the name search (LIKE '%…%' on the folded text) fast
at national scale. SQLite has no such index; the search still works there, more slowly."""

from django.db import migrations

from sanad.lib.postgres import on_postgresql

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS benef_search_trgm ON beneficiaries_beneficiary "
    "USING gin (search_text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS benef_search_trgm"]


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0001_initial")]
    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
