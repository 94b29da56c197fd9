from django.contrib import admin

from .models import Policy


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    """One row: the admin edits it, never adds a second or deletes it."""

    list_display = ["__str__", "flags_to_hide", "trusted_reputation", "hold_first_posts", "new_member_links"]

    def has_add_permission(self, request) -> bool:
        return not Policy.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
