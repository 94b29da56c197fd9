"""Demo helpdesk for `manage.py seed_demo`: the HeizBox team's Zendesk, two tickets linked to threads, one of
them reported solved (so its thread waits in the agent queue as "publish the answer"), the response
settings, and a CRM endpoint for webhooks, switched off until someone points it at a real address.

Made through the services, like a person would; idempotent: a helpdesk that exists is left as it is.
Unanswered demo questions reach the super users and the agent queue by themselves, through the routing
that beat runs every minute.
"""

from community.accounts.models import User
from forum.models import Question

from . import services
from .models import Helpdesk, ResponsePolicy, TicketLink, WebhookEndpoint

# ticket number, the thread's title, status the helpdesk reported ("" for none)
TICKETS = [
    ("1042", "HeizBox keeps dropping off my Wi-Fi every night", ""),
    ("1057", "App zeigt „Gerät offline“, obwohl die HeizBox grün leuchtet", "solved"),
]


def seed(people: dict[str, User]) -> None:
    if Helpdesk.objects.filter(slug="zendesk").exists():
        return
    desk = Helpdesk.objects.create(
        name="Zendesk",
        slug="zendesk",
        ticket_url="https://heizbox.zendesk.example/agent/tickets/{id}",
    )
    ResponsePolicy.objects.get_or_create(pk=1, defaults={"escalate_to": desk})
    WebhookEndpoint.objects.create(
        name="CRM (example)",
        url="https://crm.example.com/hooks/peerdesk",
        events=[choice for choice, _ in WebhookEndpoint.EventName.choices],
        is_active=False,
    )
    agent = people["alex"]
    for number, title, status in TICKETS:
        question = Question.objects.filter(title=title).first()
        if question is None:
            continue
        services.link_ticket(question=question, helpdesk=desk, external_id=number, by=agent, via=TicketLink.Via.PAGE)
        if status:
            services.set_ticket_status(helpdesk=desk, external_id=number, status=status)
