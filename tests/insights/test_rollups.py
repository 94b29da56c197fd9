from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from helpdesk.models import ResponsePolicy, ResponseRecord
from insights.models import DailyRollup
from insights.services.rollups import roll_up_day
from moderation.models import Flag
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, CategoryFactory, QuestionFactory, ReplyFactory

DAY = date(2026, 3, 10)


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def overall(day: date = DAY) -> DailyRollup:
    return DailyRollup.objects.get(day=day, category__isnull=True)


def test_imported_history_counts_first_answers_and_solutions_from_the_answers(db):
    category = CategoryFactory()
    question = QuestionFactory(category=category, created_at=at(8))
    staff = UserFactory(roles=["agent"])
    AnswerFactory(question=question, created_at=at(9), author=staff)  # first: 60 minutes
    AnswerFactory(question=question, created_at=at(10), is_accepted=True, accepted_at=at(11))
    QuestionFactory(category=category, created_at=at(23, 59))
    QuestionFactory(category=category, created_at=at(0, 1, DAY + timedelta(days=1)))  # tomorrow

    roll_up_day(DAY)

    row = DailyRollup.objects.get(day=DAY, category=category)
    assert row.questions_asked == 2
    assert (row.first_answered, row.first_answer_minutes, row.first_answered_in_target) == (1, [60], 1)
    assert (row.solved, row.solution_minutes, row.solved_by_customer, row.solved_by_staff) == (1, [180], 1, 0)
    assert row.answers == 2
    assert len(row.active_member_ids) == 4  # two askers, two answerers
    assert overall().questions_asked == 2


def test_helpdesk_records_decide_who_solved_and_the_target(db):
    ResponsePolicy.objects.create(response_target_minutes=30)
    question = QuestionFactory(created_at=at(8))
    ResponseRecord.objects.create(
        question=question,
        asked_at=at(8),
        first_response_at=at(9),
        first_response_by="super_user",
        solved_at=at(12),
        solved_by="super_user",
    )
    AnswerFactory(question=question, created_at=at(9))  # not counted twice: the record speaks for it

    roll_up_day(DAY)

    row = overall()
    assert (row.first_answered, row.first_answered_in_target, row.first_answer_minutes) == (1, 0, [60])
    assert (row.solved, row.solved_by_super_user, row.solution_minutes) == (1, 1, [240])


def test_super_users_answers_and_community_wide_figures(db):
    super_user = UserFactory(roles=["super user"])
    AnswerFactory(created_at=at(9), author=super_user)
    AnswerFactory(created_at=at(9))
    ReplyFactory(created_at=at(10), author=super_user)
    UserFactory(date_joined=at(7))
    flag = Flag.objects.create(
        reporter=UserFactory(),
        author=UserFactory(),
        kind="question",
        object_id=1,
        reason="spam",
        created_at=at(6),
        handled_at=at(7),
    )
    Flag.objects.create(
        reporter=UserFactory(), author=UserFactory(), kind="question", object_id=2, reason="spam", created_at=at(6)
    )

    roll_up_day(DAY)

    row = overall()
    assert (row.answers, row.answers_by_super_users) == (2, 1)
    assert row.new_members >= 1
    assert (row.flags_opened, row.flags_handled, row.flags_open_at_end) == (2, 1, 1)
    assert row.flag_handling_minutes == [60]
    assert flag.pk


def test_rolling_up_again_replaces_the_day(db, django_assert_max_num_queries):
    for _ in range(3):
        QuestionFactory(created_at=at(8))
    roll_up_day(DAY)
    QuestionFactory(created_at=at(9))
    with django_assert_max_num_queries(25):
        roll_up_day(DAY)
    assert overall().questions_asked == 4
    assert DailyRollup.objects.filter(day=DAY).count() == 5  # four categories and overall


@pytest.mark.parametrize("questions", [1, 30])
def test_a_day_costs_the_same_queries_however_much_happened(db, django_assert_max_num_queries, questions):
    category = CategoryFactory()
    for _ in range(questions):
        AnswerFactory(question=QuestionFactory(category=category, created_at=at(8)), created_at=at(9))
    with django_assert_max_num_queries(25):
        roll_up_day(DAY)


def test_backfill_rolls_up_every_day_since_the_first_question(db):
    QuestionFactory(created_at=timezone.now() - timedelta(days=3))
    call_command("backfill_insights")
    assert DailyRollup.objects.filter(category__isnull=True).count() == 4
    assert sum(DailyRollup.objects.filter(category__isnull=True).values_list("questions_asked", flat=True)) == 1


def test_ask_page_visits_count_in_the_category_they_posted_in_or_opened_a_suggestion_from(db):
    import uuid

    from forum.models import AskSession, SearchDocument
    from forum.search.index import index_question

    router, billing = CategoryFactory(), CategoryFactory()
    solved = QuestionFactory(category=router, created_at=at(7))
    index_question(solved.pk)
    document = SearchDocument.objects.get(kind=SearchDocument.Kind.QUESTION, object_id=solved.pk)
    asked = QuestionFactory(category=billing, created_at=at(9))

    def visit(**fields):
        return AskSession.objects.create(key=uuid.uuid4(), started_at=at(8), **fields)

    visit(shown=2, clicked=document, clicked_at=at(8, 1))  # opened a router thread, asked nothing: deflected
    visit(shown=1, question=asked)  # posted in billing
    visit(shown=3)  # left without either: the whole community only
    visit()

    roll_up_day(DAY)

    rows = {row.category_id: row for row in DailyRollup.objects.filter(day=DAY)}
    assert (rows[router.pk].ask_visits, rows[router.pk].ask_clicked, rows[router.pk].ask_deflected) == (1, 1, 1)
    assert (rows[billing.pk].ask_visits, rows[billing.pk].ask_left_without_posting) == (1, 0)
    everything = rows[None]
    assert (everything.ask_visits, everything.ask_suggestions_shown, everything.ask_left_without_posting) == (4, 3, 2)
    assert everything.ask_deflected == 1


def test_automatic_replies_and_their_verdicts_count_as_deflection(db):
    from forum.models import InstantAnswer, InstantVerdict
    from insights.selectors.figures import figures

    category = CategoryFactory()
    asked = [QuestionFactory(category=category, created_at=at(8)) for _ in range(3)]
    replies = [
        InstantAnswer.objects.create(question=q, language="en", links=[], confidence=0.9, created_at=at(8, 1))
        for q in asked
    ]
    for reply, helpful in zip(replies[:2], (True, False), strict=True):
        InstantVerdict.objects.create(
            instant_answer=reply,
            question=reply.question,
            helpful=helpful,
            language="en",
            confidence=0.9,
            created_at=at(9),
        )

    roll_up_day(DAY)

    row = DailyRollup.objects.get(day=DAY, category=category)
    assert (row.instant_replies, row.instant_solved, row.instant_declined) == (3, 1, 1)
    now = figures(DAY, DAY, category).current.figures
    assert now["instant_replies"] == 3 and now["instant_solved_share"] == 0.5
    assert now["deflected"] == 1  # the "Yes" counts as a question that needed no one
