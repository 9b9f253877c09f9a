from django.contrib import admin

from sanad.releases.models import ChecklistStep


@admin.register(ChecklistStep)
class ChecklistStepAdmin(admin.ModelAdmin):
    """The steps every release plan starts with."""

    list_display = ["label_fr", "label_ar", "days_before", "foreigners_only", "position"]
