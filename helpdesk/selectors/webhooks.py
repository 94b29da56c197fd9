"""What the webhook delivery log shows, in a fixed number of queries however long the log grows."""

from django.db.models import F, QuerySet

from ..models import Escalation, WebhookDelivery, WebhookEndpoint

RECENT_ESCALATIONS = 20


def endpoints() -> list[WebhookEndpoint]:
    return list(WebhookEndpoint.objects.order_by("name", "pk").only("id", "name"))


def deliveries(*, status: str = "", endpoint_id: int | None = None) -> QuerySet[WebhookDelivery]:
    """Deliveries newest first, with their endpoint's name, narrowed by status and endpoint."""
    rows = (
        WebhookDelivery.objects.select_related("endpoint")
        .defer("payload", "endpoint__secret", "endpoint__events")
        .annotate(delay=F("delivered_at") - F("occurred_at"))
    )
    if status:
        rows = rows.filter(status=status)
    if endpoint_id:
        rows = rows.filter(endpoint_id=endpoint_id)
    return rows.order_by("-created_at", "-pk")


def recent_escalations() -> list[Escalation]:
    """The latest escalations, so a failed one is seen where the failed webhooks are."""
    return list(
        Escalation.objects.select_related("question", "helpdesk", "ticket", "by")
        .only(
            "id",
            "status",
            "attempts",
            "last_response_code",
            "last_error",
            "created_at",
            "sent_at",
            "question__id",
            "question__title",
            "helpdesk__name",
            "ticket__external_id",
            "by__handle",
            "by__display_name",
        )
        .order_by("-created_at", "-pk")[:RECENT_ESCALATIONS]
    )


def latest_escalation(question_id: int) -> Escalation | None:
    return Escalation.objects.select_related("ticket").filter(question_id=question_id).order_by("-created_at").first()
