"""Blocking keys and the new search words for the records registered before them."""

from django.db import migrations

from sanad.lib import names
from sanad.lib.text import fold

FIELDS = ("first_name_latin", "last_name_latin", "first_name_ar", "last_name_ar")


def fill(apps, schema_editor):
    Beneficiary = apps.get_model("beneficiaries", "Beneficiary")
    NameKey = apps.get_model("beneficiaries", "NameKey")
    people = Beneficiary.objects.order_by("pk").only(
        *FIELDS, "sex", "birth_year", "current_register_number"
    )
    keys, changed = [], []
    for person in people.iterator(chunk_size=2000):
        latin = f"{person.first_name_latin} {person.last_name_latin}".strip()
        arabic = f"{person.first_name_ar} {person.last_name_ar}".strip()
        found = names.Person(latin, arabic, person.sex, person.birth_year)
        keys += [NameKey(beneficiary_id=person.pk, key=key) for key in names.keys(found)]
        words = [
            fold(" ".join(getattr(person, f) for f in FIELDS)),
            fold(person.current_register_number),
            names.search_terms(latin, arabic),
        ]
        person.search_text = " ".join(filter(None, words))
        changed.append(person)
        if len(changed) >= 2000:
            _flush(Beneficiary, NameKey, keys, changed)
            keys, changed = [], []
    _flush(Beneficiary, NameKey, keys, changed)


def _flush(Beneficiary, NameKey, keys, changed):
    NameKey.objects.bulk_create(keys, batch_size=2000)
    Beneficiary.objects.bulk_update(changed, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0014_name_keys")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
