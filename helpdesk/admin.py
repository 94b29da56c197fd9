from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Helpdesk, ResponsePolicy, WebhookEndpoint
from .services import webhooks
from .webhook_forms import WebhookEndpointForm


@admin.register(Helpdesk)
class HelpdeskAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active", "escalation_url"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ResponsePolicy)
class ResponsePolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "offer_after_minutes", "offer_to", "response_target_minutes", "askers_may_escalate"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not ResponsePolicy.objects.exists()


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["name", "url", "event_list", "is_active"]
    list_filter = ["is_active"]
    actions = ["send_test_event"]

    @admin.display(description=_("events"))
    def event_list(self, endpoint: WebhookEndpoint) -> str:
        return ", ".join(endpoint.events)

    @admin.action(description=_("Send a test event"))
    def send_test_event(self, request, queryset) -> None:
        for endpoint in queryset:
            webhooks.send_test_event(endpoint=endpoint, by=request.user)
        self.message_user(request, _("A test event is on its way; see the webhook deliveries."))
