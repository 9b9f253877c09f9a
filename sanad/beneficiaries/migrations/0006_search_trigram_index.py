"""On PostgreSQL, a trigram index makes the name search (LIKE '%word%' on the folded names)
an index scan at national scale. Other databases keep the plain scan."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS benef_search_trgm ON beneficiaries_beneficiary "
    "USING gin (search_text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS benef_search_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0005_beneficiary_anonymised_at")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
