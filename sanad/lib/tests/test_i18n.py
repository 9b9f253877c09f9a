from django.utils import translation

from sanad.beneficiaries.models import Beneficiary, Need


def test_choice_labels_follow_the_language_and_keep_unknown_values():
    person = Beneficiary(status="validated", current_legal_status="", sex="F")
    with translation.override("ar"):
        arabic = person.get_status_display()
    with translation.override("fr"):
        french = person.get_status_display()
    assert (french, arabic) == ("Validé·e", "مُصادق عليه")
    assert Need(category="not-a-category").get_category_display() == "not-a-category"
    assert person.get_current_legal_status_display() == ""
