"""Kept for the migration history only. It created the trigram index on the folded names,
which 0002_trigram_search already creates (`IF NOT EXISTS` made it a no-op); its reverse
would have dropped 0002's index, so it now does nothing either way."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0005_beneficiary_anonymised_at")]

    operations = []
