from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .forms.webhooks import WebhookEndpointForm
from .models import ApiToken, Helpdesk, ResponsePolicy, WebhookEndpoint
from .services import tokens as token_services
from .services import webhooks


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


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "helpdesk", "scope", "requests_per_minute"]

    def clean_requests_per_minute(self) -> int:
        value = self.cleaned_data["requests_per_minute"]
        if not 1 <= value <= 10_000:
            raise forms.ValidationError(_("Allow between 1 and 10000 requests per minute."))
        return value


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens for integrations: made here, the key shown once; revoked, never deleted (links name their token)."""

    form = ApiTokenForm
    list_display = ["name", "helpdesk", "scope", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope", "helpdesk", ("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["helpdesk"]
    search_fields = ["name", "prefix"]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        token, key = token_services.create_token(
            by=request.user,
            name=obj.name,
            scope=obj.scope,
            helpdesk=obj.helpdesk,
            requests_per_minute=obj.requests_per_minute,
        )
        obj.pk, obj.prefix, obj.key_hash, obj.created_by, obj.created_at = (
            token.pk,
            token.prefix,
            token.key_hash,
            token.created_by,
            token.created_at,
        )
        self.message_user(
            request,
            _("The key of “%(name)s” is %(key)s: copy it now; it is not shown again.")
            % {"name": token.name, "key": key},
            messages.SUCCESS,
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset) -> None:
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            token_services.revoke_token(token=token, by=request.user)
            revoked += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked) % {"count": revoked},
            messages.SUCCESS,
        )
