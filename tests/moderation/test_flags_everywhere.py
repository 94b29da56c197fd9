"""Every kind of post can be flagged, for a reason; a flag that cannot be taken is refused with the reason."""

import pytest

from community.accounts.models import Role
from moderation import services
from moderation.models import Flag
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, QuestionFactory, ReplyFactory
from tests.ideas.factories import IdeaCommentFactory, IdeaFactory

pytestmark = pytest.mark.django_db

KINDS = {
    "question": QuestionFactory,
    "answer": AnswerFactory,
    "reply": ReplyFactory,
    "idea": IdeaFactory,
    "idea_comment": IdeaCommentFactory,
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_member_flags_every_kind_of_post_over_http(client, kind):
    post = KINDS[kind]()
    reporter = UserFactory()
    client.force_login(reporter)
    form = client.get(f"/moderation/flag/{kind}/{post.pk}/")
    assert form.status_code == 200 and "Rude or abusive" in form.text
    response = client.post(f"/moderation/flag/{kind}/{post.pk}/", {"reason": "abusive"}, follow=True)
    assert "Thank you. Super users and moderators will look at it." in response.text
    flag = Flag.objects.get()
    assert (flag.kind, flag.object_id, flag.reporter, flag.author_id) == (kind, post.pk, reporter, post.author_id)


def test_the_flag_link_is_under_posts_and_ideas(client):
    answer = AnswerFactory()
    idea = IdeaFactory()
    comment = IdeaCommentFactory(idea=idea)
    client.force_login(UserFactory())
    assert f"/moderation/flag/answer/{answer.pk}/" in client.get(answer.question.get_absolute_url()).text
    page = client.get(idea.get_absolute_url()).text
    assert f"/moderation/flag/idea/{idea.pk}/" in page and f"/moderation/flag/idea_comment/{comment.pk}/" in page


def test_other_needs_words_and_keeps_what_was_typed(client):
    answer = AnswerFactory()
    client.force_login(UserFactory())
    response = client.post(f"/moderation/flag/answer/{answer.pk}/", {"reason": "other", "note": "   "})
    assert response.status_code == 422 and "Please say what is wrong with it." in response.text
    with pytest.raises(Exception, match="Please say what is wrong with it"):
        services.flag_post(post=answer, by=UserFactory(), reason="other", note="")
    response = client.post(f"/moderation/flag/answer/{answer.pk}/", {"reason": "other", "note": "copied from a blog"})
    assert response.status_code == 302
    assert Flag.objects.get().note == "copied from a blog"


def test_a_second_flag_by_the_same_person_is_refused_and_changes_nothing(client):
    idea = IdeaFactory()
    client.force_login(UserFactory())
    client.post(f"/moderation/flag/idea/{idea.pk}/", {"reason": "spam"})
    response = client.post(f"/moderation/flag/idea/{idea.pk}/", {"reason": "off_topic"})
    assert response.status_code == 422 and "You flagged this post already." in response.text
    assert list(Flag.objects.values_list("reason", flat=True)) == ["spam"]


def test_a_second_flag_after_a_dismissal_is_refused_too():
    answer = AnswerFactory()
    reporter = UserFactory()
    flag = services.flag_post(post=answer, by=reporter, reason="spam")
    services.handle_flag(flag=flag, by=UserFactory(roles=[Role.MODERATOR]), uphold=False)
    with pytest.raises(Exception, match="You flagged this post already"):
        services.flag_post(post=answer, by=reporter, reason="spam")
    assert Flag.objects.count() == 1


def test_nobody_flags_their_own_post(client):
    comment = IdeaCommentFactory()
    client.force_login(comment.author)
    response = client.post(f"/moderation/flag/idea_comment/{comment.pk}/", {"reason": "spam"})
    assert response.status_code == 403 and "You cannot flag your own post." in response.text
    with pytest.raises(Exception, match="You cannot flag your own post"):
        services.flag_post(post=comment, by=comment.author, reason="spam")
    assert not Flag.objects.exists()


def test_people_who_may_not_write_may_not_flag(client):
    question = QuestionFactory()
    assert client.get(f"/moderation/flag/question/{question.pk}/").status_code == 302  # to sign in
    client.force_login(UserFactory(verified=False))
    response = client.post(f"/moderation/flag/question/{question.pk}/", {"reason": "spam"})
    assert response.status_code == 403 and "confirmed email address" in response.text
    assert not Flag.objects.exists()


def test_unknown_kinds_and_missing_posts_are_404(client):
    client.force_login(UserFactory())
    assert client.get("/moderation/flag/vote/1/").status_code == 404
    assert client.get("/moderation/flag/answer/999999/").status_code == 404
