from django.contrib import admin

from sanad.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is never edited or deleted, not even here."""

    list_display = ["created_at", "action", "actor_label", "target_label", "organisation"]
    list_filter = ["action"]
    search_fields = ["actor_label", "target_label", "target_code", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
