from django.db import migrations, models
from django.db.models.functions import Coalesce

from sanad.lib.migrations import AddIndexWithoutLocking


class Migration(migrations.Migration):
    # The visits and people tables keep growing: their indexes are built without
    # blocking writes (CREATE INDEX CONCURRENTLY runs outside a transaction).
    atomic = False

    dependencies = [
        ("visits", "0003_visit_list_order"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="visit", name="visit_list_idx"),
        migrations.RemoveIndex(model_name="visit", name="visit_org_list_idx"),
        AddIndexWithoutLocking(
            model_name="visit",
            index=models.Index(
                Coalesce("visited_on", "planned_on").desc(),
                models.F("id").desc(),
                name="visit_day_idx",
            ),
        ),
        AddIndexWithoutLocking(
            model_name="visit",
            index=models.Index(
                models.F("organisation"),
                Coalesce("visited_on", "planned_on").desc(),
                models.F("id").desc(),
                name="visit_org_day_idx",
            ),
        ),
    ]
