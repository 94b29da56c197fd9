"""Closing, reopening, duplicates, locking, pinning, moving and retagging questions."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from community.accounts.models import Role
from forum import services
from forum.models import Category, Question
from tests.accounts.factories import UserFactory

from .factories import CategoryFactory, QuestionFactory, ask, kinds

pytestmark = pytest.mark.django_db


# States


def test_close_reopen_and_duplicate(django_capture_on_commit_callbacks, event_log):
    moderator = UserFactory(roles=[Role.MODERATOR])
    original, question, pointing = QuestionFactory(), QuestionFactory(), QuestionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.close_question(question=question, by=moderator, reason="unclear", note="Which device?")
        services.reopen_question(question=question, by=moderator)
        services.mark_duplicate(question=pointing, original=question, by=moderator)
        services.mark_duplicate(question=question, original=original, by=moderator)
    assert kinds(event_log) == [
        "QuestionClosed",
        "QuestionReopened",
        "QuestionMarkedDuplicate",
        "QuestionMarkedDuplicate",
    ]
    question.refresh_from_db()
    assert question.duplicate_of == original and question.close_reason == "duplicate"
    # No chains: what pointed at the new duplicate now points at the original.
    assert Question.objects.get(pk=pointing.pk).duplicate_of == original


def test_duplicates_of_themselves_or_of_a_duplicate_are_refused():
    moderator = UserFactory(roles=[Role.MODERATOR])
    question = QuestionFactory()
    with pytest.raises(ValidationError, match="itself"):
        services.mark_duplicate(question=question, original=question, by=moderator)
    original = QuestionFactory()
    duplicate = QuestionFactory()
    services.mark_duplicate(question=duplicate, original=original, by=moderator)
    with pytest.raises(ValidationError, match="itself a duplicate"):
        services.mark_duplicate(question=question, original=duplicate, by=moderator)
    with pytest.raises(ValidationError):
        services.mark_duplicate(question=question, original=None, by=moderator)


def test_members_cannot_close_lock_or_pin():
    question, member = QuestionFactory(), UserFactory()
    for action in (
        lambda: services.close_question(question=question, by=member, reason="spam"),
        lambda: services.lock_question(question=question, by=member),
        lambda: services.pin_question(question=question, by=member),
        lambda: services.mark_duplicate(question=question, original=QuestionFactory(), by=member),
    ):
        with pytest.raises(PermissionDenied):
            action()
    question.refresh_from_db()
    assert not (question.is_closed or question.is_locked or question.is_pinned)


def test_an_announcement_shows_site_wide_until_its_time(client):
    moderator = UserFactory(roles=[Role.MODERATOR])
    question = QuestionFactory(title="Outage: the app cannot connect right now")
    services.pin_question(question=question, by=moderator, announce_until=timezone.now() + timedelta(hours=2))
    html = client.get("/ideas/").content.decode()
    assert "Outage: the app cannot connect right now" in html
    with pytest.raises(ValidationError):
        services.pin_question(question=question, by=moderator, announce_until=timezone.now() - timedelta(hours=1))
    services.pin_question(question=question, by=moderator, pinned=False)
    assert "Outage" not in client.get("/ideas/").content.decode()


def test_moving_a_question_moves_its_counts():
    moderator = UserFactory(roles=[Role.MODERATOR])
    question = ask()
    target = CategoryFactory()
    services.move_question(question=question, by=moderator, category=target)
    assert Category.objects.get(pk=target.pk).question_count == 1
    assert Category.objects.get(pk=question.category_id).question_count == 0


# The moderation tools over HTTP


def test_moderation_tools_close_mark_duplicate_lock_and_pin(client):
    moderator = UserFactory(roles=[Role.MODERATOR])
    question, original = QuestionFactory(), QuestionFactory()
    client.force_login(moderator)
    assert client.get(reverse("forum:question-manage", args=[question.pk])).status_code == 200
    client.post(reverse("forum:question-close", args=[question.pk]), {"reason": "unclear", "note": "Which one?"})
    assert Question.objects.get(pk=question.pk).is_closed
    client.post(reverse("forum:question-reopen", args=[question.pk]))
    response = client.post(reverse("forum:question-duplicate", args=[question.pk]), {"original": str(question.pk)})
    assert response.status_code == 422 and "itself" in response.content.decode()
    client.post(reverse("forum:question-duplicate", args=[question.pk]), {"original": original.get_absolute_url()})
    assert Question.objects.get(pk=question.pk).duplicate_of == original
    client.post(reverse("forum:question-lock", args=[question.pk]), {"locked": "1"})
    client.post(reverse("forum:question-pin", args=[question.pk]), {"announce_until": ""})
    question.refresh_from_db()
    assert question.is_locked and question.is_pinned


def test_members_get_a_403_from_the_moderation_tools(client):
    question = QuestionFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("forum:question-manage", args=[question.pk])).status_code == 403
    assert client.post(reverse("forum:question-lock", args=[question.pk])).status_code == 403
    assert not Question.objects.get(pk=question.pk).is_locked


def test_a_super_user_retags_anyones_question(client):
    question = ask(tags=["wrong"])
    client.force_login(UserFactory(roles=[Role.SUPER_USER]))
    client.post(reverse("forum:question-retag", args=[question.pk]), {"tags": "router, wifi"})
    assert sorted(Question.objects.get(pk=question.pk).tags.names()) == ["router", "wifi"]
