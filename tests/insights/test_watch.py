"""Watch lists: who keeps them, how posts match them (stemmed, German and English), and who hears of a match."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from community import events
from community.accounts.models import Role
from forum import services as forum
from forum.models import Category
from insights.models import WatchHit, WatchList
from insights.services import watch as services
from insights.watch_tasks import match_watch_lists
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, CategoryFactory, QuestionFactory, ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def moderator():
    return UserFactory(roles=[Role.MODERATOR], display_name="Mona")


def watch(moderator, *, terms=(), tags=(), watchers=None, **more) -> WatchList:
    return services.create_watch_list(
        by=moderator, name="Outages", terms=list(terms), tags=list(tags), watchers=watchers or [moderator], **more
    )


def test_members_and_agents_cannot_keep_watch_lists(moderator):
    for role in ([], [Role.AGENT], [Role.SUPER_USER]):
        with pytest.raises(PermissionDenied):
            watch(UserFactory(roles=role), terms=["router"], watchers=[moderator])
    assert not WatchList.objects.exists()


def test_a_list_needs_a_term_or_tag_and_staff_watchers(moderator):
    with pytest.raises(ValidationError):
        watch(moderator)
    with pytest.raises(ValidationError):
        watch(moderator, terms=["router"], watchers=[UserFactory()])
    agent = UserFactory(roles=[Role.AGENT])
    made = watch(moderator, terms=[" router ", "Router", "Störung"], tags=["#WLAN"], watchers=[agent])
    assert made.terms == ["router", "Störung"] and list(made.watchers.all()) == [agent]


def test_a_german_post_matches_the_stem_of_a_term(moderator, committed):
    watch_list = watch(moderator, terms=["Störung", "kündigen"])
    with committed():
        question = ask(
            title="Seit gestern ständig Störungen im Netz",
            body="Wenn das so weitergeht, kündige ich meinen Vertrag.",
            language="de",
            tags=[],
        )
    (hit,) = WatchHit.objects.filter(watch_list=watch_list)
    assert (hit.kind, hit.object_id, hit.question_id) == ("question", question.pk, question.pk)
    assert set(hit.matched_terms) == {"kündigen", "Störung"}


def test_an_english_answer_matches_stemmed_words_and_a_phrase(moderator, committed):
    watch_list = watch(moderator, terms=["outage", "cancel my contract", "refund"])
    question = QuestionFactory(language="en")
    with committed():
        answer = forum.post_answer(
            question=question, by=UserFactory(), body="Two outages this week. I will cancel my contract today."
        )
    (hit,) = WatchHit.objects.filter(watch_list=watch_list)
    assert (hit.kind, hit.object_id) == ("answer", answer.pk)
    assert sorted(hit.matched_terms) == ["cancel my contract", "outage"]


def test_a_phrase_needs_its_words_in_order(moderator, committed):
    watch(moderator, terms=["cancel my contract"])
    with committed():
        ask(title="My contract: can I cancel it online?", body="Where do I find the form for this?", tags=[])
    assert not WatchHit.objects.exists()


def test_tags_match_exactly_and_categories_narrow_the_list(moderator, committed):
    mine, other = CategoryFactory(), CategoryFactory()
    tagged = watch(moderator, tags=["router"])
    narrow = watch(moderator, terms=["router"], categories=[mine])
    with committed():
        ask(
            title="Which one should I buy today?",
            body="Any advice is welcome, thank you.",
            tags=["Router"],
            category=other,
        )
    assert WatchHit.objects.filter(watch_list=tagged).get().matched_tags == ["router"]
    assert not WatchHit.objects.filter(watch_list=narrow).exists()
    with committed():
        ask(title="My router reboots every night", body="Since the update last week.", tags=[], category=mine)
    assert WatchHit.objects.filter(watch_list=narrow).count() == 1


def test_held_and_hidden_posts_and_paused_lists_do_not_match(moderator, committed):
    watch(moderator, terms=["router"])
    watch(moderator, terms=["router"], active=False)
    held = QuestionFactory(title="Router trouble again and again", removal="held")
    assert services.match_post(kind="question", object_id=held.pk) == []
    hidden_thread = QuestionFactory(title="Something else entirely here", removal="hidden")
    answer = AnswerFactory(question=hidden_thread, body="Reset the router.")
    assert services.match_post(kind="answer", object_id=answer.pk) == []
    assert not WatchHit.objects.exists()


def test_the_same_event_twice_and_an_edit_make_one_hit_and_one_alert(moderator, committed):
    watch_list = watch(moderator, terms=["router"])
    with committed():
        question = ask(title="My router drops the connection", body="Every evening at eight.", tags=[])
    event = events.QuestionAsked(question_id=question.pk, author_id=question.author_id, category_id=1, language="en")
    with committed():
        match_watch_lists(event_type="QuestionAsked", event=event.as_task_kwargs())
    with committed():
        forum.edit_question(question=question, by=question.author, title=question.title, body="Router still broken.")
    assert WatchHit.objects.filter(watch_list=watch_list).count() == 1
    assert Notification.objects.filter(recipient=moderator, kind="watch_match").count() == 1


def test_watchers_hear_of_a_match_in_the_app_and_by_email(moderator, committed):
    agent = UserFactory(roles=[Role.AGENT], display_name="Arne")
    member = UserFactory()
    watch_list = watch(moderator, terms=["kündigen"], watchers=[moderator, agent])
    WatchList.watchers.through.objects.create(watchlist=watch_list, user=member)  # slipped in: never told
    mail.outbox.clear()
    with committed():
        question = ask(title="Wie kann ich online kündigen?", body="Ich finde das Formular nicht.", language="de")
    (note,) = Notification.objects.filter(recipient=moderator, kind="watch_match")
    assert note.url == question.get_absolute_url()
    assert "Outages" in note.text() and "kündigen" in note.text()
    assert Notification.objects.filter(recipient=agent, kind="watch_match").count() == 1
    assert not Notification.objects.filter(recipient=member).filter(kind="watch_match").exists()
    recipients = {address for message in mail.outbox for address in message.to}
    assert {moderator.email, agent.email} <= recipients and member.email not in recipients
    assert any(question.get_absolute_url() in message.body for message in mail.outbox)


def test_only_watchers_who_may_see_the_category_hear_of_it(moderator, committed):
    hidden = CategoryFactory(audience=Category.Audience.SUPER_USERS)
    agent = UserFactory(roles=[Role.AGENT])  # agents are not among a super-users category's readers
    watch(moderator, terms=["router"], watchers=[moderator, agent])
    with committed():
        QuestionFactory(category=hidden)
        question = QuestionFactory(category=hidden, title="The router of the beta programme")
        events.publish(
            events.QuestionAsked(
                question_id=question.pk, author_id=question.author_id, category_id=hidden.pk, language="en"
            )
        )
    assert Notification.objects.filter(recipient=moderator, kind="watch_match").count() == 1
    assert not Notification.objects.filter(recipient=agent, kind="watch_match").exists()
