from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from community import events
from community.accounts.models import Role
from community.handoffs import handoff
from community.models import Handoff
from community.tasks import sweep_handoffs
from forum import services as forum
from forum.models import Category
from notifications import services
from notifications.models import Delivery, Notification, Preference
from notifications.tasks import run_fanout, sweep
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, CategoryFactory, QuestionFactory, ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block as if its transaction committed: handlers and (eager) tasks run at the end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def notes(user):
    """The forum's news for a person (badges and ranks from the reputation app are tested there)."""
    return list(Notification.objects.filter(recipient=user).exclude(kind__in=["badge", "rank", "reputation"]))


def test_the_asker_hears_of_a_new_answer_in_the_app_and_by_email(committed):
    asker = UserFactory(language="de", display_name="Anna")
    with committed():
        question = ask(by=asker, title="Wie setze ich das Passwort zurück?")
    helper = UserFactory(display_name="Ben")
    with committed():
        answer = forum.post_answer(question=question, by=helper, body="Unter Konto → Sicherheit.")
    (note,) = notes(asker)
    assert note.kind == "new_answer" and note.url.endswith(f"#answer-{answer.pk}")
    assert notes(helper) == []  # never the actor
    (message,) = mail.outbox
    assert message.to == [asker.email]
    assert "Ben" in message.subject
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    assert "Hallo Anna" in message.body and "Hallo Anna" in html
    assert f"#answer-{answer.pk}" in message.body


def test_several_answers_close_in_time_share_one_line(committed):
    asker = UserFactory()
    with committed():
        question = ask(by=asker)
    for _ in range(3):
        with committed():
            forum.post_answer(question=question, by=UserFactory(), body="Another helpful answer here.")
    (note,) = notes(asker)
    assert note.count == 3
    assert "3 new answers" in note.text()


def test_replies_reach_the_post_author_and_the_person_replied_to(committed):
    answer = AnswerFactory()
    first, second = UserFactory(), UserFactory()
    with committed():
        reply = forum.post_reply(question=answer.question, answer=answer, by=first, body="Does that work for you?")
    with committed():
        forum.post_reply(question=answer.question, answer=answer, parent=reply, by=second, body="Yes it does.")
    assert [n.kind for n in notes(answer.author)] == ["reply"]
    assert notes(answer.author)[0].count == 2
    assert [n.kind for n in notes(first)] == ["reply"]
    assert notes(second) == []


def test_accepted_answers_mentions_and_followed_categories(committed):
    answer = AnswerFactory()
    with committed():
        forum.accept_answer(answer=answer, by=answer.question.author)
    assert [n.kind for n in notes(answer.author)] == ["accepted"]

    mentioned = UserFactory(handle="mira")
    with committed():
        forum.post_reply(question=answer.question, by=UserFactory(), body="@mira knows this, @nobody does not")
    assert [n.kind for n in notes(mentioned)] == ["mention"]

    category = CategoryFactory()
    fan, tag_fan = UserFactory(), UserFactory()
    services.follow(user=fan, target=category)
    with committed():
        question = ask(category=category, tags=["router"])
    assert [n.kind for n in notes(fan)] == ["new_question"]
    from taggit.models import Tag

    services.follow(user=tag_fan, target=Tag.objects.get(name="router"))
    with committed():
        ask(title="Another router question for the tag", tags=["router"], category=CategoryFactory())
    assert [n.kind for n in notes(tag_fan)] == ["new_question"]
    assert question.author not in {n.recipient for n in Notification.objects.filter(kind="new_question")}


def test_a_vote_milestone_is_told_once_even_if_reached_twice(committed):
    answer = AnswerFactory()
    voters = UserFactory.create_batch(5)
    with committed():
        for voter in voters:
            forum.vote(post=answer, by=voter, value=1)
        forum.vote(post=answer, by=voters[0], value=0)
        forum.vote(post=answer, by=voters[0], value=1)
    milestones = [n for n in notes(answer.author) if n.kind == "vote_milestone"]
    assert len(milestones) == 1 and "5 votes" in milestones[0].text()


def test_people_who_cannot_see_the_category_hear_nothing_from_it(committed):
    hidden = CategoryFactory(audience=Category.Audience.STAFF)
    member, agent = UserFactory(), UserFactory(roles=[Role.AGENT])
    services.follow(user=member, target=hidden)
    services.follow(user=agent, target=hidden)
    with committed():
        ask(by=UserFactory(roles=[Role.MODERATOR]), category=hidden)
    assert notes(member) == []
    assert [n.kind for n in notes(agent)] == ["new_question"]


def test_unfollowing_stops_news_and_answering_again_does_not_follow_again(committed):
    asker = UserFactory()
    with committed():
        question = ask(by=asker)
    services.unfollow(user=asker, target=question)
    with committed():
        forum.post_reply(question=question, by=asker, body="A reply of mine again")
        forum.post_answer(question=question, by=UserFactory(), body="An answer nobody hears about")
    assert notes(asker) == []


