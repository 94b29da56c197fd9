"""The pages where an agent posts for a customer, and how such posts show on the question page."""

import re

import pytest
from django.urls import reverse

from community.accounts.models import Role
from forum.models import Answer, Category, Question
from moderation import suspensions
from tests.accounts.factories import UserFactory
from tests.forum.factories import CategoryFactory, QuestionFactory, thread_with
from tests.support import queries_for

pytestmark = pytest.mark.django_db

ASK = reverse("helpdesk:on-behalf-ask")
TITLE = "My router drops the connection every evening"
BODY = "Customer says: since the update the router drops Wi-Fi around 8 pm, a restart helps for an hour."


@pytest.fixture
def agent():
    return UserFactory(roles=[Role.AGENT], display_name="Alex Agent", handle="alex")


@pytest.fixture
def customer():
    return UserFactory(display_name="Carla Kundin", handle="carla", email="carla@example.com")


def _ask_data(category, **changes) -> dict:
    data = {"customer": "@carla", "title": TITLE, "body": BODY, "category": category.pk, "tags": "router"}
    data.update(language="", **changes)
    return data


def test_only_agents_moderators_and_admins_open_the_pages(client):
    question = QuestionFactory()
    answer_page = reverse("helpdesk:on-behalf-answer", args=[question.pk])
    assert client.get(ASK).status_code == 302  # to the sign-in page
    for roles in ([], [Role.SUPER_USER]):
        client.force_login(UserFactory(roles=roles))
        assert client.get(ASK).status_code == 403
        assert client.get(answer_page).status_code == 403
        assert client.post(answer_page, {"customer": "@x", "body": BODY}).status_code == 403
    for role in (Role.AGENT, Role.MODERATOR, Role.ADMIN):
        client.force_login(UserFactory(roles=[role]))
        assert client.get(ASK).status_code == 200
        assert client.get(answer_page).status_code == 200
    assert not Answer.objects.exists()


def test_an_unknown_customer_is_an_error_that_keeps_everything_typed(client, agent):
    category = CategoryFactory()
    client.force_login(agent)
    response = client.post(ASK, _ask_data(category, customer="@nobody-here"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "No member with this handle or address." in html
    assert TITLE in html and BODY in html and 'value="@nobody-here"' in html and 'value="router"' in html
    response = client.post(ASK, _ask_data(category, customer="nobody@example.com"))
    assert "No member with this handle or address." in response.content.decode()
    assert not Question.objects.exists()


def test_a_suspended_customer_is_refused_on_the_form(client, agent, customer):
    moderator = UserFactory(roles=[Role.MODERATOR])
    suspensions.restrict_member(person=customer, by=moderator, kind="suspended", reason="Abuse.", ends_at=None)
    client.force_login(agent)
    response = client.post(ASK, _ask_data(CategoryFactory()))
    assert response.status_code == 422
    assert "Carla Kundin is suspended" in response.content.decode() and TITLE in response.content.decode()
    assert not Question.objects.exists()


def test_asking_for_a_customer_by_address_lands_on_their_question(client, agent, customer):
    client.force_login(agent)
    response = client.post(ASK, _ask_data(CategoryFactory(), customer="Carla@Example.com"), follow=True)
    question = Question.objects.get()
    assert response.redirect_chain[-1][0] == question.get_absolute_url()
    assert (question.author, question.on_behalf_by) == (customer, agent)
    html = response.content.decode()
    assert "Posted for Carla Kundin." in html
    assert _posted_by(agent, customer) in _text(html)


def test_answering_for_a_customer_lands_on_the_answer(client, agent, customer):
    question = QuestionFactory()
    client.force_login(agent)
    page = reverse("helpdesk:on-behalf-answer", args=[question.pk])
    response = client.post(page, {"customer": "@carla", "body": "Set the Wi-Fi channel to 6 instead of automatic."})
    answer = Answer.objects.get()
    assert response.status_code == 302 and response.url == answer.get_absolute_url()
    assert (answer.author, answer.on_behalf_by) == (customer, agent)
    assert _posted_by(agent, customer) in _text(client.get(question.get_absolute_url()).content.decode())


def test_answering_for_yourself_is_refused_with_the_reason(client, agent):
    question = QuestionFactory()
    client.force_login(agent)
    page = reverse("helpdesk:on-behalf-answer", args=[question.pk])
    response = client.post(page, {"customer": "@alex", "body": "Set the Wi-Fi channel to 6 instead of automatic."})
    assert response.status_code == 422 and "You cannot post for yourself here" in response.content.decode()
    assert not Answer.objects.exists()


def test_the_question_page_offers_agents_to_answer_for_a_customer(client, agent):
    question = QuestionFactory()
    link = reverse("helpdesk:on-behalf-answer", args=[question.pk])
    assert link not in client.get(question.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    assert link not in client.get(question.get_absolute_url()).content.decode()
    client.force_login(agent)
    assert link in client.get(question.get_absolute_url()).content.decode()


def test_the_staff_menu_leads_agents_to_ask_for_a_customer(agent):
    from community import staff

    assert ASK in [page.url for page in staff.pages_for(agent)]
    assert ASK not in [page.url for page in staff.pages_for(UserFactory(roles=[Role.SUPER_USER]))]


# Query budgets: posts written for customers cost nothing more on the question page, however many.


def _for_customers(question: Question) -> None:
    agent = UserFactory(roles=[Role.AGENT])
    Question.objects.filter(pk=question.pk).update(on_behalf_by=agent)
    Answer.objects.filter(question=question).update(on_behalf_by=agent)


def test_the_question_page_costs_the_same_with_posts_for_customers(client):
    small, large = thread_with(2, 3), thread_with(200, 1000)
    before = queries_for(client, small.get_absolute_url())
    for question in (small, large):
        _for_customers(question)
    from forum import fragments

    for question in (small, large):
        fragments.thread_changed(question.pk)
    small_count = queries_for(client, small.get_absolute_url())
    assert small_count == queries_for(client, large.get_absolute_url()) == before <= 10
    assert "posted by" in client.get(large.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    assert queries_for(client, small.get_absolute_url()) == queries_for(client, large.get_absolute_url()) <= 15


def test_an_agent_reads_the_question_page_within_the_members_budget(client, agent):
    small, large = thread_with(2, 3), thread_with(200, 1000)
    _for_customers(large)
    client.force_login(agent)
    assert queries_for(client, small.get_absolute_url()) == queries_for(client, large.get_absolute_url()) <= 15


def test_the_pages_cost_the_same_for_few_and_many_categories(client, agent, django_assert_max_num_queries):
    question = QuestionFactory()
    client.force_login(agent)
    answer_page = reverse("helpdesk:on-behalf-answer", args=[question.pk])
    few = (queries_for(client, ASK), queries_for(client, answer_page))
    CategoryFactory.create_batch(30)
    CategoryFactory.create_batch(5, audience=Category.Audience.STAFF)
    assert (queries_for(client, ASK), queries_for(client, answer_page)) == few
    assert max(few) <= 8


def _text(html: str) -> str:
    """The page's words with its markup's spacing made plain."""
    return re.sub(r"\s+", " ", html)


def _posted_by(agent, customer) -> str:
    agent_link = f'<a href="{agent.get_absolute_url()}">{agent.display_name}</a>'
    customer_link = f'<a class="author-card__name" href="{customer.get_absolute_url()}">{customer.display_name}</a>'
    return f"posted by {agent_link} for {customer_link}"
