"""The question page: its query budget whatever the thread's size, what it shows, the shared rendering, views."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.accounts.models import Role
from forum import services
from forum.models import Answer, Question
from tests.accounts.factories import UserFactory
from tests.support import queries_for

from .factories import AnswerFactory, QuestionFactory, ReplyFactory, thread_with

pytestmark = pytest.mark.django_db


# Query budgets: the same number of queries for a small and a huge thread.


def test_question_page_costs_the_same_for_2_and_for_200_answers(client):
    small, large = thread_with(2, 3), thread_with(200, 1000)
    small_count = queries_for(client, small.get_absolute_url())
    large_count = queries_for(client, large.get_absolute_url())
    assert small_count == large_count
    assert large_count <= 10


def test_question_page_signed_in_stays_within_15_queries(client):
    small, large = thread_with(2, 3), thread_with(200, 1000)
    client.force_login(UserFactory())
    assert queries_for(client, small.get_absolute_url()) == queries_for(client, large.get_absolute_url()) <= 15


def test_even_a_first_visit_with_cold_caches_stays_within_10_queries(client):
    question = thread_with(20, 60)
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(question.get_absolute_url()).status_code == 200
    assert len(captured) <= 10


# Question page


def test_question_page_orders_answers_accepted_then_score_then_oldest(client):
    question = QuestionFactory()
    AnswerFactory(question=question, body="The oldest answer, no votes")
    AnswerFactory(question=question, body="The best voted answer", score=5)
    accepted = AnswerFactory(question=question, body="The accepted answer")
    services.accept_answer(answer=accepted, by=question.author)
    html = client.get(question.get_absolute_url()).content.decode()
    assert html.index("The accepted answer") < html.index("The best voted answer") < html.index("The oldest answer")
    assert "Solved" in html


def test_a_wrong_slug_redirects_to_the_right_address(client):
    question = QuestionFactory(title="Printer is not printing")
    response = client.get(f"/q/{question.pk}/something-else/")
    assert response.status_code == 301 and response.url == question.get_absolute_url()
    assert client.get(f"/q/{question.pk}/").url == question.get_absolute_url()
    assert client.get("/q/999999/x/").status_code == 404


def test_replies_show_who_they_answer(client):
    question = QuestionFactory()
    first = ReplyFactory(question=question, author=UserFactory(display_name="Nora Neu"), body="Which model?")
    ReplyFactory(question=question, parent=first, body="The X200")
    html = client.get(question.get_absolute_url()).content.decode()
    assert "in reply to" in html and f'href="#reply-{first.pk}"' in html


def test_a_duplicate_shows_a_banner_linking_the_original(client):
    original = QuestionFactory(title="The original question about routers")
    duplicate = QuestionFactory()
    services.mark_duplicate(question=duplicate, original=original, by=UserFactory(roles=[Role.SUPER_USER]))
    html = client.get(duplicate.get_absolute_url()).content.decode()
    assert "asked before" in html and original.get_absolute_url() in html


def test_a_deleted_question_is_gone_for_readers_but_moderators_see_it(client):
    question = QuestionFactory(title="A question that gets deleted")
    services.delete_question(question=question, by=question.author)
    assert client.get(question.get_absolute_url()).status_code == 410
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    assert "A question that gets deleted" in client.get(question.get_absolute_url()).content.decode()


def test_members_share_a_rendering_but_see_their_own_votes_and_token(client):
    question = thread_with(3, 4)
    answers = list(question.answers.order_by("pk"))
    first, second = UserFactory(), UserFactory()
    services.vote(post=answers[0], by=first, value=1)
    client.force_login(first)
    html_first = client.get(question.get_absolute_url()).content.decode()
    pressed = 'aria-pressed="true" aria-label="This is'
    assert html_first.count(pressed) == 1
    assert "\u2983" not in html_first  # every hole is filled
    client.force_login(second)
    html_second = client.get(question.get_absolute_url()).content.decode()
    assert pressed not in html_second
    services.vote(post=answers[1], by=second, value=-1)  # no commit hooks here: the shared rendering stays
    html_second = client.get(question.get_absolute_url()).content.decode()
    assert html_second.count(pressed) == 1
    assert 'name="value" value="0" class="vote__button vote__button--down"' in html_second  # pressing again undoes


def test_an_author_sees_their_own_edit_links_not_someone_elses(client):
    question = thread_with(2, 0)
    answer = question.answers.first()
    stranger = UserFactory()
    client.force_login(stranger)
    client.get(question.get_absolute_url())  # fills the shared rendering
    client.force_login(answer.author)
    html = client.get(question.get_absolute_url()).content.decode()
    assert f'href="/answers/{answer.pk}/edit/"' in html
    client.force_login(stranger)
    assert f'href="/answers/{answer.pk}/edit/"' not in client.get(question.get_absolute_url()).content.decode()


def test_a_form_from_the_shared_rendering_is_accepted_by_csrf(client):
    from django.test import Client

    question = thread_with(1, 0)
    member = UserFactory()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    html = strict.get(question.get_absolute_url()).content.decode()

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    answer = question.answers.first()
    response = strict.post(reverse("forum:answer-vote", args=[answer.pk]), {"value": "1", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Answer.objects.get(pk=answer.pk).score == 1


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
