from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.forum.models import Announcement, Thread
from sanad.lib.forms import KeptModelChoiceField
from sanad.library.models import Theme


class ThreadFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    theme = KeptModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("All"),
    )


class AnnouncementForm(forms.ModelForm):
    email = forms.BooleanField(
        label=_("E-mail it to every member now (otherwise it is in the weekly digest)"),
        required=False,
    )

    class Meta:
        model = Announcement
        fields = ["title_fr", "title_ar", "body_fr", "body_ar"]
        widgets = {
            "title_ar": forms.TextInput(attrs={"dir": "rtl"}),
            "body_fr": forms.Textarea(attrs={"rows": 6}),
            "body_ar": forms.Textarea(attrs={"rows": 6, "dir": "rtl"}),
        }


class ThreadForm(forms.ModelForm):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}))

    class Meta:
        model = Thread
        fields = ["title", "theme"]
        widgets = {"title": forms.TextInput(attrs={"dir": "auto"})}


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"})
    )
