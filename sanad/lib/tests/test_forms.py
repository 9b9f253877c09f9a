import re

from django import forms
from django.core.cache import caches
from django.forms.renderers import DjangoTemplates
from django.urls import reverse
from django.utils import translation

from sanad.lib.forms import KeptModelChoiceField, LeanSelect, PeriodFilterForm
from sanad.reference.models import Region


class RegionFilter(forms.Form):
    region = KeptModelChoiceField(
        queryset=Region.objects.all(), to_field_name="code", required=False, empty_label="—"
    )


def test_reference_choices_are_read_once_then_forgotten_when_a_row_changes(
    db, django_assert_num_queries
):
    Region.objects.create(code="rabat", name_fr="Rabat-Salé-Kénitra", name_ar="الرباط سلا القنيطرة")
    caches["local"].clear()
    str(RegionFilter()["region"])
    with django_assert_num_queries(0):
        html = str(RegionFilter()["region"])
    assert '<option value="rabat">Rabat-Salé-Kénitra</option>' in html
    Region.objects.create(code="oriental", name_fr="Oriental", name_ar="الشرق")
    assert 'value="oriental"' in str(RegionFilter()["region"])
    chosen = RegionFilter({"region": "oriental"})
    assert chosen.is_valid() and chosen.cleaned_data["region"].code == "oriental"
    assert not RegionFilter({"region": "nowhere"}).is_valid()


def test_reference_choices_are_kept_per_language(db):
    Region.objects.create(code="rabat", name_fr="Rabat-Salé-Kénitra", name_ar="الرباط سلا القنيطرة")
    caches["local"].clear()
    with translation.override("fr"):
        assert "Rabat-Salé-Kénitra" in str(RegionFilter()["region"])
    with translation.override("ar"):
        assert "الرباط سلا القنيطرة" in str(RegionFilter()["region"])


def test_an_empty_scope_offers_no_choice(db):
    class OrganisationFilter(forms.Form):
        organisation = KeptModelChoiceField(queryset=Region.objects.none(), required=False)

    assert str(OrganisationFilter()["organisation"]).count("<option") == 1  # the empty label


def test_a_scope_given_to_each_form_offers_only_its_own_rows(db):
    """The organisation filter gets each reader's scope: one person's kept options must
    never be offered to another whose scope differs."""
    Region.objects.create(code="rabat", name_fr="Rabat-Salé-Kénitra")
    Region.objects.create(code="oriental", name_fr="Oriental")
    caches["local"].clear()

    def offered(scope):
        form = RegionFilter()
        form.fields["region"].queryset = scope
        return str(form["region"])

    assert "Oriental" not in offered(Region.objects.filter(code="rabat"))
    assert "Rabat" not in offered(Region.objects.filter(code="oriental"))
    assert "Rabat" in offered(Region.objects.all()) and "Oriental" in str(RegionFilter()["region"])


def _normalised(markup: str) -> str:
    return re.sub(r">\s+<", "><", str(markup)).strip()


def test_lean_select_writes_the_same_markup_as_django():
    choices = [
        ("", "—"),
        ("a", "Alpha & co"),
        ('q"1', 'Dar "Al Amal" l\'accueil'),
        ("Group <1>", [("b", "Bêta"), ("c", "جيم")]),
    ]
    stock = forms.Select(choices=choices, attrs={"class": "form-select"})
    lean = LeanSelect(choices=choices, attrs={"class": "form-select"})
    for value in ("c", "", None, "a"):
        expected = stock.render("kind", value, {"id": "id_kind"}, renderer=DjangoTemplates())
        assert _normalised(lean.render("kind", value, {"id": "id_kind"})) == _normalised(expected)


def test_implausible_dates_are_refused_with_a_message(client_for, personas):
    """A visit, a claim, a session, a birth or a complaint on 1 January of year 1 or in
    9999 is a typing slip the form names, never a record."""
    for day in ("0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"):
        form = PeriodFilterForm({"since": day})
        assert not form.is_valid() and "1900" in form.errors["since"][0]
    assert PeriodFilterForm({"since": "1950-06-01", "until": "2100-12-31"}).is_valid()
    page = client_for("nour_worker").post(
        reverse("visits:visit_report"), {"kind": "family_home", "visited_on": "0001-01-01"}
    )
    assert "1900" in str(page.context["form"].errors["visited_on"])
