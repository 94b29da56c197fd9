"""Rate limits per role and action: defaults, an admin's numbers, when to try again, parallel requests."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from community.accounts.models import Role
from forum import services as forum_services
from forum.models import Question, Vote
from ideas import services as idea_services
from moderation import limits
from moderation.models import CountedWrite, RateLimit
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, CategoryFactory, ask
from tests.ideas.factories import IdeaFactory
from tests.support import run_at_once

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def veteran(**kwargs):
    person = UserFactory(**kwargs)
    person.date_joined = timezone.now() - timedelta(days=90)
    person.save(update_fields=["date_joined"])
    return person


def set_limit(role: str, action: str, limit: int, minutes: int = 60) -> None:
    RateLimit.objects.update_or_create(role=role, action=action, defaults={"limit": limit, "minutes": minutes})
    limits.limits_changed()


def test_each_role_counts_as_its_highest():
    assert limits.role_of(UserFactory()) == "new_member"
    assert limits.role_of(veteran()) == "member"
    assert limits.role_of(UserFactory(roles=[Role.SUPER_USER])) == "super_user"
    assert limits.role_of(UserFactory(roles=[Role.SUPER_USER, Role.AGENT])) == "agent"
    assert limits.role_of(UserFactory(roles=[Role.AGENT, Role.MODERATOR])) == "moderator"
    assert limits.role_of(UserFactory(roles=[Role.ADMIN])) is None
    assert limits.role_of(UserFactory(is_superuser=True)) is None


def test_a_new_member_asks_three_times_an_hour_a_member_more():
    newcomer, member = UserFactory(), veteran()
    for n in range(3):
        ask(by=newcomer, title=f"Question number {n} from a new member")
    with pytest.raises(ValidationError, match="You can post again in 60 minutes"):
        ask(by=newcomer, title="The fourth question of a new member")
    for n in range(4):
        ask(by=member, title=f"Question number {n} from a member")
    assert Question.objects.filter(author=newcomer).count() == 3


def test_an_admins_number_replaces_the_default_and_admins_have_no_limit():
    member = veteran()
    set_limit("member", "answer", 2, minutes=30)
    answer = AnswerFactory()
    for _ in range(2):
        forum_services.post_answer(question=answer.question, by=member, body="Restart it and it works again.")
    with pytest.raises(ValidationError, match="in 30 minutes"):
        forum_services.post_answer(question=answer.question, by=member, body="Restart it and it works again.")
    set_limit("member", "answer", 0)  # 0: no limit
    forum_services.post_answer(question=answer.question, by=member, body="Restart it and it works again.")
    admin = UserFactory(roles=[Role.ADMIN])
    for role in ("new_member", "member", "super_user", "agent", "moderator"):
        set_limit(role, "vote", 1)
    for post in AnswerFactory.create_batch(3):
        forum_services.vote(post=post, by=admin, value=1)
    assert Vote.objects.filter(user=admin).count() == 3


def test_the_message_says_when_to_try_again():
    person = veteran()
    set_limit("member", "vote", 2)
    answers = AnswerFactory.create_batch(3)
    forum_services.vote(post=answers[0], by=person, value=1)
    CountedWrite.objects.filter(user=person).update(at=timezone.now() - timedelta(minutes=48))
    forum_services.vote(post=answers[1], by=person, value=1)
    with pytest.raises(ValidationError) as refused:
        forum_services.vote(post=answers[2], by=person, value=1)
    assert refused.value.messages == ["You have reached the limit for now. You can vote again in 12 minutes."]
    assert limits.wait_message("flag", timedelta(seconds=30)) == "You can flag again in 1 minute."
    assert limits.wait_message("idea", timedelta(hours=5)) == "You can post again in 5 hours."


def test_a_write_that_fails_counts_nothing():
    newcomer = UserFactory()
    category = CategoryFactory()
    for _ in range(5):
        with pytest.raises(ValidationError):
            forum_services.ask_question(by=newcomer, title="Too short", body="short", category=category)
    assert not CountedWrite.objects.filter(user=newcomer).exists()
    ask(by=newcomer)


def test_ideas_comments_and_flags_have_limits_too():
    newcomer = UserFactory()
    set_limit("new_member", "idea", 1)
    set_limit("new_member", "idea_comment", 1)
    set_limit("new_member", "flag", 1)
    idea_services.post_idea(by=newcomer, title="Export the history as a spreadsheet", body="I want to compare it.")
    with pytest.raises(ValidationError, match="You can post again"):
        idea_services.post_idea(by=newcomer, title="Another idea of the same person", body="And another one here.")
    idea = IdeaFactory()
    idea_services.post_comment(idea=idea, by=newcomer, body="Yes please!")
    with pytest.raises(ValidationError, match="You can post again"):
        idea_services.post_comment(idea=idea, by=newcomer, body="Again!")
    from moderation import services as moderation_services

    first, second = AnswerFactory.create_batch(2)
    moderation_services.flag_post(post=first, by=newcomer, reason="spam")
    with pytest.raises(ValidationError, match="You can flag again"):
        moderation_services.flag_post(post=second, by=newcomer, reason="spam")


def test_the_form_keeps_the_text_and_says_when(client):
    newcomer = UserFactory()
    set_limit("new_member", "question", 1)
    category = CategoryFactory()
    ask(by=newcomer, category=category)
    client.force_login(newcomer)
    response = client.post(
        reverse("forum:ask"),
        {
            "title": "My second question today about invoices",
            "body": "The invoice shows my old street and number.",
            "category": category.pk,
            "tags": "invoice",
            "language": "en",
        },
    )
    assert response.status_code == 422
    assert "You can post again in 60 minutes." in response.text
    assert "The invoice shows my old street and number." in response.text


def test_an_htmx_vote_over_the_limit_gets_a_toast(client):
    person = veteran()
    set_limit("member", "vote", 1)
    first, second = AnswerFactory.create_batch(2)
    client.force_login(person)
    client.post(reverse("forum:answer-vote", args=[first.pk]), {"value": "1"}, headers={"HX-Request": "true"})
    response = client.post(
        reverse("forum:answer-vote", args=[second.pk]), {"value": "1"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422 and "You can vote again in 60 minutes." in response.headers["HX-Trigger"]


def test_old_counted_writes_are_forgotten():
    person = veteran()
    CountedWrite.objects.create(user=person, action="vote", at=timezone.now() - timedelta(days=8))
    CountedWrite.objects.create(user=person, action="vote")
    assert limits.forget_old_writes() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_of_one_person_are_counted_exactly():
    person = veteran()
    set_limit("member", "vote", 5)
    answers = AnswerFactory.create_batch(12)
    errors = run_at_once([lambda a=a: forum_services.vote(post=a, by=person, value=1) for a in answers])
    assert len(errors) == 7 and all(isinstance(e, ValidationError) for e in errors)
    assert Vote.objects.filter(user=person).count() == 5
    assert CountedWrite.objects.filter(user=person).count() == 5


@pytest.mark.django_db(transaction=True)
def test_parallel_questions_of_a_new_member_stop_at_the_limit():
    newcomer = UserFactory()
    category = CategoryFactory()
    errors = run_at_once(
        [
            lambda n=n: forum_services.ask_question(
                by=newcomer,
                title=f"Parallel question number {n} here",
                body="Asked at the same moment as the others.",
                category=category,
            )
            for n in range(8)
        ]
    )
    assert len(errors) == 5 and all("You can post again" in str(e) for e in errors)
    assert Question.objects.filter(author=newcomer).count() == 3
