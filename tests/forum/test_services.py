from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community import events
from community.accounts.models import Role
from forum import services
from forum.models import Answer, Category, Question, Reply, Revision, Vote
from tests.accounts.factories import UserFactory

from .factories import AnswerFactory, CategoryFactory, QuestionFactory, ReplyFactory, ask

pytestmark = pytest.mark.django_db


# Events other apps publish in reaction (badges, ranks) are theirs to test.
OTHERS = {"BadgeAwarded", "RankReached"}


def kinds(log):
    return [type(event).__name__ for event in mine(log)]


def mine(log):
    return [event for event in log if type(event).__name__ not in OTHERS]


# Asking


def test_asking_creates_the_question_its_first_revision_and_an_event(django_capture_on_commit_callbacks, event_log):
    asker = UserFactory(language="de")
    category = CategoryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        question = services.ask_question(
            by=asker,
            title="Wie verbinde ich die Box mit dem WLAN?",
            body="Ich finde die Einstellung nicht **dort**.",
            category=category,
            tags="WLAN, einrichtung",
            language=None,
        )
    question.refresh_from_db()
    assert question.language == "de"  # the asker's language by default
    assert sorted(question.tags.names()) == ["einrichtung", "wlan"]
    assert "<strong>dort</strong>" in question.body_html
    assert question.excerpt == "Ich finde die Einstellung nicht dort."
    assert Revision.objects.get(question=question).number == 1
    assert Category.objects.get(pk=category.pk).question_count == 1
    assert kinds(event_log) == ["QuestionAsked"]
    assert mine(event_log)[0].question_id == question.pk


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "Too short"}, "title"),
        ({"title": "x" * 151}, "title"),
        ({"body": "   "}, "body"),
        ({"body": "y" * 30_001}, "body"),
        ({"category": None}, "category"),
        ({"tags": ["a1", "b2", "c3", "d4", "e5", "f6"]}, "tags"),
        ({"tags": ["<script>"]}, "tags"),
        ({"language": "fr"}, "language"),
    ],
)
def test_bad_questions_are_refused_field_by_field_and_nothing_is_saved(changes, field):
    with pytest.raises(ValidationError) as refused:
        ask(**changes)
    assert field in refused.value.message_dict
    assert not Question.objects.exists()


def test_all_problems_of_a_question_are_reported_at_once():
    with pytest.raises(ValidationError) as refused:
        ask(title="", body="", category=None)
    assert set(refused.value.message_dict) == {"title", "body", "category"}


def test_a_category_the_asker_cannot_see_is_refused():
    staff_only = CategoryFactory(audience=Category.Audience.STAFF)
    with pytest.raises(ValidationError, match="listed categories"):
        ask(category=staff_only)
    ask(by=UserFactory(roles=[Role.AGENT]), category=staff_only)


def test_people_without_a_confirmed_email_cannot_ask():
    with pytest.raises(PermissionDenied):
        ask(by=UserFactory(verified=False))


def test_new_members_have_an_hourly_limit_and_older_members_do_not(settings):
    settings.NEW_MEMBER_POSTS_PER_HOUR = 3
    newcomer = UserFactory()
    question = ask(by=newcomer)
    services.post_reply(question=question, by=newcomer, body="Some more details here.")
    services.post_answer(question=question, by=newcomer, body="I found it myself: restart helps.")
    with pytest.raises(ValidationError, match="3 times an hour"):
        ask(by=newcomer, title="Another question about my device")
    veteran = UserFactory()
    veteran.date_joined = timezone.now() - timedelta(days=30)
    veteran.save()
    for n in range(4):
        ask(by=veteran, title=f"Question number {n} from a veteran member")


# Answers and replies


def test_answering_counts_touches_and_publishes(django_capture_on_commit_callbacks, event_log):
    question = QuestionFactory()
    helper = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.post_answer(question=question, by=helper, body="Press the reset button for 10 s.")
    question.refresh_from_db()
    assert question.answer_count == 1
    assert question.last_activity_by == helper
    assert kinds(event_log) == ["AnswerPosted"]
    assert mine(event_log)[0].question_author_id == question.author_id
    assert Revision.objects.get(answer=answer).number == 1


