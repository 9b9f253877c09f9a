from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from sanad.lib.forms import DATE, PlausibleDates, VersionedModelForm
from sanad.network.models import Organisation, OrganisationKind, OrganisationStatus
from sanad.network.roles import Role


class OrganisationFilterForm(PlausibleDates, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + OrganisationKind.choices
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + OrganisationStatus.choices
    )


class OrganisationForm(VersionedModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name_fr",
            "name_ar",
            "acronym",
            "kind",
            "status",
            "fields_of_action",
            "regions",
            "establishments",
            "services",
            "languages",
            "capacity",
            "city",
            "email",
            "phone",
            "focal_point_email",
            "focal_point_phone",
            "agreement_start",
            "agreement_end",
        ]
        widgets = {
            "fields_of_action": forms.CheckboxSelectMultiple,
            "regions": forms.CheckboxSelectMultiple,
            "services": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "establishments": forms.SelectMultiple(attrs={"size": 8}),
            "agreement_start": DATE,
            "agreement_end": DATE,
            "name_ar": forms.TextInput(attrs={"dir": "rtl"}),
        }

    def __init__(self, *args, restrict_status=False, **kwargs):
        super().__init__(*args, **kwargs)
        if restrict_status:
            # A CSO focal point edits their organisation's details, not its place in the network.
            for name in ("kind", "status", "agreement_start", "agreement_end"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        start, end = data.get("agreement_start"), data.get("agreement_end")
        if start and end and end < start:
            self.add_error("agreement_end", _("The agreement cannot end before it starts."))
        return data


class MemberFilterForm(PlausibleDates, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All"))] + Role.choices
    )
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("1", _("Active")), ("0", _("Deactivated"))],
    )


class InvitationForm(PlausibleDates, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"))
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES)

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]


class AcceptInvitationForm(PlausibleDates, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                password_validation.validate_password(p1, get_user_model()(email=self.email))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
