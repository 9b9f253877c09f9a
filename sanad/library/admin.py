from django.contrib import admin

from sanad.library.models import Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    """The library's themes, which resources are tagged with."""

    list_display = ["name_fr", "name_ar", "code", "position"]
    search_fields = ["name_fr", "name_ar", "code"]
