"""Forms of the escalation button and the webhook delivery log."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Escalation, WebhookDelivery, WebhookEndpoint


class EscalateForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the helpdesk (optional)"),
        required=False,
        max_length=Escalation._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only sent when everyone can see the thread."),
    )


class DeliveryFilterForm(forms.Form):
    """The log's filters, read from the address (`status`, `endpoint`); a bad value narrows nothing."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    endpoint = forms.TypedChoiceField(label=_("Endpoint"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, endpoints: list[WebhookEndpoint]):
        super().__init__(data)
        self.fields["status"].choices = [("", _("Any status")), *WebhookDelivery.Status.choices]
        self.fields["endpoint"].choices = [("", _("All endpoints")), *((e.pk, e.name) for e in endpoints)]

    def filters(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        return {"status": data.get("status") or "", "endpoint_id": data.get("endpoint")}


class WebhookEndpointForm(forms.ModelForm):
    """The admin's form: events as checkboxes, not a comma-separated list."""

    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEndpoint.EventName.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The endpoint hears of these events."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "is_active", "secret"]
        help_texts = {
            "secret": _(
                "The receiver checks the X-Peerdesk-Signature header with this: HMAC-SHA256 of "
                "“<X-Peerdesk-Timestamp>.<body>”."
            ),
        }
