"""Tickets linked to threads, escalations, the agent queue and its response target, API tokens and webhooks.

The forum knows nothing of these: the helpdesk reads its questions and answers and meets it at events.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Helpdesk(models.Model):
    """A helpdesk system the company works tickets in (Zendesk, Freshdesk, OTRS, a CRM)."""

    name = models.CharField(_("name"), max_length=80)
    # The "system" of a ticket reference, in pages, the inbound address and the API.
    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    ticket_url = models.CharField(
        _("ticket address"),
        max_length=300,
        blank=True,
        help_text=_("A ticket's address with {id} for its number, e.g. https://acme.zendesk.com/agent/tickets/{id}"),
    )
    escalation_url = models.URLField(
        _("escalation endpoint"),
        max_length=500,
        blank=True,
        help_text=_("Escalated threads are sent here; the answer names the new ticket."),
    )
    # Signs what goes to the helpdesk and checks what it reports back (HMAC-SHA256 with a timestamp).
    secret = models.CharField(_("shared secret"), max_length=128, default=new_secret)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("helpdesk")
        verbose_name_plural = _("helpdesks")

    def __str__(self) -> str:
        return self.name

    def address_of(self, external_id: str) -> str:
        return self.ticket_url.replace("{id}", external_id) if "{id}" in self.ticket_url else ""


class Ticket(models.Model):
    """A ticket in a helpdesk, as far as the community knows it: its number, address and last reported status."""

    class Status(models.TextChoices):
        UNKNOWN = "", _("not reported")
        OPEN = "open", _("open")
        PENDING = "pending", _("pending")
        SOLVED = "solved", _("solved")

    helpdesk = models.ForeignKey(Helpdesk, on_delete=models.PROTECT, related_name="tickets")
    external_id = models.CharField(_("ticket number"), max_length=64)
    url = models.URLField(_("address"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, blank=True, default="")
    status_at = models.DateTimeField(_("status reported"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            models.UniqueConstraint(fields=["helpdesk", "external_id"], name="helpdesk_one_ticket_per_number"),
        ]

    def __str__(self) -> str:
        return f"{self.helpdesk.slug} #{self.external_id}"

    @property
    def address(self) -> str:
        return self.url or self.helpdesk.address_of(self.external_id)


class TicketLink(models.Model):
    """A ticket linked to the thread that solves it (or that it concerns)."""

    class Via(models.TextChoices):
        PAGE = "page", _("the thread's page")
        API = "api", _("the API")
        ESCALATION = "escalation", _("an escalation")
        PUBLISHED = "published", _("a published solution")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links")
    question = models.ForeignKey("forum.Question", on_delete=models.CASCADE, related_name="ticket_links")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    via = models.CharField(max_length=12, choices=Via.choices, default=Via.PAGE)
    token = models.ForeignKey("ApiToken", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("ticket link")
        verbose_name_plural = _("ticket links")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "question"], name="helpdesk_one_link_per_ticket_and_thread"),
        ]

    def __str__(self) -> str:
        return f"ticket {self.ticket_id} on question {self.question_id}"


class ResponsePolicy(models.Model):
    """What an admin sets for routing and escalation, on one row; until it is saved the defaults hold."""

    offer_after_minutes = models.PositiveIntegerField(
        _("offer to super users after (minutes)"),
        default=30,
        help_text=_("An unanswered question is offered to super users of its topic after this long."),
    )
    offer_to = models.PositiveSmallIntegerField(
        _("super users per offer"), default=3, help_text=_("At most this many super users are asked at a time.")
    )
    response_target_minutes = models.PositiveIntegerField(
        _("response target (minutes)"),
        default=240,
        help_text=_("A question still unanswered after this long enters the agent queue."),
    )
    askers_may_escalate = models.BooleanField(_("askers may escalate their own threads"), default=False)
    escalate_to = models.ForeignKey(
        Helpdesk,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("escalate to"),
        help_text=_("The helpdesk that receives escalated threads."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("response settings")
        verbose_name_plural = _("response settings")

    def __str__(self) -> str:
        return str(_("Response settings"))

    @classmethod
    def current(cls) -> "ResponsePolicy":
        # Unsaved defaults when no row exists yet: reading a setting never writes (pages are GETs).
        return cls.objects.order_by("pk").first() or cls()


class ResponseRecord(models.Model):
    """How a question was served: when it was first answered and by whom, when solved and by whom, offers."""

    class By(models.TextChoices):
        CUSTOMER = "customer", _("a customer")
        SUPER_USER = "super_user", _("a super user")
        STAFF = "staff", _("staff")

    question = models.OneToOneField("forum.Question", on_delete=models.CASCADE, related_name="response_record")
    asked_at = models.DateTimeField()
    first_response_at = models.DateTimeField(null=True, blank=True)
    first_response_by = models.CharField(max_length=12, choices=By.choices, blank=True)
    first_answer_id = models.PositiveBigIntegerField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    solved_by = models.CharField(max_length=12, choices=By.choices, blank=True)
    last_offered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["asked_at"], condition=Q(first_response_at__isnull=True), name="helpdesk_rr_waiting"),
        ]

    def __str__(self) -> str:
        return f"response record of question {self.question_id}"

    @property
    def time_to_first_response(self):
        return self.first_response_at - self.asked_at if self.first_response_at else None


class Offer(models.Model):
    """An unanswered question offered to one super user of its topic."""

    question = models.ForeignKey("forum.Question", on_delete=models.CASCADE, related_name="offers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_offers")
    offered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "user"], name="helpdesk_one_offer_per_person")]

    def __str__(self) -> str:
        return f"question {self.question_id} offered to {self.user_id}"


class QueueItem(models.Model):
    """A thread waiting for an agent, and why; at most one open item per thread and reason."""

    class Reason(models.TextChoices):
        UNANSWERED = "unanswered", _("No answer within the target")
        ESCALATED = "escalated", _("Escalated")
        STILL_BROKEN = "still_broken", _("Still broken after an accepted answer")
        PUBLISH_ANSWER = "publish_answer", _("Ticket solved: publish the answer")

    question = models.ForeignKey("forum.Question", on_delete=models.CASCADE, related_name="queue_items")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    waiting_since = models.DateTimeField(_("waiting since"))
    entered_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=16, blank=True)  # "answered", "staff_answer", "dismissed", "gone"

    class Meta:
        verbose_name = _("agent queue entry")
        verbose_name_plural = _("agent queue")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "reason"], condition=Q(resolved_at__isnull=True), name="helpdesk_one_open_item"
            ),
        ]
        indexes = [
            models.Index(fields=["waiting_since"], condition=Q(resolved_at__isnull=True), name="helpdesk_queue_open"),
        ]

    def __str__(self) -> str:
        return f"question {self.question_id}: {self.reason}"


class Escalation(models.Model):
    """A thread sent to the helpdesk to become a ticket; sent by Celery, retried with back-off."""

    class Status(models.TextChoices):
        PENDING = "pending", _("sending")
        SENT = "sent", _("ticket created")
        FAILED = "failed", _("failed")

    question = models.ForeignKey("forum.Question", on_delete=models.CASCADE, related_name="escalations")
    helpdesk = models.ForeignKey(Helpdesk, on_delete=models.PROTECT, related_name="escalations")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            # One escalation in flight per thread: a double click sends one.
            models.UniqueConstraint(
                fields=["question"], condition=Q(status="pending"), name="helpdesk_one_pending_escalation"
            ),
        ]

    def __str__(self) -> str:
        return f"escalation of question {self.question_id} ({self.status})"


class ApiToken(models.Model):
    """An integration's key to the JSON API; only its hash is kept, the key is shown once when made."""

    class Scope(models.TextChoices):
        READ = "read", _("read")
        WRITE = "write", _("read and write")

    name = models.CharField(_("name"), max_length=80)
    helpdesk = models.ForeignKey(
        Helpdesk,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tokens",
        verbose_name=_("helpdesk"),
        help_text=_("The helpdesk this integration belongs to; links it makes name this system."),
    )
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    requests_per_minute = models.PositiveIntegerField(_("requests per minute"), default=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class WebhookEndpoint(models.Model):
    """An address that hears of chosen events, each delivery signed with the endpoint's secret."""

    class EventName(models.TextChoices):
        THREAD_CREATED = "thread.created", _("Thread created")
        ANSWER_ACCEPTED = "answer.accepted", _("Answer accepted")
        TICKET_ANSWERED = "ticket.answered", _("Linked thread answered (accepted or staff answer)")
        IDEA_STATUS_CHANGED = "idea.status_changed", _("Idea status changed")
        TICKET_LINKED = "ticket.linked", _("Ticket linked")

    name = models.CharField(_("name"), max_length=80)
    url = models.URLField(_("address"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=128, default=new_secret)
    events = ArrayField(models.CharField(max_length=40, choices=EventName.choices), verbose_name=_("events"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One event for one endpoint: written first, then sent by Celery and retried with back-off until it lands."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=WebhookEndpoint.EventName.choices)
    event_id = models.UUIDField()
    occurred_at = models.DateTimeField()  # when the event happened: delivered_at minus this is the delay
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="helpdesk_one_delivery_per_event"),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="helpdesk_delivery_due"),
        ]

    def __str__(self) -> str:
        return f"{self.event} to {self.endpoint_id} ({self.status})"
