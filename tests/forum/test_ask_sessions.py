"""The ask page's figures (suggestions shown, the one opened, a question asked) without a write on any GET."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services
from forum.models import AskSession, Category, Question
from forum.search import similar
from tests.accounts.factories import UserFactory

from .factories import CategoryFactory, ask

pytestmark = pytest.mark.django_db

TYPED = {"title": "reset my router password", "body": "", "language": "en"}


@pytest.fixture
def suggested(django_capture_on_commit_callbacks):
    """A solved question about routers (its article is suggested while asking), and that suggestion."""
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(title="How do I reset my router password?", body="I forgot it and cannot sign in at all.")
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.post_answer(question=question, by=UserFactory(), body="Hold the reset button 10 s.")
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_answer(answer=answer, by=question.author)
    found = similar.suggestions(TYPED["title"], category_ids=None)
    assert found
    return found[0]


def writes(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]


def test_opening_the_ask_page_writes_nothing_and_carries_a_fresh_key(client):
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("forum:ask"))
    assert page.status_code == 200
    assert isinstance(page.context["ask_session"], uuid.UUID)
    assert f'value="{page.context["ask_session"]}"' in page.text
    assert client.get(reverse("forum:ask")).context["ask_session"] != page.context["ask_session"]
    assert writes(captured) == [] and not AskSession.objects.exists()


def test_suggestions_asked_with_get_are_shown_but_not_counted(client, suggested):
    client.force_login(UserFactory())
    key = client.get(reverse("forum:ask")).context["ask_session"]
    with CaptureQueriesContext(connection) as captured:
        shown = client.get(reverse("forum:ask-similar"), {**TYPED, "ask_session": key})
    assert suggested.title in shown.text
    assert writes(captured) == [] and not AskSession.objects.exists()


def test_each_posted_round_of_suggestions_adds_to_the_visit(client, suggested):
    person = UserFactory()
    client.force_login(person)
    key = client.get(reverse("forum:ask")).context["ask_session"]
    for _ in range(2):
        response = client.post(reverse("forum:ask-similar"), {**TYPED, "ask_session": key})
        assert suggested.title in response.text
    session = AskSession.objects.get(key=key)
    assert (session.shown, session.user, session.clicked_id, session.question_id) == (2, person, None, None)


def test_nothing_shown_makes_no_visit(client):
    client.force_login(UserFactory())
    key = client.get(reverse("forum:ask")).context["ask_session"]
    client.post(reverse("forum:ask-similar"), {**TYPED, "ask_session": key})
    assert not AskSession.objects.exists()


def test_opening_a_suggestion_with_get_leads_there_and_counts_nothing(client, suggested):
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("forum:ask-similar-open", args=[suggested.document_id]))
    assert response.status_code == 302 and response.url == suggested.url
    assert writes(captured) == [] and not AskSession.objects.exists()


def test_the_first_suggestion_opened_counts_and_a_later_one_does_not_replace_it(client, suggested):
    client.force_login(UserFactory())
    key = client.get(reverse("forum:ask")).context["ask_session"]
    url = reverse("forum:ask-similar-open", args=[suggested.document_id])
    response = client.post(url, {"ask_session": key}, headers={"HX-Request": "true"})
    assert response.status_code == 204
    first = AskSession.objects.get(key=key)
    assert first.clicked_id == suggested.document_id and first.clicked_at is not None
    client.post(url, {"ask_session": key}, headers={"HX-Request": "true"})
    assert AskSession.objects.get(key=key).clicked_at == first.clicked_at


def test_a_visit_that_ends_in_a_question_says_so_even_without_suggestions(client):
    category = CategoryFactory()
    client.force_login(UserFactory())
    key = client.get(reverse("forum:ask")).context["ask_session"]
    fields = {"title": "A brand new question about my router", "body": "Details " * 5, "category": category.pk}
    client.post(reverse("forum:ask"), {**fields, "tags": "", "language": "en", "ask_session": key})
    session = AskSession.objects.get(key=key)
    assert session.question == Question.objects.get() and session.shown == 0


def test_someone_elses_key_and_signed_out_posts_count_nothing(client, suggested):
    owner = UserFactory()
    client.force_login(owner)
    key = client.get(reverse("forum:ask")).context["ask_session"]
    client.post(reverse("forum:ask-similar"), {**TYPED, "ask_session": key})
    client.force_login(UserFactory())
    client.post(reverse("forum:ask-similar"), {**TYPED, "ask_session": key})
    client.post(reverse("forum:ask-similar-open", args=[suggested.document_id]), {"ask_session": key})
    client.logout()
    client.post(reverse("forum:ask-similar"), {**TYPED, "ask_session": str(uuid.uuid4())})
    session = AskSession.objects.get()
    assert (session.user, session.shown, session.clicked_id) == (owner, 1, None)


@pytest.mark.parametrize("key", ["", "not-a-key", "\u00b2" * 36])
def test_a_broken_key_counts_nothing_and_is_no_error(client, suggested, key):
    client.force_login(UserFactory())
    assert client.post(reverse("forum:ask-similar"), {**TYPED, "ask_session": key}).status_code == 200
    url = reverse("forum:ask-similar-open", args=[suggested.document_id])
    assert client.post(url, {"ask_session": key}).status_code == 302
    assert not AskSession.objects.exists()


def test_a_suggestion_the_reader_may_not_see_is_not_there(client, suggested):
    Category.objects.update(audience=Category.Audience.STAFF)
    client.force_login(UserFactory())
    url = reverse("forum:ask-similar-open", args=[suggested.document_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"ask_session": str(uuid.uuid4())}).status_code == 404
    assert not AskSession.objects.exists()


def test_a_question_posted_without_the_pages_key_makes_no_visit(client):
    category = CategoryFactory()
    client.force_login(UserFactory())
    fields = {"title": "A brand new question about my router", "body": "Details " * 5, "category": category.pk}
    client.post(reverse("forum:ask"), {**fields, "tags": "", "language": "en", "ask_session": "not-a-key"})
    assert Question.objects.exists() and not AskSession.objects.exists()


def test_the_page_shown_again_after_an_error_keeps_the_visits_key(client):
    client.force_login(UserFactory())
    key = client.get(reverse("forum:ask")).context["ask_session"]
    again = client.post(reverse("forum:ask"), {"title": "Too short", "ask_session": key})
    assert again.status_code == 422 and again.context["ask_session"] == key