@pytest.mark.parametrize("state", ["locked", "closed", "deleted"])
def test_no_new_answers_on_a_locked_closed_or_deleted_question(state):
    question = QuestionFactory(
        is_locked=state == "locked",
        closed_at=timezone.now() if state == "closed" else None,
        close_reason="off_topic" if state == "closed" else "",
        deleted_at=timezone.now() if state == "deleted" else None,
    )
    with pytest.raises(ValidationError):
        services.post_answer(question=question, by=UserFactory(), body="An answer that must not appear.")
    assert not Answer.objects.exists()


def test_replies_to_the_question_to_an_answer_and_to_a_reply(django_capture_on_commit_callbacks, event_log):
    answer = AnswerFactory()
    question = answer.question
    first, second = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        under_question = services.post_reply(question=question, by=first, body="Which model do you have?")
        under_answer = services.post_reply(question=question, answer=answer, by=first, body="Did that work?")
        to_reply = services.post_reply(
            question=question, answer=answer, parent=under_answer, by=second, body="Yes, it did."
        )
    assert under_question.answer is None
    assert to_reply.parent == under_answer
    assert Question.objects.get(pk=question.pk).reply_count == 1
    assert Answer.objects.get(pk=answer.pk).reply_count == 2
    posted = [e for e in event_log if isinstance(e, events.ReplyPosted)]
    assert [e.parent_author_id for e in posted] == [None, None, first.pk]
    assert posted[1].post_author_id == answer.author_id


def test_a_reply_cannot_answer_a_reply_in_another_thread():
    elsewhere = ReplyFactory()
    question = QuestionFactory()
    with pytest.raises(ValidationError, match="same thread"):
        services.post_reply(question=question, parent=elsewhere, by=UserFactory(), body="Mixed up")


def test_replies_are_allowed_on_a_closed_but_not_on_a_locked_question():
    closed = QuestionFactory(closed_at=timezone.now(), close_reason="resolved")
    services.post_reply(question=closed, by=UserFactory(), body="Glad it is solved.")
    locked = QuestionFactory(is_locked=True)
    with pytest.raises(ValidationError, match="locked"):
        services.post_reply(question=locked, by=UserFactory(), body="Hello?")


# Editing and deleting


