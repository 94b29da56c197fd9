"""Routing with a moved clock: offers to the super users of a question's topic, then the agent queue."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from community import staff
from community.accounts.models import Role
from forum import services as forum_services
from forum.models import Category
from helpdesk.models import Offer, QueueItem, ResponsePolicy, ResponseRecord
from helpdesk.services import route_waiting_questions
from notifications.models import Notification, Subscription
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, CategoryFactory, QuestionFactory, ask
from tests.support import suspend

pytestmark = pytest.mark.django_db


def follow(user, target) -> None:
    Subscription.objects.create(
        user=user, content_type=ContentType.objects.get_for_model(target), object_id=target.pk, active=True
    )


def super_user(**fields):
    return UserFactory(roles=[Role.SUPER_USER], **fields)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Route at `minutes` after the question was asked, running what the commit hands on (notifications)."""

    def at(question, minutes: int):
        with django_capture_on_commit_callbacks(execute=True):
            return route_waiting_questions(now=question.created_at + timedelta(minutes=minutes))

    return at


@pytest.fixture
def asked(django_capture_on_commit_callbacks):
    def make(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return ask(**fields)

    return make


def offered(question) -> set:
    return set(Offer.objects.filter(question=question).values_list("user_id", flat=True))


def test_asking_opens_a_response_record_from_the_moment_of_asking(asked):
    question = asked()
    record = ResponseRecord.objects.get(question=question)
    assert record.asked_at == question.created_at
    assert record.first_response_at is None


def test_a_question_held_for_review_gets_its_record_when_approved(asked, django_capture_on_commit_callbacks):
    from moderation.models import Policy

    Policy.objects.create(hold_first_posts=True)
    question = asked(by=UserFactory())
    assert question.is_held and not ResponseRecord.objects.filter(question=question).exists()
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.approve_content(post=question, by=UserFactory(roles=[Role.MODERATOR]))
    # The asker has waited since asking: the clock started then, not at the approval.
    assert ResponseRecord.objects.get(question=question).asked_at == question.created_at


def test_after_the_offer_time_a_few_super_users_of_the_topic_are_offered_it_best_first(asked, run):
    category = CategoryFactory()
    question = asked(category=category, tags=["app"])
    earlier = QuestionFactory(category=category)
    by_accepts, by_answer, by_tag, by_category = super_user(), super_user(), super_user(), super_user()
    AnswerFactory(question=earlier, author=by_accepts, is_accepted=True)
    AnswerFactory(question=earlier, author=by_answer)
    follow(by_tag, Tag.objects.get(name="app"))
    follow(by_category, category)
    # Not of the topic, not a super user, or not able to answer now: never offered.
    super_user()
    follow(UserFactory(), category)
    follow(suspend(super_user()), category)
    follow(super_user(is_active=False), category)
    AnswerFactory(question=QuestionFactory(), author=super_user())  # answered in another category

    assert run(question, 29) == {"offered": 0, "queued": 0}
    assert offered(question) == set()

    assert run(question, 31) == {"offered": 3, "queued": 0}
    assert offered(question) == {by_accepts.pk, by_answer.pk, by_tag.pk}
    told = Notification.objects.filter(kind="question_offered")
    assert set(told.values_list("recipient_id", flat=True)) == {by_accepts.pk, by_answer.pk, by_tag.pk}
    assert told.first().url == question.get_absolute_url()
    assert sorted(
        message.to[0] for message in mail.outbox if question.title in message.subject + message.body
    ) == sorted(person.email for person in (by_accepts, by_answer, by_tag))

    assert run(question, 45)["offered"] == 0  # the next wave comes after another 30 minutes
    assert run(question, 62)["offered"] == 1
    assert offered(question) == {by_accepts.pk, by_answer.pk, by_tag.pk, by_category.pk}
    assert run(question, 95)["offered"] == 0  # nobody of the topic is left: nobody is asked twice
    assert Offer.objects.count() == 4


def test_the_asker_is_not_offered_their_own_question(asked, run):
    category = CategoryFactory()
    asker = super_user()
    follow(asker, category)
    question = asked(by=asker, category=category)
    assert run(question, 31)["offered"] == 0


def test_the_policy_sets_when_and_to_how_many(asked, run):
    ResponsePolicy.objects.create(offer_after_minutes=10, offer_to=1, response_target_minutes=60)
    category = CategoryFactory()
    people = [super_user() for _ in range(3)]
    for person in people:
        follow(person, category)
    question = asked(category=category)
    assert run(question, 11)["offered"] == 1
    assert run(question, 61) == {"offered": 1, "queued": 1}


def test_past_the_response_target_the_question_enters_the_agent_queue_once(asked, run):
    question = asked()
    assert run(question, 239)["queued"] == 0
    assert run(question, 241)["queued"] == 1
    assert run(question, 300)["queued"] == 0
    item = QueueItem.objects.get(question=question)
    assert (item.reason, item.waiting_since, item.resolved_at) == ("unanswered", question.created_at, None)


def test_an_answer_takes_it_out_of_the_queue_and_stops_the_offers(asked, run, django_capture_on_commit_callbacks):
    category = CategoryFactory()
    question = asked(category=category)
    run(question, 241)
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_answer(question=question, by=UserFactory(), body="Restart the router and pair again.")
    item = QueueItem.objects.get(question=question)
    assert item.resolved_at is not None and item.resolution == "answered"
    follow(super_user(), category)
    assert run(question, 300) == {"offered": 0, "queued": 0}


def test_closed_locked_deleted_and_self_solved_questions_are_neither_offered_nor_queued(asked, run):
    category = CategoryFactory()
    follow(super_user(), category)
    closed, locked, deleted = asked(category=category), asked(category=category), asked(category=category)
    self_solved = asked(category=category)
    type(self_solved).objects.filter(pk=self_solved.pk).update(is_solved=True)
    type(closed).objects.filter(pk=closed.pk).update(closed_at=timezone.now(), close_reason="off_topic")
    type(locked).objects.filter(pk=locked.pk).update(is_locked=True)
    type(deleted).objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    assert run(closed, 241) == {"offered": 0, "queued": 0}


def test_a_question_that_leaves_view_leaves_the_queue(asked, run, django_capture_on_commit_callbacks):
    question = asked()
    run(question, 241)
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.hide_content(post=question, by=UserFactory(roles=[Role.MODERATOR]), reason="Spam.")
    assert QueueItem.objects.get(question=question).resolution == "gone"


def test_announcement_categories_wait_for_no_answer(asked, run):
    news = CategoryFactory(thread_starters=Category.ThreadStarters.STAFF)
    question = asked(by=UserFactory(roles=[Role.AGENT]), category=news)
    assert not ResponseRecord.objects.filter(question=question).exists()
    assert run(question, 241) == {"offered": 0, "queued": 0}


def test_staff_only_categories_are_queued_but_not_offered_to_super_users(asked, run):
    internal = CategoryFactory(audience=Category.Audience.STAFF)
    follow(super_user(), internal)
    question = asked(by=UserFactory(roles=[Role.AGENT]), category=internal)
    assert run(question, 241) == {"offered": 0, "queued": 1}


def test_a_run_costs_the_same_queries_for_few_and_many_waiting_questions(
    asked, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    category = CategoryFactory()
    follow(super_user(), category)
    questions = [asked(category=category) for _ in range(2)]
    later = questions[0].created_at + timedelta(minutes=10)  # waiting, none due yet
    with django_assert_max_num_queries(6) as few:
        route_waiting_questions(now=later)
    questions += [asked(category=category) for _ in range(20)]
    with django_assert_max_num_queries(len(few.captured_queries)):
        route_waiting_questions(now=later)


def test_the_command_routes_with_a_moved_clock(asked):
    question = asked()
    out = StringIO()
    moment = (question.created_at + timedelta(hours=5)).isoformat()
    call_command("route_questions", "--now", moment, stdout=out)
    assert "Entered the agent queue: 1." in out.getvalue()
    assert QueueItem.objects.filter(question=question, reason="unanswered").exists()


def test_the_command_refuses_a_bad_moment():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("route_questions", "--now", "tomorrow")


def test_the_minutes_task_routes(asked):
    from helpdesk.tasks import route_questions

    question = asked()
    ResponseRecord.objects.filter(question=question).update(asked_at=timezone.now() - timedelta(hours=5))
    assert route_questions.delay().get() == {"offered": 0, "queued": 1}


def test_a_super_user_finds_the_questions_offered_to_them_until_answered(
    client, asked, run, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    category = CategoryFactory()
    expert = super_user()
    follow(expert, category)
    waiting, answered = asked(category=category, title="The app forgets my login"), asked(category=category)
    run(waiting, 31)
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_answer(question=answered, by=UserFactory(), body="Log out and in again, then retry.")
    client.force_login(expert)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("helpdesk:offers")).content.decode()
    assert waiting.title in page and answered.title not in page
    entries = {entry.page.code: entry for entry in staff.entries_for(expert)}
    assert entries["offered_questions"].count == 1


@pytest.mark.parametrize("roles", [[], [Role.AGENT], [Role.MODERATOR]])
def test_only_super_users_have_questions_offered_to_them(client, roles):
    client.force_login(UserFactory(roles=roles))
    assert client.get(reverse("helpdesk:offers")).status_code == 403
