from django.contrib import admin

from sanad.network.models import Invitation, Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "kind", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["name_fr", "name_ar", "acronym"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """For the platform's first administrator only; everyone else joins by invitation."""

    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["user", "organisation"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "accepted_at"]
    readonly_fields = ["token_hash"]

    def has_add_permission(self, request):
        return False