def test_authors_edit_within_the_window_and_the_history_keeps_every_version(settings):
    settings.FORUM_EDIT_WINDOW_HOURS = 24
    question = ask()
    services.edit_question(
        question=question,
        by=question.author,
        title="The app shows my device as offline since today",
        body=question.body + " Update: rebooted twice.",
        tags=["app", "offline"],
        note="more detail",
    )
    question.refresh_from_db()
    assert question.edited_at is not None
    assert sorted(question.tags.names()) == ["app", "offline"]
    revisions = list(question.revisions.order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[1].note == "more detail"
    assert revisions[0].title == "The app shows my device as offline"


def test_after_the_edit_window_only_super_users_and_moderators_edit(settings):
    settings.FORUM_EDIT_WINDOW_HOURS = 1
    answer = AnswerFactory(created_at=timezone.now() - timedelta(hours=2))
    with pytest.raises(PermissionDenied):
        services.edit_answer(answer=answer, by=answer.author, body="Changed my mind about this.")
    services.edit_answer(answer=answer, by=UserFactory(roles=[Role.SUPER_USER]), body="Fixed a typo in here.")
    services.edit_answer(answer=answer, by=UserFactory(roles=[Role.MODERATOR]), body="Fixed another typo here.")
    assert Answer.objects.get(pk=answer.pk).revisions.count() == 2


def test_nothing_changed_means_no_new_revision():
    question = ask()
    services.edit_question(question=question, by=question.author, title=question.title, body=question.body)
    assert question.revisions.count() == 1


def test_only_a_new_tag_order_means_no_new_revision():
    question = ask(tags=["wifi", "app", "router"])
    services.edit_question(
        question=question, by=question.author, title=question.title, body=question.body, tags="router, app, wifi"
    )
    services.retag_question(question=question, by=UserFactory(roles=[Role.SUPER_USER]), tags=["app", "router", "wifi"])
    assert question.revisions.count() == 1
    assert sorted(Question.objects.get(pk=question.pk).tags.names()) == ["app", "router", "wifi"]


def test_deleting_leaves_a_tombstone_and_unaccepts(django_capture_on_commit_callbacks, event_log):
    answer = AnswerFactory()
    question = answer.question
    services.accept_answer(answer=answer, by=question.author)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_answer(answer=answer, by=answer.author)
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.deleted_at is not None and not answer.is_accepted
    assert not question.is_solved and question.answer_count == 0
    assert kinds(event_log) == ["AnswerUnaccepted", "PostDeleted"]
    with pytest.raises(PermissionDenied):
        services.delete_question(question=question, by=UserFactory())
    services.delete_question(question=question, by=UserFactory(roles=[Role.MODERATOR]))
    assert Question.objects.get(pk=question.pk).is_deleted


# Votes


def test_vote_change_and_retract_keep_the_score_and_publish_exact_undo(django_capture_on_commit_callbacks, event_log):
    answer = AnswerFactory()
    voter = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.vote(post=answer, by=voter, value=1) == 1
        assert services.vote(post=answer, by=voter, value=1) == 1  # a double click changes nothing
        assert services.vote(post=answer, by=voter, value=-1) == -1
        assert services.vote(post=answer, by=voter, value=0) == 0
    assert kinds(event_log) == ["VoteCast", "VoteRetracted", "VoteCast", "VoteRetracted"]
    cast_up, retract_up, cast_down, retract_down = mine(event_log)
    assert retract_up.cast_event_id == cast_up.event_id and retract_up.value == 1
    assert retract_down.cast_event_id == cast_down.event_id and retract_down.value == -1
    assert not Vote.objects.exists()


def test_nobody_votes_on_their_own_post_not_even_the_technical_admin():
    admin = UserFactory()
    admin.is_superuser = True
    admin.save()
    question = QuestionFactory(author=admin)
    with pytest.raises(PermissionDenied):
        services.vote(post=question, by=admin, value=1)
    assert Question.objects.get(pk=question.pk).score == 0


def test_a_vote_value_other_than_up_down_or_back_is_refused():
    with pytest.raises(ValidationError):
        services.vote(post=QuestionFactory(), by=UserFactory(), value=5)


def test_the_database_allows_one_vote_per_person_and_post():
    from django.db import IntegrityError, transaction

    vote = Vote.objects.create(
        user=UserFactory(), question=QuestionFactory(), value=1, cast_event_id=events.Event().event_id
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(user=vote.user, question=vote.question, value=-1, cast_event_id=events.Event().event_id)


# Accepting


def test_accepting_another_answer_moves_the_mark_and_undo_reopens(django_capture_on_commit_callbacks, event_log):
    first = AnswerFactory()
    second = AnswerFactory(question=first.question)
    asker = first.question.author
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_answer(answer=first, by=asker)
        services.accept_answer(answer=second, by=asker)
        services.unaccept_answer(answer=second, by=asker)
    assert not Answer.objects.filter(is_accepted=True).exists()
    assert not Question.objects.get(pk=first.question_id).is_solved
    assert kinds(event_log) == ["AnswerAccepted", "AnswerUnaccepted", "AnswerAccepted", "AnswerUnaccepted"]
    assert mine(event_log)[1].accepted_event_id == mine(event_log)[0].event_id
    assert mine(event_log)[3].accepted_event_id == mine(event_log)[2].event_id


def test_the_category_counts_solved_questions():
    answer = AnswerFactory()
    services.accept_answer(answer=answer, by=answer.question.author)
    assert Category.objects.get(pk=answer.question.category_id).solved_count == 1
    services.unaccept_answer(answer=answer, by=answer.question.author)
    assert Category.objects.get(pk=answer.question.category_id).solved_count == 0


@pytest.mark.parametrize(
    ("role", "age_days", "allowed"),
    [
        (None, 30, False),
        (Role.AGENT, 30, False),
        (Role.SUPER_USER, 1, False),
        (Role.SUPER_USER, 8, True),
        (Role.MODERATOR, 1, True),
    ],
)
def test_who_may_accept_on_someone_elses_question(role, age_days, allowed):
    answer = AnswerFactory(question=QuestionFactory(created_at=timezone.now() - timedelta(days=age_days)))
    actor = UserFactory(roles=[role] if role else [])
    if allowed:
        services.accept_answer(answer=answer, by=actor)
        assert Answer.objects.get(pk=answer.pk).is_accepted
    else:
        with pytest.raises(PermissionDenied):
            services.accept_answer(answer=answer, by=actor)
        assert not Answer.objects.get(pk=answer.pk).is_accepted


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


# Mentions


def test_mentions_link_people_who_exist_and_publish_once(django_capture_on_commit_callbacks, event_log):
    anna = UserFactory(handle="Anna")
    writer = UserFactory(handle="writer")
    question = QuestionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_reply(
            question=question,
            by=writer,
            body="@anna and @ANNA, @nobody, @writer, mail anna@example.com, `@anna` in code",
        )
    assert reply.body_html.count('href="/people/Anna/"') == 2
    assert "@nobody" in reply.body_html and "/people/nobody/" not in reply.body_html
    assert "<code>@anna</code>" in reply.body_html
    mentioned = [e for e in event_log if isinstance(e, events.UserMentioned)]
    assert [e.mentioned_user_id for e in mentioned] == [anna.pk]  # not the writer, not twice


def test_an_edit_only_notifies_people_newly_mentioned(django_capture_on_commit_callbacks, event_log):
    anna, ben = UserFactory(handle="anna"), UserFactory(handle="ben")
    answer = AnswerFactory(body="Ask @anna about it.")
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_answer(answer=answer, by=answer.author, body="Ask @anna or @ben about it.")
    mentioned = [e.mentioned_user_id for e in event_log if isinstance(e, events.UserMentioned)]
    assert mentioned == [ben.pk]
    assert anna.pk not in mentioned


# Views


def test_views_are_counted_without_a_write_per_view(django_assert_num_queries, django_capture_on_commit_callbacks):
    question = QuestionFactory()
    services.flush_views()
    with django_assert_num_queries(0):
        for _ in range(5):
            services.record_view(question.pk)
    # The web process writes one hand-off row for all the views.
    with django_capture_on_commit_callbacks() as handed_off, django_assert_num_queries(1):
        assert services.flush_views() == {f"q:{question.pk}": 5}
    assert Question.objects.get(pk=question.pk).view_count == 0  # the worker adds them, once it has the message
    for send in handed_off:
        send()
    assert Question.objects.get(pk=question.pk).view_count == 5


def test_a_view_count_message_delivered_twice_counts_once(django_capture_on_commit_callbacks):
    from community.handoffs import KEY
    from community.models import Handoff
    from forum.tasks import add_views

    question = QuestionFactory()
    services.flush_views()
    for _ in range(3):
        services.record_view(question.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.flush_views()
    row = Handoff.objects.get(task=add_views.name, kwargs__counts__has_key=f"q:{question.pk}")
    add_views.apply(kwargs=row.kwargs, headers={KEY: row.key})  # the same message again
    assert Question.objects.get(pk=question.pk).view_count == 3


def test_replies_count_as_activity_and_deleting_a_reply_uncounts():
    reply_author = UserFactory()
    question = QuestionFactory()
    reply = services.post_reply(question=question, by=reply_author, body="Same problem here.")
    services.delete_reply(reply=reply, by=reply_author)
    assert Question.objects.get(pk=question.pk).reply_count == 0
    assert Reply.objects.get(pk=reply.pk).is_deleted
