"""The record picker: a form that links work to people or cases (visits, families,
complaints) carries only the records already chosen; others are found by typing."""

from django import forms
from django.core.exceptions import ValidationError


class Picker(forms.CheckboxSelectMultiple):
    """Checkboxes for the chosen records and a search box that adds more: the text typed is
    sent to `search_url`, which answers `{"results": [{"id", "label"}, …]}` with a few
    matches among the records the user may see (static/sanad-picker.js). A CSO follows
    thousands of people at national scale: a list of them all is too heavy to send and use.
    With `multiple=False` the boxes are radio buttons (one record or none). `label` names a
    record, in the boxes as in the search results; `related` is what it reads."""

    template_name = "widgets/picker.html"

    def __init__(self, search_url, placeholder, label, related=(), multiple=True, attrs=None):
        super().__init__(attrs)
        self.search_url, self.placeholder = search_url, placeholder
        self.label, self.related = label, related
        self.allow_multiple_selected = multiple
        if not multiple:
            self.input_type = "radio"

    def optgroups(self, name, value, attrs=None):
        """Options for the chosen records only (the field still validates against its whole
        queryset)."""
        everyone = self.choices
        key = everyone.field.to_field_name or "pk"
        rows = everyone.queryset.select_related(*self.related)
        try:
            chosen = list(rows.filter(**{f"{key}__in": [v for v in value if v]}))
        except (ValueError, ValidationError):  # a tampered value: nothing is chosen
            chosen = []
        self.choices = [(everyone.choice(r)[0], self.label(r)) for r in chosen]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everyone

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        context["widget"].update(
            search_url=self.search_url,
            placeholder=self.placeholder,
            input_type=self.input_type,
            invalid=attrs.get("aria-invalid"),
            describedby=attrs.get("aria-describedby"),
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


PICK_LIMIT = 20


def picked(rows=(), label=str, key: str = "pk") -> dict:
    """The JSON a picker's search endpoint answers: for the first PICK_LIMIT of `rows` (an
    ordered queryset), each row's `key` (the form field's `to_field_name`) and `label(row)`."""
    return {
        "results": [
            {"id": str(getattr(row, key)), "label": label(row)} for row in rows[:PICK_LIMIT]
        ]
    }
