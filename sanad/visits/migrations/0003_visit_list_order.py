from django.db import migrations, models

from sanad.lib.migrations import AddIndexWithoutLocking


class Migration(migrations.Migration):
    # The visits and people tables keep growing: their indexes are built without
    # blocking writes (CREATE INDEX CONCURRENTLY runs outside a transaction).
    atomic = False

    dependencies = [
        ("visits", "0002_visit_period_index"),
    ]

    operations = [
        AddIndexWithoutLocking(
            model_name="visit",
            index=models.Index(fields=["-visited_on", "-planned_on", "-id"], name="visit_list_idx"),
        ),
        AddIndexWithoutLocking(
            model_name="visit",
            index=models.Index(
                fields=["organisation", "-visited_on", "-planned_on", "-id"],
                name="visit_org_list_idx",
            ),
        ),
    ]
