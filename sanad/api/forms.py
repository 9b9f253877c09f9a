from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.api.models import Access, ApiToken, Submission
from sanad.lib.forms import DATE
from sanad.network.models import Organisation


class TokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "access", "organisation", "expires_on"]
        widgets = {"expires_on": DATE}
        help_texts = {
            "name": _("What uses it, e.g. “Kobo server” or “Power BI”."),
            "organisation": _("The organisation its writes are made for."),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["access"].initial = Access.READ
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=90)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.id for o in organisations]
        )
        if len(organisations) == 1:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].required = True

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a day after today."))
        return day


class SubmissionFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("To review"))]
        + [c for c in Submission.State.choices if c[0] != Submission.State.TO_REVIEW],
    )
