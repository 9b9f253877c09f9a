from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("legal", "0002_drop_unused_deadline_version"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="legalcase",
            index=models.Index(fields=["-opened_on", "-id"], name="case_list_idx"),
        ),
    ]
