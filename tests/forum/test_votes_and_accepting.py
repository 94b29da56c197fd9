"""Votes and accepted answers: scores, exact undo, who may, and the buttons in place."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from community import events
from community.accounts.models import Role
from forum import services
from forum.models import Answer, Category, Question, Vote
from tests.accounts.factories import UserFactory

from .factories import AnswerFactory, QuestionFactory, kinds, mine

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


# Votes


def test_vote_change_and_retract_keep_the_score_and_publish_exact_undo(django_capture_on_commit_callbacks, event_log):
    answer = AnswerFactory()
    voter = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.vote(post=answer, by=voter, value=1) == 1
        assert services.vote(post=answer, by=voter, value=1) == 1  # a double click changes nothing
        assert services.vote(post=answer, by=voter, value=-1) == -1
        assert services.vote(post=answer, by=voter, value=0) == 0
    assert kinds(event_log) == ["VoteCast", "VoteRetracted", "VoteCast", "VoteRetracted"]
    cast_up, retract_up, cast_down, retract_down = mine(event_log)
    assert retract_up.cast_event_id == cast_up.event_id and retract_up.value == 1
    assert retract_down.cast_event_id == cast_down.event_id and retract_down.value == -1
    assert not Vote.objects.exists()


def test_nobody_votes_on_their_own_post_not_even_the_technical_admin():
    admin = UserFactory()
    admin.is_superuser = True
    admin.save()
    question = QuestionFactory(author=admin)
    with pytest.raises(PermissionDenied):
        services.vote(post=question, by=admin, value=1)
    assert Question.objects.get(pk=question.pk).score == 0


def test_a_vote_value_other_than_up_down_or_back_is_refused():
    with pytest.raises(ValidationError):
        services.vote(post=QuestionFactory(), by=UserFactory(), value=5)


def test_the_database_allows_one_vote_per_person_and_post():
    from django.db import IntegrityError, transaction

    vote = Vote.objects.create(
        user=UserFactory(), question=QuestionFactory(), value=1, cast_event_id=events.Event().event_id
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(user=vote.user, question=vote.question, value=-1, cast_event_id=events.Event().event_id)


# Accepting


def test_accepting_another_answer_moves_the_mark_and_undo_reopens(django_capture_on_commit_callbacks, event_log):
    first = AnswerFactory()
    second = AnswerFactory(question=first.question)
    asker = first.question.author
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_answer(answer=first, by=asker)
        services.accept_answer(answer=second, by=asker)
        services.unaccept_answer(answer=second, by=asker)
    assert not Answer.objects.filter(is_accepted=True).exists()
    assert not Question.objects.get(pk=first.question_id).is_solved
    assert kinds(event_log) == ["AnswerAccepted", "AnswerUnaccepted", "AnswerAccepted", "AnswerUnaccepted"]
    assert mine(event_log)[1].accepted_event_id == mine(event_log)[0].event_id
    assert mine(event_log)[3].accepted_event_id == mine(event_log)[2].event_id


def test_the_category_counts_solved_questions():
    answer = AnswerFactory()
    services.accept_answer(answer=answer, by=answer.question.author)
    assert Category.objects.get(pk=answer.question.category_id).solved_count == 1
    services.unaccept_answer(answer=answer, by=answer.question.author)
    assert Category.objects.get(pk=answer.question.category_id).solved_count == 0


@pytest.mark.parametrize(
    ("role", "age_days", "allowed"),
    [
        (None, 30, False),
        (Role.AGENT, 30, False),
        (Role.SUPER_USER, 1, False),
        (Role.SUPER_USER, 8, True),
        (Role.MODERATOR, 1, True),
    ],
)
def test_who_may_accept_on_someone_elses_question(role, age_days, allowed):
    answer = AnswerFactory(question=QuestionFactory(created_at=timezone.now() - timedelta(days=age_days)))
    actor = UserFactory(roles=[role] if role else [])
    if allowed:
        services.accept_answer(answer=answer, by=actor)
        assert Answer.objects.get(pk=answer.pk).is_accepted
    else:
        with pytest.raises(PermissionDenied):
            services.accept_answer(answer=answer, by=actor)
        assert not Answer.objects.get(pk=answer.pk).is_accepted


# Over HTTP


def test_voting_in_place_and_twice_changes_nothing(client):
    answer = AnswerFactory()
    client.force_login(UserFactory())
    url = reverse("forum:answer-vote", args=[answer.pk])
    response = client.post(url, {"value": "1"}, headers=HTMX)
    assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()
    client.post(url, {"value": "1"}, headers=HTMX)
    assert Answer.objects.get(pk=answer.pk).score == 1
    assert Vote.objects.count() == 1


def test_voting_on_ones_own_post_is_a_403_with_the_reason(client):
    answer = AnswerFactory()
    client.force_login(answer.author)
    response = client.post(reverse("forum:answer-vote", args=[answer.pk]), {"value": "1"})
    assert response.status_code == 403
    assert "own post" in response.content.decode()


def test_a_bad_vote_value_is_a_422_toast(client):
    client.force_login(UserFactory())
    answer = AnswerFactory()
    response = client.post(reverse("forum:answer-vote", args=[answer.pk]), {"value": "many"}, headers=HTMX)
    assert response.status_code == 422 and "toast" in response.headers["HX-Trigger"]


def test_asker_accepts_in_place(client, django_assert_max_num_queries):
    answer = AnswerFactory()
    AnswerFactory.create_batch(20, question=answer.question)
    client.force_login(answer.question.author)
    with django_assert_max_num_queries(30):
        response = client.post(reverse("forum:answer-accept", args=[answer.pk]), headers=HTMX)
    assert response.status_code == 200
    assert "Accepted answer" in response.content.decode()
    assert "toast" in response.headers["HX-Trigger"]
    assert Answer.objects.get(pk=answer.pk).is_accepted


def test_accepting_on_someone_elses_question_is_a_403(client):
    answer = AnswerFactory()
    client.force_login(UserFactory())
    response = client.post(reverse("forum:answer-accept", args=[answer.pk]))
    assert response.status_code == 403
    assert not Answer.objects.filter(is_accepted=True).exists()


def test_writes_need_a_post_and_a_signed_in_person(client):
    answer = AnswerFactory()
    assert client.get(reverse("forum:answer-accept", args=[answer.pk])).status_code in (302, 405)
    response = client.post(reverse("forum:answer-vote", args=[answer.pk]), {"value": "1"})
    assert response.status_code == 302 and reverse("account_login") in response.url
    assert not Vote.objects.exists()
