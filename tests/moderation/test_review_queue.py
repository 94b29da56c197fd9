"""The review queue: one place for everything waiting, a decision per post or for a selection, all audited."""

import pytest

from community.accounts.models import Role
from community.models import AuditEntry
from forum.models import Answer, Question
from ideas.models import Idea, IdeaComment
from moderation import selectors, services
from moderation.models import Flag
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, CategoryFactory, QuestionFactory, ask
from tests.ideas.factories import IdeaCommentFactory, IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    return UserFactory(roles=[Role.MODERATOR])


def test_one_page_shows_held_flagged_and_re_asked_posts_with_their_reasons(client, moderator, hold_first_posts):
    ask(by=UserFactory(), title="A first question from a brand new member")
    flagged = IdeaCommentFactory(body="You are all idiots for wanting this")
    services.flag_post(post=flagged, by=UserFactory(), reason="abusive", note="insults")
    hidden = AnswerFactory(body="Mended answer, now without the advert in it")
    services.hide_post(post=hidden, by=moderator, note="An advert")
    Answer.objects.filter(pk=hidden.pk).update(review_asked_at=hidden.created_at)
    client.force_login(moderator)
    page = client.get("/moderation/")
    assert page.status_code == 200
    for text in (
        "A first question from a brand new member",
        "First post of a new member",
        "You are all idiots",
        "insults",
        "The author asks for a review",
        "An advert",
    ):
        assert text in page.text
    assert f'value="idea_comment:{flagged.pk}"' in page.text  # each can be selected for a bulk decision


def test_the_staff_menu_counts_what_waits(client, moderator, hold_first_posts):
    ask(by=UserFactory())
    services.flag_post(post=IdeaFactory(), by=UserFactory(), reason="spam")
    assert selectors.waiting_count(moderator) == 2
    client.force_login(moderator)
    assert "2 posts wait for review" in client.get("/staff/").text


def test_approve_without_reload_dismisses_the_flags(client, moderator):
    idea = IdeaFactory()
    services.flag_post(post=idea, by=UserFactory(), reason="off_topic")
    client.force_login(moderator)
    response = client.post(f"/moderation/posts/idea/{idea.pk}/", {"action": "approve"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.text == ""
    assert "Approved" in response.headers["HX-Trigger"]
    assert Flag.objects.get().status == Flag.Status.DISMISSED
    entry = AuditEntry.objects.get(action="post_approved")
    assert (entry.actor, entry.subject_id, entry.data["kind"]) == (moderator, idea.author_id, "idea")


def test_hide_delete_lock_and_move_from_the_queue(client, moderator, django_capture_on_commit_callbacks):
    question, elsewhere = QuestionFactory(), CategoryFactory()
    answer, comment = AnswerFactory(), IdeaCommentFactory()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/moderation/posts/answer/{answer.pk}/", {"action": "hide", "note": "Rude"})
    assert Answer.objects.get(pk=answer.pk).removal_note == "Rude"
    assert Notification.objects.filter(recipient=answer.author, kind="post_hidden").exists()
    client.post(f"/moderation/posts/idea_comment/{comment.pk}/", {"action": "delete"})
    assert IdeaComment.objects.get(pk=comment.pk).removal == "deleted"
    client.post(f"/moderation/posts/question/{question.pk}/", {"action": "lock"})
    client.post(f"/moderation/posts/question/{question.pk}/", {"action": "move", "category": elsewhere.pk})
    question.refresh_from_db()
    assert question.is_locked and question.category_id == elsewhere.pk
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"post_hidden", "post_deleted", "question_locked", "question_moved"} <= actions


def test_warning_the_author_tells_them_in_the_moderators_words(client, moderator, django_capture_on_commit_callbacks):
    answer = AnswerFactory()
    client.force_login(moderator)
    short = client.post(f"/moderation/posts/answer/{answer.pk}/warn/", {"message": "stop"})
    assert short.status_code == 422 and "stop" in short.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/moderation/posts/answer/{answer.pk}/warn/", {"message": "Please keep links to our own shop out."}
        )
    assert response.status_code == 302
    told = Notification.objects.get(recipient=answer.author, kind="author_warned")
    assert told.params["message"] == "Please keep links to our own shop out."
    assert AuditEntry.objects.get(action="author_warned").note == "Please keep links to our own shop out."


def test_bulk_decisions_on_a_selection(client, moderator, hold_links):
    writer = UserFactory()
    posts = [ask(by=writer, body=f"Look at http://spam.example/{n} for the answer, friends") for n in range(3)]
    keep = posts[0]
    client.force_login(moderator)
    chosen = [f"question:{p.pk}" for p in posts[1:]]
    response = client.post("/moderation/bulk/", {"items": chosen, "action": "delete"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "2 posts decided." in response.headers["HX-Trigger"]
    assert f'value="question:{keep.pk}"' in response.text and chosen[0] not in response.text
    assert list(Question.objects.filter(removal="deleted").order_by("pk")) == posts[1:]
    refused = client.post("/moderation/bulk/", {"items": [], "action": "approve"}, follow=True)
    assert "Select at least one post." in refused.text
    unknown = client.post("/moderation/bulk/", {"items": [f"question:{keep.pk}"], "action": "burn"}, follow=True)
    assert "Choose approve, hide or delete." in unknown.text
    assert Question.objects.get(pk=keep.pk).removal == "held"


def test_who_may_decide(client):
    idea = IdeaFactory()
    super_user = UserFactory(roles=[Role.SUPER_USER])
    client.force_login(UserFactory())
    assert client.get("/moderation/").status_code == 403
    assert client.post(f"/moderation/posts/idea/{idea.pk}/", {"action": "hide"}).status_code == 403
    client.force_login(super_user)
    assert client.get("/moderation/").status_code == 200
    assert client.post(f"/moderation/posts/idea/{idea.pk}/", {"action": "delete"}).status_code == 403
    assert client.get(f"/moderation/posts/idea/{idea.pk}/warn/").status_code == 403
    client.post(f"/moderation/posts/idea/{idea.pk}/", {"action": "hide"})
    assert Idea.objects.get(pk=idea.pk).removal == "hidden"


def test_nobody_decides_on_their_own_post(client, moderator):
    own = AnswerFactory(author=moderator)
    services.flag_post(post=own, by=UserFactory(), reason="spam")
    assert selectors.queue(moderator) == []
    client.force_login(moderator)
    response = client.post(f"/moderation/posts/answer/{own.pk}/", {"action": "approve"}, follow=True)
    assert "Someone else must decide on your own posts." in response.text
    assert Flag.objects.get().status == Flag.Status.OPEN
