"""Each role against each idea action, as the rules module answers it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.forum.factories import QuestionFactory
from tests.support import CONFIRMED, ROLES, person

from .factories import IdeaCommentFactory, IdeaFactory

pytestmark = pytest.mark.django_db

# action -> roles allowed, on a fresh idea (or comment) by someone else (or by "author").
EXPECTED = {
    "ideas.post_idea": CONFIRMED,
    "ideas.vote": {"member": True, "super user": True, "agent": True, "moderator": True, "admin": True},
    "ideas.post_comment": CONFIRMED,
    "ideas.edit_idea": {"author": True, "moderator": True, "admin": True},
    "ideas.edit_comment": {"author": True, "moderator": True, "admin": True},
    "ideas.delete_comment": {"author": True, "moderator": True, "admin": True},
    "ideas.change_status": {"moderator": True, "admin": True},
    "ideas.merge_ideas": {"moderator": True, "admin": True},
    "ideas.view_voters": {"moderator": True, "admin": True},
    "ideas.link_thread": {"super user": True, "moderator": True, "admin": True},
    "ideas.idea_from_thread": {"super user": True, "moderator": True, "admin": True},
}


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_role_against_action(role, action):
    idea = IdeaFactory()
    target = {
        "ideas.post_idea": None,
        "ideas.edit_comment": None,
        "ideas.delete_comment": None,
        "ideas.idea_from_thread": None,
    }.get(action, idea)
    author = idea.author
    if action in ("ideas.edit_comment", "ideas.delete_comment"):
        target = IdeaCommentFactory(idea=idea)
        author = target.author
    elif action == "ideas.idea_from_thread":
        target = QuestionFactory()
        author = target.author
    user = person(role, author)
    assert user.has_perm(action, target) is EXPECTED[action].get(role, False)


def test_the_edit_window_closes_for_authors_not_for_staff(settings):
    settings.IDEAS_EDIT_WINDOW_HOURS = 24
    idea = IdeaFactory(created_at=timezone.now() - timedelta(hours=25))
    assert not idea.author.has_perm("ideas.edit_idea", idea)
    assert UserFactory(roles=[Role.MODERATOR]).has_perm("ideas.edit_idea", idea)


def test_a_merged_idea_is_closed_to_votes_comments_and_edits():
    target = IdeaFactory()
    merged = IdeaFactory(merged_into=target, merged_at=timezone.now())
    member, moderator = UserFactory(), UserFactory(roles=[Role.MODERATOR])
    for action in ("ideas.vote", "ideas.post_comment"):
        assert not member.has_perm(action, merged)
    assert not moderator.has_perm("ideas.edit_idea", merged)
