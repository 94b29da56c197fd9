"""Each question's record: when and by whom it was first answered and solved, and the figures from them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.accounts.models import Role
from forum import services as forum_services
from helpdesk.models import QueueItem, ResponseRecord
from helpdesk.selectors.routing import response_summary
from helpdesk.services import enter_queue
from tests.accounts.factories import UserFactory
from tests.forum.factories import CategoryFactory, ask

pytestmark = pytest.mark.django_db
BODY = "Hold the reset button for ten seconds, then pair it again."


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """Call a service and run what its commit hands on (the helpdesk's handlers)."""

    def call(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return call


@pytest.mark.parametrize(
    ("roles", "kind"),
    [([], "customer"), ([Role.SUPER_USER], "super_user"), ([Role.AGENT], "staff"), ([Role.MODERATOR], "staff")],
)
def test_the_first_answer_is_recorded_with_who_gave_it(act, roles, kind):
    question = act(ask)
    answer = act(forum_services.post_answer, question=question, by=UserFactory(roles=roles), body=BODY)
    act(forum_services.post_answer, question=question, by=UserFactory(roles=[Role.AGENT]), body=BODY)
    record = ResponseRecord.objects.get(question=question)
    assert (record.first_response_by, record.first_answer_id) == (kind, answer.pk)
    assert timedelta(0) <= record.time_to_first_response < timedelta(minutes=1)


def test_the_askers_own_answer_is_no_response(act):
    question = act(ask)
    act(forum_services.post_answer, question=question, by=question.author, body=BODY)
    assert ResponseRecord.objects.get(question=question).first_response_at is None


def test_the_accept_records_who_solved_it_and_taking_it_back_undoes_that(act):
    question = act(ask)
    answer = act(forum_services.post_answer, question=question, by=UserFactory(roles=[Role.SUPER_USER]), body=BODY)
    act(forum_services.accept_answer, answer=answer, by=question.author)
    record = ResponseRecord.objects.get(question=question)
    assert (record.solved_by, record.solved_at is not None) == ("super_user", True)
    act(forum_services.unaccept_answer, answer=answer, by=question.author)
    record.refresh_from_db()
    assert (record.solved_by, record.solved_at) == ("", None)


def test_a_staff_answer_settles_escalations_and_still_broken_a_customers_only_unanswered(act):
    question = act(ask)
    for reason in ("unanswered", "escalated", "still_broken"):
        enter_queue(question_id=question.pk, reason=reason, waiting_since=timezone.now())
    act(forum_services.post_answer, question=question, by=UserFactory(), body=BODY)
    still_open = QueueItem.objects.filter(resolved_at__isnull=True)
    assert set(still_open.values_list("reason", flat=True)) == {"escalated", "still_broken"}
    act(forum_services.post_answer, question=question, by=UserFactory(roles=[Role.AGENT]), body=BODY)
    assert not still_open.exists()
    assert set(QueueItem.objects.values_list("resolution", flat=True)) == {"answered", "staff_answer"}


def test_the_same_event_twice_changes_nothing(act, event_log, django_capture_on_commit_callbacks):
    from helpdesk import records

    question = act(ask)
    answer = act(forum_services.post_answer, question=question, by=UserFactory(), body=BODY)
    posted = next(event for event in event_log if type(event).__name__ == "AnswerPosted")
    first = ResponseRecord.objects.get(question=question).first_response_at
    records.on_answer_posted(posted)
    records.on_question_asked(next(event for event in event_log if type(event).__name__ == "QuestionAsked"))
    record = ResponseRecord.objects.get(question=question)
    assert (record.first_response_at, record.first_answer_id) == (first, answer.pk)


def test_the_summary_counts_who_answered_and_solved_and_the_median_wait():
    category, other = CategoryFactory(), CategoryFactory()
    start = timezone.now() - timedelta(days=2)
    rows = [  # (minutes to the first answer, by, solved by)
        (10, "customer", "customer"),
        (30, "super_user", ""),
        (50, "staff", "staff"),
        (None, "", ""),
    ]
    for minutes, by, solved_by in rows:
        question = ask(category=category)
        ResponseRecord.objects.filter(question=question).delete()
        ResponseRecord.objects.create(
            question=question,
            asked_at=start,
            first_response_at=start + timedelta(minutes=minutes) if minutes else None,
            first_response_by=by,
            solved_by=solved_by,
            solved_at=start + timedelta(hours=1) if solved_by else None,
        )
    ResponseRecord.objects.create(question=ask(category=other), asked_at=start, first_response_by="")
    summary = response_summary(start - timedelta(hours=1), timezone.now(), category=category)
    assert summary["asked"] == 4
    assert summary["first_response_by"] == {"customer": 1, "super_user": 1, "staff": 1}
    assert (summary["unanswered"], summary["unsolved"]) == (1, 2)
    assert summary["solved_by"] == {"customer": 1, "super_user": 0, "staff": 1}
    assert summary["median_first_response"] == timedelta(minutes=30)
    assert response_summary(start - timedelta(hours=1), timezone.now())["asked"] == 5
    assert response_summary(timezone.now(), timezone.now() + timedelta(days=1))["median_first_response"] is None
