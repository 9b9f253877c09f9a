from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0002_visit_period_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(fields=["-visited_on", "-planned_on", "-id"], name="visit_list_idx"),
        ),
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(
                fields=["organisation", "-visited_on", "-planned_on", "-id"],
                name="visit_org_list_idx",
            ),
        ),
    ]
