"""The ticket panel beside a thread, its page, a ticket's page, and who may see and use them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import AuditEntry
from helpdesk import services
from helpdesk.models import Ticket, TicketLink
from helpdesk.panels import ticket_links
from tests.accounts.factories import UserFactory
from tests.forum.factories import QuestionFactory

from .factories import HelpdeskFactory, TicketFactory, TicketLinkFactory

pytestmark = pytest.mark.django_db


def link_url(question):
    return reverse("helpdesk:question-tickets", args=[question.pk])


def page_queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


# The panel on the question page


def test_an_agent_sees_the_panel_with_the_links_and_their_status(client):
    question = QuestionFactory()
    agent = UserFactory(roles=["agent"], display_name="Alex Agent")
    desk = HelpdeskFactory(name="Zendesk", slug="zendesk")
    ticket = TicketFactory(helpdesk=desk, external_id="4711", status=Ticket.Status.PENDING)
    TicketLinkFactory(ticket=ticket, question=question, linked_by=agent)
    client.force_login(UserFactory(roles=["moderator"]))
    html = client.get(question.get_absolute_url()).content.decode()
    assert 'id="ticket-links"' in html
    assert "https://desk.example.com/tickets/4711" in html  # the number links to the ticket's address
    assert "Linked by Alex Agent" in html and "Pending" in html
    assert reverse("helpdesk:ticket-detail", args=["zendesk", "4711"]) in html
    assert reverse("helpdesk:ticket-unlink", args=[TicketLink.objects.get().pk]) in html
    ticket.status = Ticket.Status.SOLVED
    ticket.save()
    html = client.get(question.get_absolute_url()).content.decode()
    assert f"/helpdesk/publish/?question={question.pk}&amp;system=zendesk&amp;ticket=4711" in html


@pytest.mark.parametrize("roles", [None, [], ["super user"]])
def test_members_super_users_and_readers_see_nothing_of_tickets(client, roles):
    question = QuestionFactory()
    TicketLinkFactory(question=question, ticket__external_id="4711")
    if roles is not None:
        client.force_login(UserFactory(roles=roles))
    html = client.get(question.get_absolute_url()).content.decode()
    assert "ticket-links" not in html and "4711" not in html


def test_a_member_pays_no_query_for_the_panel(rf, django_assert_num_queries):
    question = QuestionFactory()
    TicketLinkFactory.create_batch(3, question=question)
    request = rf.get(question.get_absolute_url())
    request.user = UserFactory()
    request.user.has_perm("accounts.contribute")  # roles and standing, as every page has loaded them already
    with django_assert_num_queries(0):
        html = ticket_links(request, question)
    assert html == ""


def test_the_question_page_costs_the_same_for_few_and_many_links(client):
    few, many = QuestionFactory(), QuestionFactory()
    desk = HelpdeskFactory()
    HelpdeskFactory.create_batch(3)
    TicketLinkFactory.create_batch(2, question=few, ticket__helpdesk=desk)
    TicketLinkFactory.create_batch(40, question=many, ticket__helpdesk=desk)
    client.force_login(UserFactory(roles=["agent"]))
    for question in (few, many):
        client.get(question.get_absolute_url())
    few_count, _ = page_queries(client, few.get_absolute_url())
    many_count, html = page_queries(client, many.get_absolute_url())
    assert html.count("Remove ticket") == 40
    assert many_count == few_count
    assert few_count <= 30


# Linking and unlinking


def test_linking_without_javascript_redirects_with_a_message_and_records_who(client):
    question, desk, agent = QuestionFactory(), HelpdeskFactory(slug="zendesk"), UserFactory(roles=["agent"])
    client.force_login(agent)
    data = {"system": "zendesk", "ticket": "#4711", "url": "", "next": question.get_absolute_url()}
    response = client.post(link_url(question), data, follow=True)
    assert response.redirect_chain[-1][0] == question.get_absolute_url()
    assert "Ticket 4711 is linked to this thread." in response.content.decode()
    link = TicketLink.objects.get()
    assert (link.ticket.helpdesk, link.ticket.external_id, link.linked_by, link.via) == (desk, "4711", agent, "page")
    assert AuditEntry.objects.filter(action="ticket_linked", actor=agent).exists()


def test_linking_with_htmx_swaps_the_panel_and_raises_a_toast(client):
    question, _ = QuestionFactory(), HelpdeskFactory(slug="otrs")
    client.force_login(UserFactory(roles=["agent"]))
    response = client.post(
        link_url(question),
        {"system": "otrs", "ticket": "A-17", "url": "https://otrs.example.com/t/A-17"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "toast" in response["HX-Trigger"]
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="side-box ticket-links" id="ticket-links"')
    assert "https://otrs.example.com/t/A-17" in html


def test_a_duplicate_link_is_refused_with_the_input_kept(client):
    question, desk = QuestionFactory(), HelpdeskFactory(slug="zendesk")
    agent = UserFactory(roles=["agent"])
    services.link_ticket(question=question, helpdesk=desk, external_id="4711", by=agent)
    client.force_login(agent)
    data = {"system": "zendesk", "ticket": "4711", "url": "https://desk.example.com/x"}
    response = client.post(link_url(question), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "is linked to this thread already" in html
    assert 'value="https://desk.example.com/x"' in html
    htmx = client.post(link_url(question), data, headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and '"level": "error"' in htmx["HX-Trigger"]
    assert "is linked to this thread already" in htmx.content.decode()
    assert TicketLink.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"system": "zendesk", "ticket": "12 <b>"}, "A ticket number has only letters"),
        ({"system": "zendesk", "ticket": ""}, "Enter the ticket number."),
        ({"system": "nope", "ticket": "1"}, "Choose one of the listed helpdesks."),
        ({"system": "zendesk", "ticket": "1", "url": "not a url at all"}, "Enter a valid URL."),
    ],
)
def test_bad_input_is_shown_on_the_form(client, data, message):
    question = QuestionFactory()
    HelpdeskFactory(slug="zendesk")
    client.force_login(UserFactory(roles=["agent"]))
    response = client.post(link_url(question), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not TicketLink.objects.exists()


def test_an_inactive_helpdesk_is_not_offered(client):
    question = QuestionFactory()
    HelpdeskFactory(slug="old", is_active=False)
    client.force_login(UserFactory(roles=["agent"]))
    response = client.post(link_url(question), {"system": "old", "ticket": "1"})
    assert response.status_code == 422
    assert not TicketLink.objects.exists()


def test_unlinking_with_and_without_javascript(client):
    agent = UserFactory(roles=["agent"])
    first, second = TicketLinkFactory(ticket__external_id="1"), TicketLinkFactory(ticket__external_id="2")
    client.force_login(agent)
    response = client.post(reverse("helpdesk:ticket-unlink", args=[first.pk]))
    assert response.status_code == 302 and response.url == first.question.get_absolute_url()
    response = client.post(reverse("helpdesk:ticket-unlink", args=[second.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 200 and "toast" in response["HX-Trigger"]
    assert "No ticket is linked to this thread yet." in response.content.decode()
    assert not TicketLink.objects.exists()
    assert AuditEntry.objects.filter(action="ticket_unlinked", actor=agent).count() == 2


@pytest.mark.parametrize("roles", [[], ["super user"]])
def test_members_and_super_users_get_403_and_nothing_changes(client, roles):
    link, question = TicketLinkFactory(), QuestionFactory()
    HelpdeskFactory(slug="zendesk")
    client.force_login(UserFactory(roles=roles))
    assert client.post(link_url(question), {"system": "zendesk", "ticket": "1"}).status_code == 403
    assert client.get(link_url(question)).status_code == 403
    assert client.post(reverse("helpdesk:ticket-unlink", args=[link.pk])).status_code == 403
    ticket = link.ticket
    assert (
        client.get(reverse("helpdesk:ticket-detail", args=[ticket.helpdesk.slug, ticket.external_id])).status_code
        == 403
    )
    assert TicketLink.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client):
    link = TicketLinkFactory()
    ticket = link.ticket
    for response in (
        client.post(link_url(link.question), {"system": ticket.helpdesk.slug, "ticket": "1"}),
        client.post(reverse("helpdesk:ticket-unlink", args=[link.pk])),
        client.get(reverse("helpdesk:ticket-detail", args=[ticket.helpdesk.slug, ticket.external_id])),
    ):
        assert response.status_code == 302 and "/login/" in response.url
    assert TicketLink.objects.count() == 1


# The ticket's page


def test_the_ticket_page_lists_its_threads_and_its_status(client):
    desk = HelpdeskFactory(name="Zendesk", slug="zendesk")
    ticket = TicketFactory(helpdesk=desk, external_id="4711", status=Ticket.Status.SOLVED)
    solved = QuestionFactory(title="Printer prints blank pages since the update", is_solved=True)
    TicketLinkFactory(ticket=ticket, question=solved, linked_by=UserFactory(roles=["agent"], display_name="Alex Agent"))
    TicketLinkFactory(ticket=ticket, linked_by=None, via=TicketLink.Via.API)
    TicketLinkFactory(ticket__external_id="9999")  # another ticket's thread
    client.force_login(UserFactory(roles=["agent"]))
    response = client.get(reverse("helpdesk:ticket-detail", args=["zendesk", "4711"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ticket 4711 in Zendesk" in html and "Solved" in html
    assert solved.get_absolute_url() in html and "Alex Agent" in html and "an integration" in html
    assert html.count("<tr>") == 3  # the head and two threads


def test_an_unknown_ticket_or_system_is_404(client):
    TicketFactory(helpdesk__slug="zendesk", external_id="1")
    client.force_login(UserFactory(roles=["moderator"]))
    assert client.get(reverse("helpdesk:ticket-detail", args=["zendesk", "2"])).status_code == 404
    assert client.get(reverse("helpdesk:ticket-detail", args=["other", "1"])).status_code == 404


def test_the_ticket_page_costs_the_same_for_few_and_many_threads(client, django_assert_max_num_queries):
    few, many = TicketFactory(), TicketFactory()
    TicketLinkFactory.create_batch(2, ticket=few)
    TicketLinkFactory.create_batch(40, ticket=many)
    client.force_login(UserFactory(roles=["agent"]))
    counts = []
    client.get(reverse("helpdesk:ticket-detail", args=[few.helpdesk.slug, few.external_id]))  # the session's first page
    for ticket in (few, many):
        url = reverse("helpdesk:ticket-detail", args=[ticket.helpdesk.slug, ticket.external_id])
        with django_assert_max_num_queries(8):
            counts.append(page_queries(client, url)[0])
    assert counts[0] == counts[1]


def test_the_thread_tickets_page_without_javascript(client):
    link = TicketLinkFactory(ticket__external_id="4711")
    client.force_login(UserFactory(roles=["agent"]))
    response = client.get(link_url(link.question))
    assert response.status_code == 200 and "4711" in response.content.decode()
    assert client.get(link_url(QuestionFactory.build(pk=999999))).status_code == 404


def test_the_audit_log_shows_links_and_unlinks_readably(client):
    agent = UserFactory(roles=["agent"], display_name="Alex Agent")
    question, desk = QuestionFactory(), HelpdeskFactory(slug="zendesk")
    link = services.link_ticket(question=question, helpdesk=desk, external_id="4711", by=agent)
    services.unlink_ticket(link=link, by=agent)
    client.force_login(UserFactory(roles=["admin"]))
    html = client.get(reverse("moderation:audit")).content.decode()
    assert "Ticket linked" in html and "Ticket unlinked" in html
    assert f"zendesk #4711 · /q/{question.pk}/" in html
