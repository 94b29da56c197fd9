"""A suspended member trying every action gets the reason (never a 500) and changes nothing; a silenced one
may still edit and follow; the services refuse the same way without HTTP."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from community.accounts.models import Role
from forum import services as forum_services
from forum.models import Answer, Question, Reply, Vote
from ideas import services as idea_services
from ideas.models import Idea, IdeaComment, IdeaVote
from moderation import services as moderation_services
from moderation import suspensions
from moderation.models import Flag
from notifications import services as notification_services
from notifications.models import Subscription
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, CategoryFactory, QuestionFactory, ReplyFactory
from tests.ideas.factories import IdeaCommentFactory, IdeaFactory

pytestmark = pytest.mark.django_db

REASON = "Insults in three threads."
BODY = "A new text that is long enough to be a post here."


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    """The restricted member's own posts (written before the decision) and someone else's to act on."""
    person = UserFactory()
    other = UserFactory()
    question = QuestionFactory(author=other)
    return {
        "person": person,
        "category": CategoryFactory(),
        "question": question,
        "answer": AnswerFactory(question=question, author=other),
        "idea": IdeaFactory(author=other),
        "own_question": QuestionFactory(author=person),
        "own_answer": AnswerFactory(question=question, author=person),
        "own_reply": ReplyFactory(question=question, author=person),
        "own_idea": IdeaFactory(author=person),
        "own_comment": IdeaCommentFactory(author=person),
    }


def restrict(person, kind: str) -> None:
    suspensions.restrict_member(
        person=person,
        by=UserFactory(roles=[Role.ADMIN]),
        kind=kind,
        reason=REASON,
        ends_at=timezone.now() + timedelta(days=1),
    )


# (name, route name, the object whose pk is in the address or None, form data); the object is a key of `world`.
POSTS = [
    ("ask", "forum:ask", None, lambda w: {"title": "How do I reset the device?", "body": BODY,
                                          "category": w["category"].pk, "tags": "reset", "language": "en"}),
    ("answer", "forum:answer-create", "question", lambda w: {"body": BODY}),
    ("reply", "forum:reply-create", "question", lambda w: {"body": BODY}),
    ("idea", "ideas:idea-new", None, lambda w: {"title": "Export the history as a spreadsheet", "body": BODY}),
    ("comment", "ideas:comment-create", "idea", lambda w: {"body": BODY}),
]  # fmt: skip
VOTES_AND_FLAGS = [
    ("vote on a question", "forum:question-vote", "question", lambda w: {"value": "1"}),
    ("vote on an answer", "forum:answer-vote", "answer", lambda w: {"value": "1"}),
    ("vote for an idea", "ideas:idea-vote", "idea", lambda w: {"value": "1"}),
    ("flag", "moderation:flag", "answer", lambda w: {"reason": "spam"}),
]
EDITS_AND_FOLLOWS = [
    ("edit a question", "forum:question-edit", "own_question", lambda w: {"title": "A changed title of my question",
                                                                          "body": BODY, "tags": "reset"}),
    ("edit an answer", "forum:answer-edit", "own_answer", lambda w: {"body": BODY}),
    ("edit a reply", "forum:reply-edit", "own_reply", lambda w: {"body": BODY}),
    ("edit an idea", "ideas:idea-edit", "own_idea", lambda w: {"title": "A changed title for my idea", "body": BODY}),
    ("edit a comment", "ideas:comment-edit", "own_comment", lambda w: {"body": BODY}),
    ("follow", "notifications:follow", "question", lambda w: {"follow": "1"}),
]  # fmt: skip
EVERY_ACTION = POSTS + VOTES_AND_FLAGS + EDITS_AND_FOLLOWS


def address(world, route: str, target: str | None) -> str:
    if target is None:
        return reverse(route)
    obj = world[target]
    if route == "moderation:flag":
        return reverse(route, args=["answer", obj.pk])
    if route == "notifications:follow":
        return reverse(route, args=["question", obj.pk])
    return reverse(route, args=[obj.pk])


def state(world) -> tuple:
    """Everything an action could change, to show that nothing did."""
    return (
        Question.objects.count(),
        Answer.objects.count(),
        Reply.objects.count(),
        Vote.objects.count(),
        Idea.objects.count(),
        IdeaComment.objects.count(),
        IdeaVote.objects.count(),
        Flag.objects.count(),
        Subscription.objects.filter(active=True).count(),
        sorted(Question.objects.values_list("title", "body")),
        sorted(Answer.objects.values_list("body", flat=True)),
        sorted(Reply.objects.values_list("body", flat=True)),
        sorted(Idea.objects.values_list("title", "body")),
        sorted(IdeaComment.objects.values_list("body", flat=True)),
    )


@pytest.mark.parametrize(("name", "route", "target", "data"), EVERY_ACTION, ids=[a[0] for a in EVERY_ACTION])
def test_a_suspended_member_gets_the_reason_for_every_action_and_nothing_changes(world, name, route, target, data):
    restrict(world["person"], "suspended")
    client = Client(raise_request_exception=False)
    client.force_login(world["person"])
    before = state(world)
    response = client.post(address(world, route, target), data(world))
    assert response.status_code == 403, name
    assert REASON in response.text and "Your account is suspended until" in response.text
    assert state(world) == before


@pytest.mark.parametrize(
    ("name", "route", "target", "data"), POSTS + VOTES_AND_FLAGS, ids=[a[0] for a in POSTS + VOTES_AND_FLAGS]
)
def test_a_silenced_member_cannot_post_vote_or_flag(world, name, route, target, data):
    restrict(world["person"], "silenced")
    client = Client(raise_request_exception=False)
    client.force_login(world["person"])
    before = state(world)
    response = client.post(address(world, route, target), data(world))
    assert response.status_code == 403, name
    assert REASON in response.text and "You are silenced until" in response.text
    assert state(world) == before


@pytest.mark.parametrize(("name", "route", "target", "data"), EDITS_AND_FOLLOWS, ids=[a[0] for a in EDITS_AND_FOLLOWS])
def test_a_silenced_member_may_still_edit_their_posts_and_follow(world, name, route, target, data):
    restrict(world["person"], "silenced")
    client = Client(raise_request_exception=False)
    client.force_login(world["person"])
    before = state(world)
    response = client.post(address(world, route, target), data(world))
    assert response.status_code in (200, 302), name
    assert state(world) != before


def test_an_htmx_vote_gets_the_reason_as_a_toast(world):
    restrict(world["person"], "suspended")
    client = Client()
    client.force_login(world["person"])
    response = client.post(
        reverse("forum:answer-vote", args=[world["answer"].pk]), {"value": "1"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 403
    assert REASON in response.headers["HX-Trigger"]


def test_signing_out_and_unfollowing_stay_open(world):
    person = world["person"]
    notification_services.follow(user=person, target=world["question"])
    restrict(person, "suspended")
    client = Client()
    client.force_login(person)
    client.post(reverse("notifications:follow", args=["question", world["question"].pk]), {"follow": "0"})
    assert not Subscription.objects.get(user=person).active
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_the_services_refuse_a_suspended_member_without_http(world):
    from django.core.exceptions import PermissionDenied

    person = world["person"]
    restrict(person, "suspended")
    calls = [
        lambda: forum_services.ask_question(
            by=person, title="How do I reset the device?", body=BODY, category=world["category"], tags=["x1"]
        ),
        lambda: forum_services.post_answer(question=world["question"], by=person, body=BODY),
        lambda: forum_services.post_reply(question=world["question"], by=person, body=BODY),
        lambda: forum_services.vote(post=world["answer"], by=person, value=1),
        lambda: forum_services.edit_answer(answer=world["own_answer"], by=person, body=BODY),
        lambda: idea_services.post_idea(by=person, title="Export the history as a spreadsheet", body=BODY),
        lambda: idea_services.post_comment(idea=world["idea"], by=person, body=BODY),
        lambda: idea_services.vote(idea=world["idea"], by=person),
        lambda: idea_services.edit_comment(comment=world["own_comment"], by=person, body=BODY),
        lambda: moderation_services.flag_post(post=world["answer"], by=person, reason="spam"),
        lambda: notification_services.follow(user=person, target=world["question"]),
    ]
    before = state(world)
    for call in calls:
        with pytest.raises(PermissionDenied, match=REASON):
            call()
    assert state(world) == before


def test_the_refusal_names_no_end_for_good():
    person = UserFactory()
    suspensions.restrict_member(
        person=person, by=UserFactory(roles=[Role.ADMIN]), kind="suspended", reason=REASON, ends_at=None
    )
    message = suspensions.in_force(person).message()
    assert message.startswith("Your account is suspended: ") and REASON in message and "until" not in message


def test_a_suspended_moderator_decides_nothing():
    moderator = UserFactory(roles=[Role.MODERATOR])
    restrict(moderator, "suspended")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match=REASON):
        suspensions.restrict_member(person=UserFactory(), by=moderator, kind="silenced", reason="x", ends_at=None)


def test_where_a_restricted_member_would_post_they_read_so_and_not_to_confirm_their_address(world):
    """The thread is kept per kind of reader: one who may not post because of a suspension, a silencing or an
    unconfirmed address each read their own line, whoever read the thread first."""
    suspended, silenced, unconfirmed = UserFactory(), UserFactory(), UserFactory(verified=False)
    restrict(suspended, "suspended")
    restrict(silenced, "silenced")
    lines = {
        suspended: "Your account is suspended, so you cannot post now.",
        silenced: "You are silenced, so you cannot post now.",
        unconfirmed: "Please confirm your email address before you answer.",
    }
    for reader, line in lines.items():
        client = Client()
        client.force_login(reader)
        page = client.get(world["question"].get_absolute_url()).text
        assert line in page
        assert [other for other in lines.values() if other in page] == [line]
        ask = client.get(reverse("forum:ask")).text
        if reader is unconfirmed:
            assert "Please confirm your email address first" in ask
        else:
            assert line in ask and 'href="#restriction"' in ask and 'id="restriction"' in ask
            assert "confirm your email" not in ask and "confirm your email" not in page
