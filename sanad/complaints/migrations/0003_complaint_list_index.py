from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0002_complaint_anonymised_at"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(fields=["-received_on", "-id"], name="complaint_list_idx"),
        ),
    ]
