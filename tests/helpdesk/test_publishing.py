"""Publishing what solved a ticket as a staff answer, with the customer's data left out."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from forum.models import Answer, Question
from helpdesk import redaction, services
from helpdesk.models import QueueItem, TicketLink
from tests.accounts.factories import UserFactory
from tests.forum.factories import CategoryFactory, QuestionFactory

from .factories import HelpdeskFactory, TicketLinkFactory

pytestmark = pytest.mark.django_db

PUBLISH = reverse("helpdesk:publish")
SOLUTION = (
    "Dear Erika Mustermann, thanks for the call from +49 30 1234567 and your mail from erika@example.com. "
    "The refund goes to DE89 3704 0044 0532 0130 00. Firmware 2.4.11 from 05.01.2024 fixes the sync; "
    "update it under Settings > Device."
)


# Redaction


def test_emails_phones_ibans_and_the_customers_name_are_removed():
    result = redaction.redact(SOLUTION, customer_name="Erika Mustermann")
    assert "erika@example.com" not in result.text and "1234567" not in result.text
    assert "DE89" not in result.text and "Mustermann" not in result.text
    assert "Firmware 2.4.11 from 05.01.2024" in result.text  # versions and dates stay
    assert result.text.startswith("Dear [removed], thanks for the call from [removed]")
    assert sorted(kind for kind, _ in result.removed) == ["email", "iban", "name", "phone"]
    assert "phone number: +49 30 1234567" in redaction.describe(result.removed)


@pytest.mark.parametrize(
    "kept",
    ["Ticket 4711 is solved.", "Use port 8080 on 192.168.0.1.", "Version 10.0.19045 build", "Call us at 2 pm."],
)
def test_ordinary_numbers_stay(kept):
    assert redaction.redact(kept).text == kept


def test_a_first_name_alone_is_removed_too_but_not_inside_words():
    result = redaction.redact("Hi erika, Erikas router; Mustermann said", customer_name="Erika Mustermann")
    assert result.text == "Hi [removed], Erikas router; [removed] said"


# The service


def test_a_solution_on_an_existing_thread_is_a_staff_answer_and_links_the_ticket(django_capture_on_commit_callbacks):
    agent, desk, question = UserFactory(roles=["agent"]), HelpdeskFactory(slug="zendesk"), QuestionFactory()
    item = QueueItem.objects.create(question=question, reason="publish_answer", waiting_since=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        published = services.publish_solution(
            by=agent, helpdesk=desk, external_id="4711", answer_body=SOLUTION, question=question, customer_name="Erika"
        )
    answer = Answer.objects.get()
    assert (answer.author, answer.question) == (agent, question)
    assert "erika@example.com" not in answer.body and "[removed]" in answer.body
    link = TicketLink.objects.get()
    assert (link.question, link.ticket.external_id, link.via, link.linked_by) == (question, "4711", "published", agent)
    item.refresh_from_db()
    assert item.resolved_at is not None and item.resolution == "staff_answer"
    assert published.removed and not published.created_thread


def test_a_thread_linked_to_the_ticket_already_keeps_its_one_link():
    agent, link = UserFactory(roles=["agent"]), TicketLinkFactory(ticket__external_id="4711")
    services.publish_solution(
        by=agent,
        helpdesk=link.ticket.helpdesk,
        external_id="4711",
        answer_body="Update the firmware to 2.4, then restart.",
        question=link.question,
    )
    assert TicketLink.objects.get() == link
    assert Answer.objects.filter(question=link.question, author=agent).exists()


def test_a_new_thread_is_asked_by_the_agent_without_the_customer_data():
    agent, desk, category = UserFactory(roles=["agent"]), HelpdeskFactory(), CategoryFactory()
    published = services.publish_solution(
        by=agent,
        helpdesk=desk,
        external_id="88",
        answer_body="Update the firmware to 2.4 and the sync works again.",
        title="Sync stops for Erika Mustermann after the update",
        body="Customer erika@example.com reports that the calendar sync stops after the update.",
        category=category,
        tags=["sync"],
        customer_name="Erika Mustermann",
    )
    question = published.question
    assert published.created_thread and question.author == agent
    assert question.title == "Sync stops for [removed] after the update"
    assert "erika@example.com" not in question.body
    assert list(question.tags.names()) == ["sync"]
    assert Answer.objects.get().question == question
    assert len(published.removed) == 2


def test_when_the_answer_is_refused_nothing_is_kept():
    agent, desk, category = UserFactory(roles=["agent"]), HelpdeskFactory(), CategoryFactory()
    with pytest.raises(ValidationError) as refused:
        services.publish_solution(
            by=agent,
            helpdesk=desk,
            external_id="88",
            answer_body="Too short",
            title="Sync stops after the update to 2.4",
            body="The calendar sync stops after the update, on every device.",
            category=category,
        )
    assert "answer" in refused.value.message_dict
    assert not Question.objects.exists() and not TicketLink.objects.exists()


@pytest.mark.parametrize("roles", [[], ["super user"]])
def test_members_and_super_users_cannot_publish(roles):
    with pytest.raises(PermissionDenied):
        services.publish_solution(
            by=UserFactory(roles=roles),
            helpdesk=HelpdeskFactory(),
            external_id="1",
            answer_body="Update the firmware to 2.4.",
            question=QuestionFactory(),
        )
    assert not Answer.objects.exists()


# The page


def test_the_page_publishes_and_says_what_was_left_out(client):
    HelpdeskFactory(slug="zendesk")
    agent, question = UserFactory(roles=["agent"]), QuestionFactory()
    client.force_login(agent)
    data = {
        "system": "zendesk",
        "ticket": "4711",
        "question": f"https://community.example.com{question.get_absolute_url()}",
        "answer": SOLUTION,
        "customer_name": "Erika Mustermann",
    }
    response = client.post(PUBLISH, data, follow=True)
    answer = Answer.objects.get()
    assert response.redirect_chain[-1][0] == f"{question.get_absolute_url()}#answer-{answer.pk}"
    html = response.content.decode()
    assert "published as a staff answer" in html
    assert "Left out as customer data (4)" in html and "email address: erika@example.com" in html
    assert answer.author == agent and "[removed]" in answer.body


def test_the_preview_shows_what_is_removed_and_saves_nothing(client):
    HelpdeskFactory(slug="zendesk")
    question = QuestionFactory()
    client.force_login(UserFactory(roles=["agent"]))
    data = {"system": "zendesk", "ticket": "4711", "question": str(question.pk), "answer": SOLUTION, "preview": "1"}
    response = client.post(PUBLISH, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview: what will be published" in html and "phone number: +49 30 1234567" in html
    assert SOLUTION[:20] in html  # the text stays in the box
    assert not Answer.objects.exists() and not TicketLink.objects.exists()


def test_a_queue_entry_opens_the_page_filled_in(client, django_assert_max_num_queries):
    desk, question = HelpdeskFactory(slug="zendesk"), QuestionFactory()
    CategoryFactory.create_batch(5)
    client.force_login(UserFactory(roles=["agent"]))
    client.get(PUBLISH)
    with django_assert_max_num_queries(12):
        response = client.get(PUBLISH, {"question": question.pk, "system": desk.slug, "ticket": "4711"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{question.pk}"' in html and 'value="4711"' in html
    assert '<option value="zendesk" selected>' in html


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"question": "999999"}, "No thread has this number or address."),
        ({"question": ""}, "Give the new thread a title, or name an existing thread."),
        ({"answer": "short"}, "at least 10 characters"),
        ({"ticket": "47 11"}, "A ticket number has only letters"),
        ({"system": "nope"}, "Choose one of the listed helpdesks."),
        (
            {
                "question": "",
                "title": "Hi",
                "body": "The calendar sync stops after the update, always.",
                "category": "x",
            },
            "",
        ),
    ],
)
def test_bad_input_shows_on_the_form_with_everything_kept(client, data, field_message):
    HelpdeskFactory(slug="zendesk")
    question = QuestionFactory()
    client.force_login(UserFactory(roles=["agent"]))
    posted = {"system": "zendesk", "ticket": "4711", "question": str(question.pk), "answer": "Update to 2.4 please."}
    posted.update(data)
    response = client.post(PUBLISH, posted)
    assert response.status_code == 422
    html = response.content.decode()
    assert field_message in html and "There is a problem" in html
    assert posted["answer"] in html
    assert not Answer.objects.exists()


def test_a_new_threads_title_refused_by_the_forum_shows_at_the_title(client):
    HelpdeskFactory(slug="zendesk")
    category = CategoryFactory()
    client.force_login(UserFactory(roles=["agent"]))
    data = {
        "system": "zendesk",
        "ticket": "1",
        "title": "Short",
        "body": "The calendar sync stops after the update, on every device.",
        "category": category.pk,
        "answer": "Update the firmware to 2.4.",
    }
    response = client.post(PUBLISH, data)
    assert response.status_code == 422
    assert response.context["form"].errors.get("title")
    assert not Question.objects.exists()


@pytest.mark.parametrize("roles", [[], ["super user"]])
def test_members_get_403_and_anonymous_visitors_sign_in(client, roles):
    assert client.get(PUBLISH).status_code == 302
    client.force_login(UserFactory(roles=roles))
    assert client.get(PUBLISH).status_code == 403
    assert client.post(PUBLISH, {"answer": "x"}).status_code == 403
