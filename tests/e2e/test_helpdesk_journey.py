"""The helpdesk end to end, as the issue walks it: a customer asks in the browser; a super user who follows the
category is offered the question and does not answer; past the response target it waits in the agent queue;
an agent answers there as staff (the answer wears the staff mark) and links ticket 4711 beside the thread;
the asker accepts; the agent is told, with the answer's address to paste into the ticket, and the CRM's
webhook receives it signed; the API, with a read token, returns the thread for ticket 4711; the helpdesk's
signed status report marks 4711 solved, which the agent sees on the link. Phone width for the customer,
axe on the agent's pages.
"""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import expect

from community.accounts.models import Role
from forum.models import Question
from helpdesk import signing
from helpdesk.models import ApiToken, Helpdesk, ResponseRecord, Ticket, WebhookEndpoint
from helpdesk.services import route_waiting_questions
from helpdesk.services.tokens import create_token
from notifications.models import Subscription

from ..accounts.factories import UserFactory
from ..helpdesk.receiver import Receiver
from .conftest import PHONE, at_both_widths, axe_check
from .forum_helpers import browser_for, make_category

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "The thermostat shows error E42 after the update"
BODY = "Since this morning's update the display shows E42 and the heating stays off. What can I do?"
ANSWER = "E42 means the radio module lost its pairing. Hold the pairing button for five seconds, then restart."


@pytest.fixture
def crm():
    server = Receiver(secret="crm-secret").start()
    yield server
    server.stop()


