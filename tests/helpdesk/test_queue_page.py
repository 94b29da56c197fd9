"""The agent queue page: who sees it, its order, filter, pages and query budget, and marking entries done."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community import staff
from community.accounts.models import Role
from helpdesk.models import QueueItem
from tests.accounts.factories import UserFactory
from tests.forum.factories import CategoryFactory, QuestionFactory

from .factories import QueueItemFactory, TicketFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("helpdesk:queue")
# The person (their session, roles and restriction are cached), the count and the page of entries, the response
# settings and the categories of the filter. A first visit adds 4 every page pays before caches are warm.
QUEUE_QUERIES = 5


def item(hours: float, **fields) -> QueueItem:
    return QueueItemFactory(waiting_since=timezone.now() - timedelta(hours=hours), **fields)


@pytest.mark.parametrize("roles", [[Role.AGENT], [Role.MODERATOR], [Role.ADMIN]])
def test_staff_see_the_queue_longest_waiting_first(client, roles):
    fresh = item(1, question=QuestionFactory(title="A question asked an hour ago"))
    old = item(26, question=QuestionFactory(title="A question asked yesterday"), reason="escalated")
    client.force_login(UserFactory(roles=roles))
    response = client.get(QUEUE)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index(old.question.title) < page.index(fresh.question.title)
    assert "Escalated" in page and "1 d 2 h" in page and "1 h" in page
    assert page.count("Target missed") == 1 and "Within target" in page


@pytest.mark.parametrize("roles", [[], [Role.SUPER_USER]])
def test_members_and_super_users_are_refused(client, roles):
    item(1)
    client.force_login(UserFactory(roles=roles))
    assert client.get(QUEUE).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    assert client.get(QUEUE).status_code == 302


def test_the_queue_filters_by_category(client):
    router, app = CategoryFactory(name="Routers"), CategoryFactory(name="The app")
    in_router = item(3, question=QuestionFactory(category=router, title="The router drops the line at night"))
    in_app = item(5, question=QuestionFactory(category=app, title="The app logs me out every hour"))
    client.force_login(UserFactory(roles=[Role.AGENT]))
    page = client.get(QUEUE, {"category": router.pk}).content.decode()
    assert in_router.question.title in page and in_app.question.title not in page
    assert "Routers" in page and "The app" in page  # both stay in the select
    for nonsense in ("nonsense", "²", "9" * 30, "9" * 5000):
        response = client.get(QUEUE, {"category": nonsense})
        assert response.status_code == 200 and in_app.question.title in response.content.decode()


def test_the_queue_shows_ticket_and_note_and_leaves_out_resolved_and_gone_threads(client):
    ticket = TicketFactory(external_id="4711")
    item(2, ticket=ticket, reason="publish_answer")
    item(3, reason="still_broken", note="The light still blinks red after the reset.")
    item(4, question=QuestionFactory(title="Resolved an hour ago, nothing to do"), resolved_at=timezone.now())
    item(4, question=QuestionFactory(title="Deleted by its author, nothing to do", deleted_at=timezone.now()))
    client.force_login(UserFactory(roles=[Role.AGENT]))
    page = client.get(QUEUE).content.decode()
    assert f"{ticket.helpdesk.slug} #4711" in page and ticket.address in page
    assert "The light still blinks red after the reset." in page
    assert "nothing to do" not in page
    assert "2 threads wait" in page


def test_the_queue_pages_and_costs_the_same_queries_for_2_and_50_entries(client, django_assert_num_queries):
    agent = UserFactory(roles=[Role.AGENT])
    client.force_login(agent)
    for hours in range(2):
        item(hours, question=QuestionFactory(category=CategoryFactory()), ticket=TicketFactory())
    client.get(QUEUE)  # the person, their roles and the footer are cached for the next pages
    with django_assert_num_queries(QUEUE_QUERIES):
        assert client.get(QUEUE).status_code == 200
    for hours in range(48):
        item(hours + 2, question=QuestionFactory(category=CategoryFactory()), ticket=TicketFactory())
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(QUEUE)
    assert response.content.decode().count('id="queue-item-') == 50
    item(100)
    second = client.get(QUEUE, {"page": 2}).content.decode()
    assert second.count('id="queue-item-') == 1 and "Page 2 of 2" in second


def test_an_agent_marks_an_entry_done_without_javascript(client):
    entry = item(5)
    agent = UserFactory(roles=[Role.AGENT])
    client.force_login(agent)
    url = reverse("helpdesk:queue-item-done", args=[entry.pk])
    response = client.post(url, {"next": f"{QUEUE}?page=1"})
    assert response.status_code == 302 and response["Location"] == f"{QUEUE}?page=1"
    entry.refresh_from_db()
    assert (entry.resolution, entry.resolved_by, entry.resolved_at is not None) == ("dismissed", agent, True)
    assert client.post(url, {"next": "https://evil.example/"})["Location"] == QUEUE  # a second click: no harm


def test_an_agent_marks_an_entry_done_in_place(client):
    entry = item(5)
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    response = client.post(reverse("helpdesk:queue-item-done", args=[entry.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.content == b""
    assert "toast" in response.headers["HX-Trigger"]
    assert QueueItem.objects.get(pk=entry.pk).resolution == "dismissed"


@pytest.mark.parametrize("roles", [[], [Role.SUPER_USER]])
def test_others_cannot_mark_entries_done(client, roles):
    entry = item(5)
    client.force_login(UserFactory(roles=roles))
    assert client.post(reverse("helpdesk:queue-item-done", args=[entry.pk])).status_code == 403
    assert QueueItem.objects.get(pk=entry.pk).resolved_at is None


def test_the_staff_menu_counts_what_waits():
    item(1)
    item(2)
    item(3, resolved_at=timezone.now())
    agent, member = UserFactory(roles=[Role.AGENT]), UserFactory()
    entries = {entry.page.code: entry for entry in staff.entries_for(agent)}
    assert entries["agent_queue"].count == 2
    assert entries["agent_queue"].waiting_text == "2 threads wait for an agent"
    assert "agent_queue" not in {entry.page.code for entry in staff.entries_for(member)}
