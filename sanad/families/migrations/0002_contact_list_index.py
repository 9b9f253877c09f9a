from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="familycontact",
            index=models.Index(fields=["-contacted_on", "-id"], name="contact_list_idx"),
        ),
    ]
