"""PostgreSQL samples `search_text` with a histogram ten times finer, so that it estimates how
many people a name search matches closely enough to start from the matches rather than walk
every person in list order (docs/performance.md). Nothing to do on SQLite."""

from django.db import migrations

TABLE = "beneficiaries_beneficiary"


def finer(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_text SET STATISTICS 1000")
        schema_editor.execute(f"ANALYZE {TABLE}")


def default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_text SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0017_alter_beneficiary_benef_has_a_name_and_more")]

    operations = [migrations.RunPython(finer, default)]
