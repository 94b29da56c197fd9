from django.contrib import admin

from community.admin import ForgetsOnChange, ReadOnlyAdmin

from . import limits
from .models import Policy, RateLimit, Restriction


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    """One row: the admin edits it, never adds a second or deletes it."""

    list_display = ["__str__", "flags_to_hide", "trusted_reputation", "hold_first_posts", "new_member_links"]

    def has_add_permission(self, request) -> bool:
        return not Policy.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RateLimit)
class RateLimitAdmin(ForgetsOnChange, admin.ModelAdmin):
    """Limits per role and action; where no row exists the defaults in moderation/limits.py hold."""

    list_display = ["role", "action", "limit", "minutes"]
    list_editable = ["limit", "minutes"]
    list_filter = ["role", "action"]

    def changed(self) -> None:
        limits.limits_changed()


@admin.register(Restriction)
class RestrictionAdmin(ReadOnlyAdmin):
    """Suspensions and silencing to look at; deciding and lifting happen on the member's suspend page."""

    list_display = ["user", "kind", "starts_at", "ends_at", "by", "closed_at"]
    list_filter = ["kind"]
    search_fields = ["user__handle", "user__display_name", "reason"]
    list_select_related = ["user", "by"]
