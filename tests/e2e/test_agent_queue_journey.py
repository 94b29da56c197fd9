"""Routing and the agent queue in a real browser: a customer asks; with the clock moved past the offer time
a super user of the category is told, finds it among the questions for them, and does not answer; past the
response target an agent finds the question in the queue (a table at 1280 px, cards at 375 px) and answers
as staff, which takes it out. The asker accepts, then says "still broken" on the thread; the agent reads the
note in the queue and marks it done in place.
"""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import expect

from community.accounts.models import Role
from forum import services as forum_services
from forum.models import Question
from helpdesk.models import QueueItem, ResponseRecord
from helpdesk.services import route_waiting_questions
from notifications.models import Subscription

from ..accounts.factories import UserFactory
from .conftest import at_both_widths, axe_check
from .forum_helpers import ask, browser_for, make_category

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
STILL_BROKEN = "The speaker pairs now, but it drops the connection after a minute."


def test_an_unanswered_question_reaches_the_agent_queue_and_still_broken_comes_back(page, live_server, new_context):
    category = make_category()
    customer = UserFactory(display_name="Carla Customer", established=True)
    expert = UserFactory(display_name="Sven Super", roles=[Role.SUPER_USER])
    agent = UserFactory(display_name="Ada Agent", roles=[Role.AGENT])
    Subscription.objects.create(
        user=expert, content_type=ContentType.objects.get_for_model(category), object_id=category.pk
    )
    question = ask(by=customer, category=category)
    # Asked five hours ago: the routing ran then with the clock of that time, and runs now.
    asked_at = timezone.now() - timedelta(hours=5)
    Question.objects.filter(pk=question.pk).update(created_at=asked_at)
    ResponseRecord.objects.filter(question=question).update(asked_at=asked_at)

    route_waiting_questions(now=asked_at + timedelta(minutes=31))
    expert_page = browser_for(new_context, live_server, expert)
    expert_page.goto(live_server.url + "/notifications/")
    expect(expert_page.get_by_text("A question in your topic waits for an answer")).to_be_visible()
    expert_page.goto(live_server.url + "/helpdesk/offered/")
    expect(expert_page.get_by_role("link", name=question.title)).to_be_visible()
    axe_check(expert_page, "questions for you")

    route_waiting_questions()
    agent_page = browser_for(new_context, live_server, agent)
    agent_page.goto(live_server.url + "/helpdesk/queue/")
    row = agent_page.get_by_role("row", name=question.title)
    expect(row).to_contain_text("No answer within the target")
    expect(row).to_contain_text("Target missed")
    expect(row).to_contain_text("5 h")
    axe_check(agent_page, "agent queue")
    at_both_widths(agent_page, "agent queue")

    answer = forum_services.post_answer(
        question=question, by=agent, body="Please update the speaker's firmware in the app, then pair it again."
    )
    agent_page.reload()
    expect(agent_page.get_by_text("Nothing waits for an agent")).to_be_visible()

    forum_services.accept_answer(answer=answer, by=customer)
    customer_page = browser_for(new_context, live_server, customer)
    customer_page.goto(live_server.url + question.get_absolute_url())
    customer_page.get_by_text("Still broken? Tell the team").click()
    at_both_widths(customer_page, "still broken form")
    customer_page.get_by_label("What still does not work?").fill("No")
    customer_page.get_by_role("button", name="Tell the team").click()
    expect(customer_page.locator(".field__error")).to_contain_text("at least 10 characters")
    customer_page.get_by_label("What still does not work?").fill(STILL_BROKEN)
    customer_page.get_by_role("button", name="Tell the team").click()
    expect(customer_page.get_by_text("The service team has been told")).to_be_visible()
    expect(customer_page.locator(".reply").filter(has_text=STILL_BROKEN)).to_be_visible()
    axe_check(customer_page, "still broken told")

    agent_page.reload()
    row = agent_page.get_by_role("row", name=question.title)
    expect(row).to_contain_text(STILL_BROKEN)
    row.get_by_role("button", name="Mark as done").click()
    expect(agent_page.locator("#toasts")).to_contain_text("Done: the entry left the agent queue.")
    expect(agent_page.get_by_role("row", name=question.title)).to_have_count(0)
    assert not QueueItem.objects.filter(resolved_at__isnull=True).exists()
