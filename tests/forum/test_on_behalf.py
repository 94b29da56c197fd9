"""Posting for a customer: an agent types a question or an answer, the customer owns it as their own."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community import events
from community.accounts.models import Role
from community.accounts.privacy.erasure import erase_account
from forum import privacy as forum_privacy
from forum import services
from forum.models import Answer, Category, Question, Revision
from moderation import suspensions
from moderation.models import Policy
from notifications.models import Notification, Subscription
from tests.accounts.factories import UserFactory

from .factories import CategoryFactory, QuestionFactory, ask

pytestmark = pytest.mark.django_db

TITLE = "My router drops the connection every evening"
BODY = "Customer says: since the update the router drops Wi-Fi around 8 pm, a restart helps for an hour."
ANSWER = "Switch the router's channel from automatic to 6; that fixed it for me."


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def agent():
    return UserFactory(roles=[Role.AGENT], display_name="Alex Agent")


@pytest.fixture
def customer():
    return UserFactory(display_name="Carla Kundin", language="de")


@pytest.fixture
def posted_on_behalf():
    received: list[events.PostedOnBehalf] = []
    events.subscribe(events.PostedOnBehalf, received.append)
    yield received
    events.unsubscribe(events.PostedOnBehalf, received.append)


def test_an_agent_asks_for_a_customer_who_becomes_the_asker(agent, customer, committed, posted_on_behalf):
    with committed():
        question = ask(by=agent, on_behalf_of=customer, title=TITLE, body=BODY, language=None)
    question.refresh_from_db()
    assert (question.author, question.on_behalf_by) == (customer, agent)
    assert question.language == "de"  # the customer's language when none is chosen
    assert question.removal == "" and question.deleted_at is None
    assert Category.objects.get(pk=question.category_id).question_count == 1
    revision = Revision.objects.get(question=question)
    assert revision.author == agent and revision.note  # the history says who typed the words
    [event] = posted_on_behalf
    assert (event.question_id, event.answer_id, event.author_id, event.by_user_id) == (
        question.pk,
        None,
        customer.pk,
        agent.pk,
    )


def test_an_agent_answers_for_a_customer(agent, customer, committed, posted_on_behalf):
    question = QuestionFactory()
    with committed():
        answer = services.post_answer(question=question, by=agent, body=ANSWER, on_behalf_of=customer)
    answer.refresh_from_db()
    assert (answer.author, answer.on_behalf_by) == (customer, agent)
    assert Question.objects.get(pk=question.pk).answer_count == 1
    assert [(e.answer_id, e.author_id, e.by_user_id) for e in posted_on_behalf] == [(answer.pk, customer.pk, agent.pk)]


@pytest.mark.parametrize("roles", [[], [Role.SUPER_USER]])
def test_members_and_super_users_cannot_post_for_someone_else(roles, customer):
    someone = UserFactory(roles=roles)
    question = QuestionFactory()
    with pytest.raises(PermissionDenied):
        ask(by=someone, on_behalf_of=customer, title=TITLE, body=BODY)
    with pytest.raises(PermissionDenied):
        services.post_answer(question=question, by=someone, body=ANSWER, on_behalf_of=customer)
    assert not Question.objects.filter(title=TITLE).exists() and not Answer.objects.exists()


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.ADMIN])
def test_moderators_and_admins_may_post_for_a_customer(role, customer):
    question = ask(by=UserFactory(roles=[role]), on_behalf_of=customer, title=TITLE, body=BODY)
    assert question.author == customer


def test_nothing_goes_out_in_a_suspended_or_silenced_persons_name(agent, customer):
    moderator = UserFactory(roles=[Role.MODERATOR])
    suspensions.restrict_member(person=customer, by=moderator, kind="suspended", reason="Abuse.", ends_at=None)
    with pytest.raises(ValidationError) as refused:
        ask(by=agent, on_behalf_of=customer, title=TITLE, body=BODY)
    assert "suspended" in refused.value.message_dict["customer"][0]
    silenced = UserFactory(display_name="Sven Still")
    suspensions.restrict_member(person=silenced, by=moderator, kind="silenced", reason="Spam.", ends_at=None)
    with pytest.raises(ValidationError) as refused:
        services.post_answer(question=QuestionFactory(), by=agent, body=ANSWER, on_behalf_of=silenced)
    assert "Sven Still" in refused.value.message_dict["customer"][0]
    assert not Question.objects.filter(title=TITLE).exists() and not Answer.objects.exists()


def test_nothing_goes_out_in_a_closed_accounts_name(agent):
    gone = UserFactory(display_name="Gerd Gone", is_active=False)
    with pytest.raises(ValidationError) as refused:
        ask(by=agent, on_behalf_of=gone, title=TITLE, body=BODY)
    assert "closed their account" in refused.value.message_dict["customer"][0]


def test_an_agent_cannot_post_for_themself(agent):
    with pytest.raises(ValidationError) as refused:
        services.post_answer(question=QuestionFactory(), by=agent, body=ANSWER, on_behalf_of=agent)
    assert "yourself" in refused.value.message_dict["customer"][0]
    assert not Answer.objects.exists()


def test_a_suspended_agent_cannot_post_for_anyone(agent, customer):
    moderator = UserFactory(roles=[Role.MODERATOR])
    suspensions.restrict_member(person=agent, by=moderator, kind="suspended", reason="Mistake.", ends_at=None)
    with pytest.raises(PermissionDenied):
        ask(by=agent, on_behalf_of=customer, title=TITLE, body=BODY)


def test_the_question_goes_only_where_the_customer_may_start_threads(agent, customer):
    staff_only = CategoryFactory(thread_starters=Category.ThreadStarters.STAFF)
    with pytest.raises(ValidationError) as refused:
        ask(by=agent, on_behalf_of=customer, title=TITLE, body=BODY, category=staff_only)
    assert "Carla Kundin" in refused.value.message_dict["category"][0]


def test_a_post_for_a_customer_is_never_held(agent, customer):
    policy = Policy.current()
    policy.hold_first_posts = True
    policy.save()
    question = ask(by=agent, on_behalf_of=customer, title=TITLE, body=BODY)
    answer = services.post_answer(question=question, by=agent, body=ANSWER, on_behalf_of=UserFactory())
    assert Question.objects.get(pk=question.pk).removal == "" and Answer.objects.get(pk=answer.pk).removal == ""


def test_the_customer_edits_accepts_and_deletes_as_the_owner(agent, customer):
    question = ask(by=agent, on_behalf_of=customer, title=TITLE, body=BODY)
    # Days later, past the usual edit window: they heard of it by mail, and may still put it in their words.
    Question.objects.filter(pk=question.pk).update(created_at=timezone.now() - timedelta(days=3))
    question.refresh_from_db()
    edited = services.edit_question(
        question=question, by=customer, title=TITLE, body=BODY + " It is a FritzBox 7590.", tags=["router"]
    )
    assert edited.edited_by == customer
    assert not agent.has_perm("forum.edit_post", edited)  # the agent typed it but does not own it
    answer = services.post_answer(question=question, by=UserFactory(), body=ANSWER)
    services.accept_answer(answer=answer, by=customer)
    assert Answer.objects.get(pk=answer.pk).is_accepted

    own = ask(by=customer, title="A question the customer wrote themself")
    Question.objects.filter(pk=own.pk).update(created_at=timezone.now() - timedelta(days=3))
    own.refresh_from_db()
    assert not customer.has_perm("forum.edit_post", own)  # their own words keep the usual window


def test_the_customer_hears_of_it_with_the_link_in_the_app_and_by_mail(agent, customer, committed):
    with committed():
        question = ask(by=agent, on_behalf_of=customer, title=TITLE, body=BODY)
    [note] = Notification.objects.filter(recipient=customer, kind="posted_for_you")
    assert note.url == question.get_absolute_url()
    assert note.text() == f"Alex Agent posted your question “{TITLE}” for you"
    [message] = [m for m in mail.outbox if m.to == [customer.email]]
    assert question.get_absolute_url() in message.body
    assert not Notification.objects.filter(recipient=agent).exists()

    mail.outbox.clear()
    with committed():
        answer = services.post_answer(question=QuestionFactory(), by=agent, body=ANSWER, on_behalf_of=customer)
    [note] = Notification.objects.filter(recipient=customer, kind="posted_for_you", url__contains="#answer-")
    assert note.url == answer.get_absolute_url()
    assert "posted your answer" in note.text()


def test_the_customer_follows_the_question_not_the_agent(agent, customer, committed):
    with committed():
        question = ask(by=agent, on_behalf_of=customer, title=TITLE, body=BODY)
    follows = Subscription.objects.filter(
        content_type=ContentType.objects.get_for_model(Question), object_id=question.pk, active=True
    )
    assert [(s.user_id, s.reason) for s in follows] == [(customer.pk, "asked")]
    helper = UserFactory(display_name="Hanna Helferin")
    with committed():
        services.post_answer(question=question, by=helper, body=ANSWER)
    assert Notification.objects.filter(recipient=customer, kind="new_answer").exists()
    assert not Notification.objects.filter(recipient=agent, kind="new_answer").exists()


def test_the_customers_export_holds_the_post_and_an_erased_agent_leaves_it_theirs(agent, customer):
    question = ask(by=agent, on_behalf_of=customer, title=TITLE, body=BODY)
    answer = services.post_answer(question=question, by=agent, body=ANSWER, on_behalf_of=UserFactory())
    [exported] = forum_privacy.questions(customer)
    assert exported["title"] == TITLE and exported["posted_for_you_by_staff"] is True
    assert [(row["question_id"], row["answer_id"]) for row in forum_privacy.posted_for_others(agent)] == [
        (question.pk, None),
        (question.pk, answer.pk),
    ]
    erase_account(user=agent, by=agent, remove_posts=False)
    assert Question.objects.get(pk=question.pk).on_behalf_by is None
    assert Answer.objects.get(pk=answer.pk).on_behalf_by is None
    assert Question.objects.get(pk=question.pk).author == customer
