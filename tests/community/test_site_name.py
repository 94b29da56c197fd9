"""Pages and every mail carry the configured SITE_NAME, never the host a request happened to come to."""

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from community.accounts.models import Role
from community.views import server_error
from forum import services as forum
from notifications import services as notifications
from notifications.digests import send_all
from tests.accounts.factories import UserFactory
from tests.forum.factories import CategoryFactory, QuestionFactory, ask

pytestmark = pytest.mark.django_db

NAME = "HeizBox Community"
SIGN_UP = {"display_name": "Anna", "email": "anna@example.com", "password1": "Zahnrad-Kaffee-71"}


@pytest.fixture(autouse=True)
def _named_site(settings):
    settings.SITE_NAME = NAME
    settings.SITE_URL = "https://community.heizbox.example"


def test_the_default_name_is_peerdesk():
    from community import settings as project_settings

    assert project_settings.SITE_NAME == "Peerdesk"


def sign_up(client, language="en"):
    data = {**SIGN_UP, "password2": SIGN_UP["password1"]}
    client.post(reverse("account_signup"), data, headers={"accept-language": language})


def test_account_mails_greet_and_sign_with_the_site_name_not_the_host(client, mailoutbox):
    sign_up(client)
    UserFactory(email="ben@example.com")
    client.post(reverse("account_reset_password"), {"email": "ben@example.com"})
    assert len(mailoutbox) == 2
    for message in mailoutbox:
        assert message.subject.startswith(f"[{NAME}] ")
        assert f"Hello from {NAME}!" in message.body
        assert f"Thank you for using {NAME}!\ncommunity.heizbox.example" in message.body
        assert "testserver" not in message.body.split("http://testserver/accounts/")[0]


def test_a_german_account_mail_greets_with_the_site_name(client, mailoutbox):
    sign_up(client, language="de")
    (message,) = mailoutbox
    assert message.subject == f"[{NAME}] Bitte bestätige deine E-Mail-Adresse"
    assert f"Hallo, hier ist {NAME}!" in message.body
    assert f"Danke, dass du {NAME} nutzt!" in message.body
    assert "ein Konto bei community.heizbox.example anzulegen" in message.body


def test_a_notification_mail_is_prefixed_and_signed_with_the_site_name(django_capture_on_commit_callbacks):
    asker = UserFactory(language="de", display_name="Anna")
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(by=asker, title="Wie setze ich das Passwort zurück?")
    with django_capture_on_commit_callbacks(execute=True):
        forum.post_answer(question=question, by=UserFactory(display_name="Ben"), body="Unter Konto → Sicherheit.")
    (message,) = mail.outbox
    assert message.subject.startswith(f"[{NAME}] Ben ")
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert f"Bis bald bei {NAME}!" in body and "https://community.heizbox.example" in body


def test_a_digest_is_prefixed_and_signed_with_the_site_name():
    reader = UserFactory()
    notifications.set_preference(user=reader, kind="new_answer", email="weekly")
    category = CategoryFactory()
    notifications.follow(user=reader, target=category)
    news = notifications.News(
        key="a1", kind="new_answer", title="Router question", url="/q/1/r/", group_key="q1", params={"actor": "Ben"}
    )
    notifications.notify(news, [reader.pk])
    QuestionFactory(category=category, title="A brand new question in my category")
    assert send_all(frequency="weekly") == 1
    (message,) = mail.outbox
    assert message.subject == f"[{NAME}] Your weekly digest"
    html = message.alternatives[0][0]
    assert f"See you soon at {NAME}!" in message.body and f"See you soon at {NAME}!" in html
    assert f"<title>{NAME}</title>" in html


def test_pages_carry_the_site_name(client):
    html = client.get(reverse("forum:home")).content.decode()
    assert f"· {NAME}</title>" in html
    assert f'<span class="brand__name">{NAME}</span>' in html
    assert f"{NAME}: customers helping customers." in html
    assert "Peerdesk" not in html


def test_the_administration_and_the_500_page_carry_the_site_name(client):
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    assert f"{NAME} administration" in client.get("/admin/", follow=True).content.decode()
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert f"<title>Server error · {NAME}</title>" in response.content.decode()
