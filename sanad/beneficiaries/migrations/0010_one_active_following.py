from django.db import migrations, models
from django.db.models import Count, Min


def end_repeated_followings(apps, schema_editor):
    """Before the constraint: where an organisation follows a person more than once, the
    oldest following stays and the others end on the day they began: they added nothing
    (ended, as always, never deleted). Each mended pair leaves an audit event, written by
    no one (`beneficiary.repeat_following_ended`)."""
    Following = apps.get_model("beneficiaries", "Following")
    Beneficiary = apps.get_model("beneficiaries", "Beneficiary")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    repeated = (
        Following.objects.filter(active=True)
        .values("beneficiary", "organisation")
        .annotate(rows=Count("id"), first=Min("id"))
        .filter(rows__gt=1)
    )
    for pair in repeated.iterator():
        ended = (
            Following.objects.filter(
                beneficiary=pair["beneficiary"], organisation=pair["organisation"], active=True
            )
            .exclude(id=pair["first"])
            .update(active=False, until=models.F("since"))
        )
        person = Beneficiary.objects.get(pk=pair["beneficiary"])
        AuditEvent.objects.create(
            organisation_id=pair["organisation"],
            action="beneficiary.repeat_following_ended",
            target_type="beneficiaries.beneficiary",
            target_code=str(person.code),
            target_label=str(person.code)[:8],
            changes={"active_followings": [ended + 1, 1]},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0009_export_kind"),
        ("network", "0002_notification"),
        ("audit", "0002_audit_subject"),
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
