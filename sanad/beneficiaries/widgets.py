"""The person picker: forms that link records to beneficiaries (visits, families,
complaints) carry only the people already chosen; others are found by typing a name."""

from django import forms
from django.urls import reverse_lazy


class BeneficiaryPicker(forms.CheckboxSelectMultiple):
    """Checkboxes for the chosen people and a search box that adds more (up to 20 matches
    from `beneficiaries:beneficiary_pick`, among the people the user may see). A CSO follows
    thousands of people at national scale: a list of them all is too heavy to send and use.
    With `multiple=False` the boxes are radio buttons (one person or none)."""

    template_name = "beneficiaries/widgets/picker.html"
    option_template_name = "django/forms/widgets/checkbox_option.html"
    search_url = reverse_lazy("beneficiaries:beneficiary_pick")

    def __init__(self, attrs=None, multiple=True):
        super().__init__(attrs)
        self.allow_multiple_selected = multiple
        if not multiple:
            self.input_type = "radio"
            self.option_template_name = "django/forms/widgets/radio_option.html"

    def optgroups(self, name, value, attrs=None):
        """Options for the chosen people only (the field still validates against its whole
        queryset)."""
        everyone = self.choices
        chosen = [v for v in value if str(v).isdigit()]
        self.choices = (
            [everyone.choice(b) for b in everyone.queryset.filter(pk__in=chosen)] if chosen else []
        )
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everyone

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            search_url=self.search_url,
            input_type=self.input_type,
            multiple=self.allow_multiple_selected,
        )
        return context

    def value_from_datadict(self, data, files, name):
        if self.allow_multiple_selected:
            return super().value_from_datadict(data, files, name)
        return data.get(name)

    def format_value(self, value):
        if not self.allow_multiple_selected:
            return [] if value in (None, "") else [str(value)]
        return super().format_value(value)
