from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from sanad.beneficiaries.forms import beneficiary_picker
from sanad.beneficiaries.models import Beneficiary, Relative
from sanad.families.models import ATTENDANCE_FIELDS, TOPICS, AwarenessSession, FamilyContact
from sanad.lib.forms import DATE, PeriodFilterForm, PlausibleDates, VersionedModelForm
from sanad.lib.widgets import Picker


def relative_label(relative: Relative) -> str:
    return (
        f"{relative.name} ({relative.get_relationship_display()}) — "
        f"{relative.beneficiary.display_name}"
    )


class ContactForm(PlausibleDates, forms.ModelForm):
    relative = forms.ModelChoiceField(
        label=_("Relative"),
        queryset=Relative.objects.none(),
        to_field_name="code",
        widget=Picker(
            reverse_lazy("families:relative_pick"),
            _("Find a relative by their name or the detainee's"),
            relative_label,
            related=["beneficiary"],
            multiple=False,
        ),
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=TOPICS, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = FamilyContact
        fields = ["relative", "kind", "contacted_on", "topics", "outcome", "next_step"]
        widgets = {"contacted_on": DATE, "outcome": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relative"].queryset = Relative.objects.filter(
            beneficiary__in=Beneficiary.objects.for_work_of(user, "family.record", organisation)
        )


class ContactEditForm(VersionedModelForm):
    """What happened during a contact; the relative it was with stays."""

    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=TOPICS, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = FamilyContact
        fields = ["kind", "contacted_on", "topics", "outcome", "next_step"]
        widgets = {"contacted_on": DATE, "outcome": forms.Textarea(attrs={"rows": 2})}


class SessionForm(PlausibleDates, forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=TOPICS, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = AwarenessSession
        fields = [
            "held_on",
            "place",
            "facilitator",
            "topics",
            "women_under_18",
            "women_18_59",
            "women_60_plus",
            "men_under_18",
            "men_18_59",
            "men_60_plus",
            "families",
            "materials",
        ]
        widgets = {
            "held_on": DATE,
            "materials": forms.Textarea(attrs={"rows": 2}),
            "families": beneficiary_picker(linking="family.record"),
        }

    def __init__(self, *args, user, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        people = Beneficiary.objects.for_work_of(user, "family.record", organisation)
        self.fields["families"].queryset = people

    def clean(self):
        data = super().clean()
        counts = [data.get(f) or 0 for f in ATTENDANCE_FIELDS]
        if not any(counts):
            raise forms.ValidationError(_("Count at least one participant."))
        return data


class ContactFilterForm(PeriodFilterForm):
    q = forms.CharField(label=_("Detainee or relative"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of contact"),
        required=False,
        choices=[("", _("All")), *FamilyContact.Kind.choices],
    )
    field_order = ["q", "kind", "since", "until"]
