import factory
from django.utils import timezone

from helpdesk.models import Helpdesk, QueueItem, Ticket, TicketLink, WebhookEndpoint
from tests.accounts.factories import UserFactory
from tests.forum.factories import QuestionFactory


class HelpdeskFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Helpdesk {n}")
    slug = factory.Sequence(lambda n: f"desk{n}")
    ticket_url = "https://desk.example.com/tickets/{id}"

    class Meta:
        model = Helpdesk


class TicketFactory(factory.django.DjangoModelFactory):
    helpdesk = factory.SubFactory(HelpdeskFactory)
    external_id = factory.Sequence(lambda n: str(4700 + n))

    class Meta:
        model = Ticket


class TicketLinkFactory(factory.django.DjangoModelFactory):
    ticket = factory.SubFactory(TicketFactory)
    question = factory.SubFactory(QuestionFactory)
    linked_by = factory.SubFactory(UserFactory, roles=["agent"])

    class Meta:
        model = TicketLink


class WebhookEndpointFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Endpoint {n}")
    url = "http://127.0.0.1:9/hook"
    events = factory.LazyFunction(lambda: [choice for choice, _ in WebhookEndpoint.EventName.choices])

    class Meta:
        model = WebhookEndpoint


class QueueItemFactory(factory.django.DjangoModelFactory):
    question = factory.SubFactory(QuestionFactory)
    reason = "unanswered"
    waiting_since = factory.LazyFunction(timezone.now)

    class Meta:
        model = QueueItem
