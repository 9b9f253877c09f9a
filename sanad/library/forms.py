from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sanad.lib.forms import KeptModelChoiceField, VersionedModelForm
from sanad.lib.uploads import validate_shared_document
from sanad.library import letters
from sanad.library.models import Kind, Resource, Theme, Visibility
from sanad.reference.models import ActionField

# What a template's text may contain (library.letters checks it), shown as typed.
SYNTAX = (
    "{{ name }}, {{ held_at }}, {{ judged_by }}, {{ lawyer }}, {{ case.case_number }}, "
    '{{ decision.pronounced_on|date:"d/m/Y" }}, {% if female %}…{% else %}…{% endif %}'
)
LANGUAGES = (("fr", _("French")), ("ar", _("Arabic")))


def _kept(label, queryset):
    return KeptModelChoiceField(
        label=label, queryset=queryset, required=False, to_field_name="code", empty_label=_("All")
    )


class ResourceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + Kind.choices
    )
    field = _kept(_("Need"), ActionField.objects.all())
    theme = _kept(_("Theme"), Theme.objects.all())
    language = forms.ChoiceField(
        label=_("With a file in"), required=False, choices=[("", _("Any language")), *LANGUAGES]
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"), required=False, choices=[("", _("All"))] + Visibility.choices
    )


class ResourceForm(VersionedModelForm):
    class Meta:
        model = Resource
        fields = [
            "kind",
            "title_fr",
            "title_ar",
            "summary_fr",
            "summary_ar",
            "fields_of_action",
            "themes",
            "visibility",
            "letter",
        ]
        widgets = {
            "title_ar": forms.TextInput(attrs={"dir": "rtl"}),
            "summary_fr": forms.Textarea(attrs={"rows": 3}),
            "summary_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl"}),
            "fields_of_action": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
        }

    def clean(self):
        data = super().clean()
        if data.get("letter") and data.get("kind") != Kind.TEMPLATE:
            self.add_error("letter", _("Only a letter template can provide a letter's text."))
        return data


class VersionForm(forms.Form):
    """A new version: a file per language and, for a template, its text (which the legal
    app's letters use when the template provides one)."""

    changes = forms.CharField(label=_("What changed"), max_length=300)
    file_fr = forms.FileField(label=_("File in French"), required=False)
    file_ar = forms.FileField(label=_("File in Arabic"), required=False)
    text_fr = forms.CharField(
        label=_("Letter text in French"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    text_ar = forms.CharField(
        label=_("Letter text in Arabic"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "dir": "rtl"}),
    )

    def __init__(self, *args, letter: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not letter:
            del self.fields["text_fr"], self.fields["text_ar"]
        else:
            help_text = format_lazy("{} {}", _("For a template only. It may use:"), SYNTAX)
            self.fields["text_fr"].help_text = self.fields["text_ar"].help_text = help_text

    def clean_file_fr(self):
        return self._document("file_fr")

    def clean_file_ar(self):
        return self._document("file_ar")

    def clean_text_fr(self):
        return self._letter("text_fr")

    def clean_text_ar(self):
        return self._letter("text_ar")

    def _document(self, name):
        uploaded = self.cleaned_data.get(name)
        if uploaded:
            uploaded.checked_type = validate_shared_document(uploaded)
        return uploaded

    def _letter(self, name):
        text = self.cleaned_data.get(name, "").strip()
        if text:
            letters.check(text)
        return text

    def clean(self):
        data = super().clean()
        given = [data.get(name) for name in ("file_fr", "file_ar", "text_fr", "text_ar")]
        if not self.errors and not any(given):
            raise forms.ValidationError(_("Add a file or a text in at least one language."))
        return data
