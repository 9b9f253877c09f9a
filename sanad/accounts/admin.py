from django.contrib import admin

from sanad.accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    exclude = ["password", "groups", "user_permissions"]

    def has_delete_permission(self, request, obj=None):
        return False
