"""Who hears of what on the idea board, through the notifications app and each person's preferences."""

import pytest
from django.core import mail
from django.utils import translation

from community.accounts.models import Role
from ideas import services
from ideas.models import Idea
from notifications import services as notification_services
from notifications.models import Delivery, Notification, Preference, Subscription
from tests.accounts.factories import UserFactory

from .factories import post

pytestmark = pytest.mark.django_db


def told(kind="idea_status") -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_writing_and_voting_follow_the_idea(django_capture_on_commit_callbacks):
    author, voter = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        idea = post(by=author)
        services.vote(idea=idea, by=voter)
    reasons = dict(Subscription.objects.filter(object_id=idea.pk).values_list("user_id", "reason"))
    assert reasons == {author.pk: Subscription.Reason.AUTHOR, voter.pk: Subscription.Reason.VOTED}


def test_a_status_change_tells_the_author_voters_and_followers_as_they_prefer(django_capture_on_commit_callbacks):
    author, quiet_voter, voter, follower, unfollowed, stranger = UserFactory.create_batch(6)
    staff = UserFactory(roles=[Role.MODERATOR])
    with django_capture_on_commit_callbacks(execute=True):
        idea = post(by=author, title="Export the heating history as a CSV file")
        for person in (quiet_voter, voter, unfollowed):
            services.vote(idea=idea, by=person)
    notification_services.follow(user=follower, target=idea)
    notification_services.unfollow(user=unfollowed, target=idea)
    notification_services.set_preference(user=quiet_voter, kind="idea_status", email=Preference.Email.OFF)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea=idea, by=staff, status="planned", response="Thank you — we have understood!")

    assert told() == {author.pk, quiet_voter.pk, voter.pk, follower.pk}  # not the actor, not who unfollowed
    assert stranger.pk not in told() and staff.pk not in told()
    emailed = {message.to[0] for message in mail.outbox}
    assert emailed == {author.email, voter.email, follower.email}  # quiet_voter chose no email
    line = Notification.objects.get(recipient=voter)
    assert line.url.startswith(idea.get_absolute_url())
    with translation.override("en"):
        assert line.text() == "“Export the heating history as a CSV file” is now Planned, with an official response"
    with translation.override("de"):
        assert "Export the heating history as a CSV file" in line.text()


def test_a_response_alone_and_the_same_event_twice_tell_once(django_capture_on_commit_callbacks):
    author, voter = UserFactory(), UserFactory()
    staff = UserFactory(roles=[Role.ADMIN])
    with django_capture_on_commit_callbacks(execute=True):
        idea = post(by=author)
        services.vote(idea=idea, by=voter)
        services.change_status(idea=idea, by=staff, status="new", response="We are looking at it.")
    line = Notification.objects.get(recipient=voter, kind="idea_status")
    with translation.override("en"):
        assert line.text().startswith("The team responded to")
    from community.models import Handoff
    from notifications.tasks import run_fanout

    fanout = Handoff.objects.get(task=run_fanout.name, kwargs__event_type="IdeaStatusChanged")
    Handoff.objects.filter(pk=fanout.pk).update(done_at=None)
    # A duplicate delivery of the same event.
    run_fanout.apply(kwargs=fanout.kwargs, headers={"handoff_key": fanout.key})
    event_id = fanout.kwargs["event"]["event_id"]
    assert Delivery.objects.filter(key=event_id, recipient=voter, channel="in_app").count() == 1
    assert Notification.objects.filter(recipient=voter, kind="idea_status").count() == 1


def test_a_merge_tells_the_voters_of_both_and_carries_followers_over(django_capture_on_commit_callbacks):
    duplicate_voter, target_voter, both, follower = UserFactory.create_batch(4)
    staff = UserFactory(roles=[Role.MODERATOR])
    with django_capture_on_commit_callbacks(execute=True):
        duplicate = post(title="Download my heating data as a spreadsheet")
        target = post(title="Export the heating history as a CSV file")
        for person in (duplicate_voter, both):
            services.vote(idea=duplicate, by=person)
        for person in (target_voter, both):
            services.vote(idea=target, by=person)
    notification_services.follow(user=follower, target=duplicate)

    with django_capture_on_commit_callbacks(execute=True):
        services.merge_ideas(idea=duplicate, into=target, by=staff)

    assert {duplicate_voter.pk, target_voter.pk, both.pk, follower.pk} <= told()
    assert Notification.objects.filter(recipient=both, kind="idea_status").count() == 1
    line = Notification.objects.get(recipient=duplicate_voter, kind="idea_status")
    assert line.url == target.get_absolute_url()
    with translation.override("en"):
        assert "merged into “Export the heating history as a CSV file”" in line.text()
    following = set(Subscription.objects.filter(object_id=target.pk, active=True).values_list("user_id", flat=True))
    assert {duplicate_voter.pk, follower.pk, duplicate.author_id} <= following


def test_comments_tell_the_ideas_author_and_replies_the_person_answered(django_capture_on_commit_callbacks):
    author, anna, ben = UserFactory(), UserFactory(display_name="Anna"), UserFactory(display_name="Ben")
    with django_capture_on_commit_callbacks(execute=True):
        idea = post(by=author, title="Export the heating history as a CSV file")
        first = services.post_comment(idea=idea, by=anna, body="Yes please!")
        services.post_comment(idea=idea, by=ben, body="Same here.", parent=first)
    author_line = Notification.objects.get(recipient=author, kind="idea_comment")
    with translation.override("en"):
        assert Notification.objects.get(recipient=anna, kind="idea_comment").text() == (
            "Ben replied to you on “Export the heating history as a CSV file”"
        )
        assert author_line.count == 2 and "2 new comments" in author_line.text()
    assert not Notification.objects.filter(recipient=ben).exists()


def test_the_idea_kinds_appear_in_the_preferences(client):
    user = UserFactory()
    client.force_login(user)
    html = client.get("/settings/notifications/").content.decode()
    assert "Status changes and official responses on ideas I follow" in html
    assert Idea.objects.count() == 0
