from django.contrib import admin

from .models import Helpdesk, ResponsePolicy


@admin.register(Helpdesk)
class HelpdeskAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active", "escalation_url"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ResponsePolicy)
class ResponsePolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "offer_after_minutes", "offer_to", "response_target_minutes", "askers_may_escalate"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not ResponsePolicy.objects.exists()
