"""A NUL byte or another control character in the path, the query, a form or a cookie never reaches a view."""

import pytest
from django.urls import reverse

from forum.models import Answer, Question
from tests.accounts.factories import UserFactory
from tests.forum.factories import CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "/tags/%00/",
        "/people/%00/",
        "/c/a%00b/",
        "/?tag=%00",
        "/?tags=%00",
        "/ideas/?area=%00",
        "/ideas/?tag=x%00",
        "/knowledge-base/?category=%00",
        "/search/?q=heating%00",
        "/?zzz%00=1",  # a parameter's name too
        "/search/?q=%1b%5B31m",
        "/?page=%7f",
    ],
)
def test_a_control_character_in_the_address_gets_a_400_that_says_why(client, address):
    response = client.get(address)
    assert response.status_code == 400
    assert "cannot be used, such as a NUL byte" in response.content.decode()


def test_the_400_page_is_in_the_visitors_language(client):
    response = client.get("/tags/%00/", headers={"accept-language": "de"})
    assert response.status_code == 400 and '<html lang="de">' in response.content.decode()


def test_a_nul_in_a_form_field_gets_a_400_and_writes_nothing(client):
    category = CategoryFactory()
    client.force_login(UserFactory())
    data = {"title": "How do I reset the thermostat\x00?", "body": "It shows E4 since yesterday morning, what now?"}
    response = client.post(reverse("forum:ask"), {**data, "category": category.pk, "language": "en"})
    assert response.status_code == 400
    assert not Question.objects.exists()


def test_line_breaks_and_tabs_in_a_form_are_ordinary_text(client):
    question = QuestionFactory()
    client.force_login(UserFactory())
    body = "First restart the box.\r\n\r\n\tThen hold the button for ten seconds."
    response = client.post(reverse("forum:answer-create", args=[question.pk]), {"body": body})
    assert response.status_code == 302
    assert Answer.objects.get(question=question).body.startswith("First restart the box.")


def test_a_cookie_with_a_nul_is_dropped_and_the_page_still_answers(client):
    client.cookies["sessionid"] = "abcdefghij\x00klmnop"
    response = client.get("/")
    assert response.status_code == 200
