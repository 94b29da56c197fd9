"""Each role against each forum action, as the rules module answers it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.support import CONFIRMED, ROLES, person

from .factories import AnswerFactory, CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db


# action -> roles allowed, on a fresh question/answer by someone else (or by "author").
EXPECTED = {
    "forum.ask_question": CONFIRMED,
    "forum.post_answer": CONFIRMED,
    "forum.post_reply": CONFIRMED,
    "forum.vote": {"member": True, "super user": True, "agent": True, "moderator": True, "admin": True},
    "forum.edit_post": {"author": True, "super user": True, "moderator": True, "admin": True},
    "forum.retag_question": {"super user": True, "moderator": True, "admin": True},
    "forum.delete_post": {"author": True, "moderator": True, "admin": True},
    "forum.accept_answer": {"author": True, "moderator": True, "admin": True},  # super users: stale questions
    "forum.close_question": {"super user": True, "moderator": True, "admin": True},
    "forum.mark_duplicate": {"super user": True, "moderator": True, "admin": True},
    "forum.lock_question": {"moderator": True, "admin": True},
    "forum.pin_question": {"moderator": True, "admin": True},
    "forum.move_question": {"moderator": True, "admin": True},
}


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_role_against_action(role, action):
    question = QuestionFactory()
    post = question if action != "forum.accept_answer" else AnswerFactory(question=question)
    user = person(role, question.author)
    allowed = EXPECTED[action].get(role, False)
    target = None if action == "forum.ask_question" else post
    assert user.has_perm(action, target) is allowed


@pytest.mark.parametrize("role", ["author", "super user", "moderator"])
def test_editing_a_locked_question_is_for_moderators_only(role):
    question = QuestionFactory(is_locked=True)
    user = person(role, question.author)
    assert user.has_perm("forum.edit_post", question) is (role == "moderator")


def test_the_edit_window_closes_for_authors(settings):
    settings.FORUM_EDIT_WINDOW_HOURS = 24
    question = QuestionFactory(created_at=timezone.now() - timedelta(hours=25))
    assert not question.author.has_perm("forum.edit_post", question)
    assert UserFactory(roles=[Role.SUPER_USER]).has_perm("forum.edit_post", question)


@pytest.mark.parametrize(
    ("audience", "visible_to"),
    [
        ("everyone", {"anonymous", "member", "super user", "agent", "moderator"}),
        ("super_users", {"super user", "moderator", "admin"}),
        ("staff", {"agent", "moderator", "admin"}),
    ],
)
def test_who_sees_which_category(audience, visible_to):
    category = CategoryFactory(audience=audience)
    for role in ["anonymous", "member", "super user", "agent", "moderator", "admin"]:
        expected = role in visible_to or (audience == "everyone")
        assert person(role, None).has_perm("forum.view_category", category) is expected, role


@pytest.mark.parametrize(
    ("starters", "allowed"),
    [
        ("everyone", {"member", "super user", "agent", "moderator", "admin"}),
        ("staff", {"agent", "moderator", "admin"}),
    ],
)
def test_who_starts_threads_in_which_category(starters, allowed):
    category = CategoryFactory(thread_starters=starters)
    for role in ["anonymous", "member", "super user", "agent", "moderator", "admin"]:
        assert person(role, None).has_perm("forum.start_thread", category) is (role in allowed), role
