"""Asking a question: the service's rules, the form, its preview and tag suggestions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from community.accounts.models import Role
from forum import services
from forum.models import Category, Question, Revision
from tests.accounts.factories import UserFactory

from .factories import CategoryFactory, ask, kinds, mine

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


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


# Asking through the form


def test_asking_through_the_form(client):
    category = CategoryFactory()
    client.force_login(UserFactory())
    response = client.post(
        reverse("forum:ask"),
        {
            "title": "My invoice shows the wrong address",
            "body": "Street and number are from my old flat.",
            "category": category.pk,
            "tags": "invoice, address",
            "language": "en",
        },
    )
    question = Question.objects.get()
    assert response.status_code == 302 and response.url == question.get_absolute_url()
    assert sorted(question.tags.names()) == ["address", "invoice"]


def test_bad_input_on_the_ask_form_is_explained_and_kept(client):
    category = CategoryFactory()
    client.force_login(UserFactory())
    typed = {
        "title": "Short",
        "body": "My long explanation that must survive. " * 3,
        "category": 99999,
        "tags": "a1, b2, c3, d4, e5, f6",
        "language": "en",
    }
    response = client.post(reverse("forum:ask"), typed)
    assert response.status_code == 422
    html = response.content.decode()
    assert "There is a problem" in html
    assert "My long explanation that must survive." in html
    assert 'value="Short"' in html and "a1, b2, c3, d4, e5, f6" in html
    assert "Select a valid choice" in html  # the unknown category
    typed["category"] = category.pk
    response = client.post(reverse("forum:ask"), typed)
    html = response.content.decode()
    assert "at least 10 characters" in html and "at most 5 tags" in html
    assert not Question.objects.exists()


def test_anonymous_visitors_are_asked_to_sign_in_before_asking(client):
    response = client.get(reverse("forum:ask"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_unconfirmed_members_see_why_they_cannot_ask(client):
    client.force_login(UserFactory(verified=False))
    html = client.get(reverse("forum:ask")).content.decode()
    assert "confirm your email address" in html


def test_the_preview_renders_markdown_safely(client):
    response = client.post(reverse("forum:preview"), {"body": "**bold** <script>alert(1)</script>"}, headers=HTMX)
    html = response.content.decode()
    assert "<strong>bold</strong>" in html and "<script>" not in html


def test_tag_suggestions_come_from_existing_tags(client):
    ask(tags=["router", "roaming"])
    html = client.get(reverse("forum:tag-suggestions"), {"tags": "wifi, ro"}).content.decode()
    assert '<option value="roaming">' in html and '<option value="router">' in html
