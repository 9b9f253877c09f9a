from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sanad.handovers.models import Handover


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Handover
        fields = ["to_organisation", "kind", "reason"]
        widgets = {"kind": forms.RadioSelect, "reason": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "reason": _(
                "The receiving CSO reads it with the person's initials, establishment and "
                "needs, and nothing more until it accepts."
            )
        }

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = partners
        self.fields["to_organisation"].label = _("Partner CSO")
        self.fields["to_organisation"].label_from_instance = _with_capacity

    def clean_to_organisation(self):
        organisation = self.cleaned_data["to_organisation"]
        if organisation.capacity == 0:
            raise forms.ValidationError(
                _("This CSO says it cannot follow anyone more for now; choose another.")
            )
        return organisation


def _with_capacity(organisation) -> str:
    """A partner as the proposal offers it, with how many more people it says it can follow."""
    if organisation.capacity is None:
        return str(organisation)
    more = ngettext(
        "%(name)s (can follow %(count)s more person)",
        "%(name)s (can follow %(count)s more people)",
        organisation.capacity,
    )
    return more % {"name": organisation, "count": organisation.capacity}


class RefusalForm(forms.Form):
    answer = forms.CharField(
        label=_("Why you refuse"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class HandoverFilterForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Proposals"),
        required=False,
        choices=[("", _("All")), ("in", _("Made to us")), ("out", _("Made by us"))],
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All"))] + Handover.State.choices
    )
