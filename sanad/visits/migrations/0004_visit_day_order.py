from django.db import migrations, models
from django.db.models.functions import Coalesce


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0003_visit_list_order"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="visit", name="visit_list_idx"),
        migrations.RemoveIndex(model_name="visit", name="visit_org_list_idx"),
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(
                Coalesce("visited_on", "planned_on").desc(),
                models.F("id").desc(),
                name="visit_day_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(
                models.F("organisation"),
                Coalesce("visited_on", "planned_on").desc(),
                models.F("id").desc(),
                name="visit_org_day_idx",
            ),
        ),
    ]
