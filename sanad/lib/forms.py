"""Form helpers shared by every app that edits versioned records."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.lib.concurrency import EditConflict

# The browser's date picker, with the ISO value it expects (whatever the display language).
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CONFLICT_MESSAGE = _(
    "Someone else saved this record while you were editing it. Your changes are kept below; "
    "compare them with the saved version, then save again."
)


class VersionedModelForm(forms.ModelForm):
    """A model form that carries the version the edit started from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def values(self) -> dict:
        """The cleaned data without the version: what the service should write."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}

    @property
    def expected_version(self) -> int:
        return self.cleaned_data.get("version") or 0

    def report_conflict(self, error: EditConflict):
        """Keep what the user typed, move the form to the saved version so that the next
        save is deliberate, and explain. Returns the record as someone else saved it."""
        self.data = self.data.copy()
        self.data["version"] = error.current.version
        self.add_error(None, CONFLICT_MESSAGE)
        return error.current