def test_preferences_decide_the_channels(committed):
    asker = UserFactory()
    services.set_preference(user=asker, kind="new_answer", email="off", in_app=False)
    with committed():
        question = ask(by=asker)
        forum.post_answer(question=question, by=UserFactory(), body="An answer that stays quiet.")
    assert notes(asker) == []
    assert mail.outbox == [], [m.subject for m in mail.outbox]
    services.set_preference(user=asker, kind="new_answer", email="daily", in_app=True)
    with committed():
        forum.post_answer(question=question, by=UserFactory(), body="An answer for the digest.")
    assert len(notes(asker)) == 1
    assert [m for m in mail.outbox if asker.email in m.to] == []  # the first answerer, who follows now, got one
    assert Delivery.objects.filter(recipient=asker, channel="digest", status="pending", kind="new_answer").count() == 1


def test_a_fan_out_run_twice_tells_nobody_twice(committed):
    asker = UserFactory()
    with committed():
        question = ask(by=asker)
        forum.post_answer(question=question, by=UserFactory(), body="Answer number one here.")
    record = Handoff.objects.get(task=run_fanout.name, kwargs__event_type="AnswerPosted")
    assert record.done_at is not None
    Handoff.objects.filter(pk=record.pk).update(done_at=None)  # as if the worker died before marking it
    run_fanout.apply(kwargs=record.kwargs, headers={"handoff_key": record.key})  # the sweep's message
    run_fanout.apply(kwargs=record.kwargs, headers={"handoff_key": record.key})  # and a duplicate of it
    run_fanout(**record.kwargs)  # even a call outside any hand-off
    assert Notification.objects.get(recipient=asker, kind="new_answer").count == 1
    assert Delivery.objects.filter(recipient=asker, channel="email").count() == 1
    assert len(mail.outbox) == 1


def test_the_sweep_finishes_a_fan_out_the_worker_never_ran(committed, settings):
    settings.HANDOFF_SWEEP_AFTER_SECONDS = 60
    asker = UserFactory()
    with committed():
        question = ask(by=asker)
    # The answer commits and its fan-out row is written, but the message is lost with a killed worker.
    answer = forum.post_answer(question=question, by=UserFactory(), body="An answer whose message was lost.")
    record = Handoff.objects.get(task=run_fanout.name, kwargs__event_type="AnswerPosted")
    assert record.done_at is None and notes(asker) == []
    assert sweep_handoffs() == {"sent": 0, "forgotten": 0}  # not yet: the worker may still be at it
    Handoff.objects.filter(pk=record.pk).update(sent_at=timezone.now() - timedelta(minutes=2))
    assert sweep_handoffs()["sent"] >= 1
    assert len(notes(asker)) == 1 and len(mail.outbox) == 1
    record.refresh_from_db()
    assert record.done_at is not None and record.attempts == 2
    assert [n.url for n in notes(asker)] == [f"{question.get_absolute_url()}#answer-{answer.pk}"]


class FailingBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPServerDisconnected("mail server down")


def test_a_failing_mail_server_leaves_the_email_waiting_for_a_retry(committed, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_fanout.FailingBackend"
    asker = UserFactory()
    with committed():
        question = ask(by=asker)
    with committed():  # the send fails inside the task, which asks Celery to retry later
        forum.post_answer(question=question, by=UserFactory(), body="Answer while mail is down.")
    delivery = Delivery.objects.get(recipient=asker, channel="email")
    assert delivery.status == "pending" and delivery.attempts >= 1 and "down" in delivery.last_error
    assert len(notes(asker)) == 1  # the app still knows
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NOTIFICATIONS_SWEEP_AFTER_SECONDS = -1
    sweep()
    delivery.refresh_from_db()
    assert delivery.status == "sent" and len(mail.outbox) == 1


def test_notify_is_idempotent_per_key_recipient_and_channel():
    people = UserFactory.create_batch(3)
    news = services.News(key="k1", kind="mention", title="T", url="/q/1/t/", group_key="g")
    first = services.notify(news, [p.pk for p in people])
    again = services.notify(news, [p.pk for p in people])
    assert len(first) == 3 and again == []
    assert Notification.objects.count() == 3
    assert Delivery.objects.filter(channel="in_app").count() == 3


def test_deleted_question_fanouts_tell_nobody(committed):
    asker = UserFactory()
    question = QuestionFactory(author=asker)
    services.follow(user=asker, target=question)
    answer = AnswerFactory(question=question)
    forum.delete_question(question=question, by=asker)
    event = events.AnswerPosted(
        question_id=question.pk, answer_id=answer.pk, author_id=answer.author_id, question_author_id=asker.pk
    )
    handoff(run_fanout, key="late-fan-out", event_type="AnswerPosted", event=event.as_task_kwargs())
    assert run_fanout(event_type="AnswerPosted", event=event.as_task_kwargs()) == 0
    assert Preference.objects.count() == 0 and notes(asker) == []
