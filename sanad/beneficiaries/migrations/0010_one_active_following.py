from django.db import migrations, models
from django.db.models import Count, Min


def end_repeated_followings(apps, schema_editor):
    """Before the constraint: where an organisation follows a person more than once, the
    oldest following stays and the others end on the day they began: they added nothing
    (ended, as always, never deleted)."""
    Following = apps.get_model("beneficiaries", "Following")
    repeated = (
        Following.objects.filter(active=True)
        .values("beneficiary", "organisation")
        .annotate(rows=Count("id"), first=Min("id"))
        .filter(rows__gt=1)
    )
    for pair in repeated.iterator():
        Following.objects.filter(
            beneficiary=pair["beneficiary"], organisation=pair["organisation"], active=True
        ).exclude(id=pair["first"]).update(active=False, until=models.F("since"))


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0009_export_kind"),
        ("network", "0002_notification"),
    ]

    operations = [
        migrations.RunPython(end_repeated_followings, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="following",
            constraint=models.UniqueConstraint(
                condition=models.Q(("active", True)),
                fields=("beneficiary", "organisation"),
                name="one_active_following",
            ),
        ),
    ]
