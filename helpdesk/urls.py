from django.urls import path

from .views import escalation as escalation_views
from .views import offers, on_behalf, queue, still_broken, tickets
from .views import webhooks as webhook_views

app_name = "helpdesk"

urlpatterns = [
    path("questions/<int:pk>/tickets/", tickets.question_tickets, name="question-tickets"),
    path("links/<int:pk>/remove/", tickets.ticket_unlink, name="ticket-unlink"),
    path("tickets/<slug:system>/<path:number>/", tickets.ticket_detail, name="ticket-detail"),
    path("inbound/<slug:system>/status", tickets.inbound_status, name="inbound-status"),
    path("publish/", tickets.publish, name="publish"),
    path("threads/<int:pk>/escalate/", escalation_views.thread_escalate, name="thread-escalate"),
    path("webhooks/", webhook_views.webhook_log, name="webhook-log"),
    path("webhooks/<int:pk>/send-again/", webhook_views.webhook_send_again, name="webhook-send-again"),
    # Posting for a customer who phoned or wrote in.
    path("on-behalf/ask/", on_behalf.on_behalf_ask, name="on-behalf-ask"),
    path("on-behalf/answer/<int:pk>/", on_behalf.on_behalf_answer, name="on-behalf-answer"),
    # Routing and the agent queue
    path("queue/", queue.agent_queue, name="queue"),
    path("queue/<int:pk>/done/", queue.queue_item_done, name="queue-item-done"),
    path("threads/<int:pk>/still-broken/", still_broken.still_broken, name="still-broken"),
    path("offered/", offers.offered_questions, name="offers"),
]