def test_asked_offered_queued_answered_linked_accepted_and_reported(page, live_server, new_context, crm):
    category = make_category()
    customer = UserFactory(display_name="Carla Customer", established=True)
    expert = UserFactory(display_name="Sven Super", roles=[Role.SUPER_USER])
    agent = UserFactory(display_name="Ada Agent", roles=[Role.AGENT])
    Subscription.objects.create(
        user=expert, content_type=ContentType.objects.get_for_model(category), object_id=category.pk
    )
    zendesk = Helpdesk.objects.create(
        name="Zendesk", slug="zendesk", ticket_url="https://acme.zendesk.example/agent/tickets/{id}"
    )
    WebhookEndpoint.objects.create(name="CRM", url=crm.url, secret="crm-secret", events=["ticket.answered"])
    admin = UserFactory(roles=[Role.ADMIN])
    _, read_key = create_token(by=admin, name="Zendesk sidebar", scope=ApiToken.Scope.READ, helpdesk=zendesk)

    # The customer asks, on a phone.
    customer_page = browser_for(new_context, live_server, customer)
    customer_page.set_viewport_size(PHONE)
    customer_page.goto(live_server.url + "/ask/")
    customer_page.get_by_label("Title", exact=True).fill(TITLE)
    customer_page.get_by_label("Details").fill(BODY)
    customer_page.get_by_label("Category").select_option(label=category.name)
    customer_page.get_by_role("button", name=re.compile("Post your question")).click()
    expect(customer_page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    question = Question.objects.get(title=TITLE)

    # The clock moves: 31 minutes after asking the super user of the category is offered it.
    asked_at = timezone.now() - timedelta(hours=5)
    Question.objects.filter(pk=question.pk).update(created_at=asked_at)
    ResponseRecord.objects.filter(question=question).update(asked_at=asked_at)
    route_waiting_questions(now=asked_at + timedelta(minutes=31))
    expert_page = browser_for(new_context, live_server, expert)
    expert_page.goto(live_server.url + "/notifications/")
    offered = expert_page.get_by_role("link", name=re.compile("A question in your topic waits for an answer"))
    expect(offered).to_contain_text(TITLE)
    expect(offered).to_have_attribute("href", question.get_absolute_url())

    # He does not answer; past the response target the question waits for an agent.
    route_waiting_questions()
    agent_page = browser_for(new_context, live_server, agent)
    agent_page.goto(live_server.url + "/helpdesk/queue/")
    row = agent_page.get_by_role("row", name=TITLE)
    expect(row).to_contain_text("No answer within the target")
    expect(row).to_contain_text("Target missed")
    axe_check(agent_page, "agent queue")

    # The agent answers as staff from the queue and links ticket 4711 beside the thread.
    row.get_by_role("link", name=TITLE).click()
    agent_page.get_by_role("textbox", name="Your answer").fill(ANSWER)
    agent_page.get_by_role("button", name="Post your answer").click()
    answer_box = agent_page.locator(".post--answer").filter(has_text="E42 means")
    expect(answer_box.locator(".mark--staff")).to_have_text("Staff")
    panel = agent_page.locator("#ticket-links")
    panel.get_by_label("Ticket number").fill("4711")
    panel.get_by_role("button", name="Link this ticket").click()
    expect(panel.get_by_role("link", name="#4711")).to_have_attribute(
        "href", "https://acme.zendesk.example/agent/tickets/4711"
    )
    panel.get_by_label("Ticket number").fill("4711")
    panel.get_by_role("button", name="Link this ticket").click()
    expect(agent_page.locator("#toasts")).to_contain_text("The ticket was not linked: see the form.")
    expect(panel).to_contain_text("Ticket 4711 is linked to this thread already.")
    axe_check(agent_page, "thread with ticket panel")
    at_both_widths(agent_page, "thread with ticket panel")
    agent_page.goto(live_server.url + "/helpdesk/queue/")
    expect(agent_page.get_by_text("Nothing waits for an agent")).to_be_visible()

    # The asker accepts; the agent hears of it with the answer's address, and the CRM receives it signed.
    customer_page.reload()
    expect(customer_page.get_by_text("Linked tickets")).to_have_count(0)  # members never see ticket links
    customer_page.get_by_role("button", name="Accept this answer").click()
    expect(customer_page.locator("#toasts")).to_contain_text("Answer accepted.")
    at_both_widths(customer_page, "helpdesk journey accepted")
    answer_id = question.answers.get().pk
    agent_page.goto(live_server.url + "/notifications/")
    told = agent_page.get_by_text(re.compile(r"A thread linked to ticket Zendesk #4711 got an accepted answer"))
    expect(told).to_be_visible()
    expect(told).to_contain_text(f"/q/{question.pk}/")
    expect(told).to_contain_text(f"#answer-{answer_id}")
    accepted = [r for r in crm.received if r.json.get("event") == "ticket.answered" and r.json["data"]["accepted"]]
    assert len(accepted) == 1 and accepted[0].verified, crm.received
    assert "4711" in json.dumps(accepted[0].json)

    # The helpdesk's sidebar asks the API for the threads of ticket 4711.
    api = agent_page.request.get(
        f"{live_server.url}/api/helpdesk/tickets/zendesk/4711/threads",
        headers={"Authorization": f"Bearer {read_key}"},
    )
    assert api.status == 200, api.text()
    threads = api.json()["threads"]
    assert [(t["thread"]["id"], t["thread"]["solved"]) for t in threads] == [(question.pk, True)]
    refused = agent_page.request.post(
        f"{live_server.url}/api/helpdesk/tickets/zendesk/4711/status",
        headers={"Authorization": f"Bearer {read_key}", "Content-Type": "application/json"},
        data=json.dumps({"status": "solved"}),
    )
    assert refused.status == 403  # a read token does not write

    # The helpdesk reports 4711 solved through the signed inbound endpoint; a forged report changes nothing.
    body = json.dumps({"ticket_id": "4711", "status": "solved"}).encode()
    inbound = f"{live_server.url}/helpdesk/inbound/zendesk/status"
    forged = agent_page.request.post(
        inbound, data=body, headers={**signing.headers_for("wrong", body), "Content-Type": "application/json"}
    )
    assert forged.status == 401
    assert Ticket.objects.get(external_id="4711").status == ""
    reported = agent_page.request.post(
        inbound, data=body, headers={**signing.headers_for(zendesk.secret, body), "Content-Type": "application/json"}
    )
    assert reported.status == 200, reported.text()
    agent_page.goto(live_server.url + question.get_absolute_url())
    expect(agent_page.locator("#ticket-links")).to_contain_text("Solved")
