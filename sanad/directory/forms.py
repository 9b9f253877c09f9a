from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.directory.models import ActorKind, ExternalActor
from sanad.lib.forms import KeptModelChoiceField, VersionedModelForm
from sanad.reference.models import (
    ActionField,
    Establishment,
    Region,
    ServiceKind,
    SpokenLanguage,
)


def _kept(label, queryset, to_field_name="code"):
    return KeptModelChoiceField(
        label=label,
        queryset=queryset,
        required=False,
        to_field_name=to_field_name,
        empty_label=_("All"),
    )


class CoverageFilterForm(forms.Form):
    """Who covers an establishment, a need, a region, with a service, in a language."""

    q = forms.CharField(label=_("Search"), required=False)
    establishment = _kept(_("Establishment"), Establishment.objects.order_by("name_fr"))
    field = _kept(_("Need"), ActionField.objects.all())
    region = _kept(_("Region"), Region.objects.order_by("name_fr"))
    service = _kept(_("Service"), ServiceKind.objects.all())
    language = _kept(_("Language"), SpokenLanguage.objects.all())


class ActorFilterForm(CoverageFilterForm):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + ActorKind.choices
    )


class ExternalActorForm(VersionedModelForm):
    class Meta:
        model = ExternalActor
        fields = [
            "kind",
            "name_fr",
            "name_ar",
            "region",
            "city",
            "establishments",
            "fields_of_action",
            "services",
            "languages",
            "address",
            "contact",
            "email",
            "phone",
            "notes",
            "is_active",
        ]
        widgets = {
            "name_ar": forms.TextInput(attrs={"dir": "rtl"}),
            "establishments": forms.SelectMultiple(attrs={"size": 8}),
            "fields_of_action": forms.CheckboxSelectMultiple,
            "services": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
