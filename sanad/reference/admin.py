from django.contrib import admin

from sanad.reference.models import ServiceKind, SpokenLanguage


@admin.register(ServiceKind, SpokenLanguage)
class ListedAdmin(admin.ModelAdmin):
    """The directory's short lists: services offered and languages spoken."""

    list_display = ["name_fr", "name_ar", "code", "position"]
    search_fields = ["name_fr", "name_ar", "code"]
