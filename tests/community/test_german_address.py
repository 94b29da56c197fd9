"""German speaks to people with the informal "du", on every page and in every mail, allauth's included.

A string written with "Sie", "Ihr" or "Ihnen" (as words, capitalised) fails here: in the catalogs, and on the
pages a member, a moderator and a visitor see. "Sie" meaning "they" is phrased around, so the check stays simple.
"""

import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse

from community.accounts.models import Role
from forum import services as forum
from ideas import services as ideas
from notifications import services as notifications
from tests.accounts.factories import PASSWORD, UserFactory
from tests.forum.factories import CategoryFactory, ask
from tests.ideas.factories import post

pytestmark = pytest.mark.django_db

FORMAL = re.compile(r"\b(Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b")
# What the German pages said before, wrongly: kept here so that none comes back.
MISTRANSLATIONS = [
    "Ihre Adresse oder Nummer",
    "Hallo von",
    "hier entlang",
    "Falsches Token",
    "Ausgewählte entfernen",
    "Email-Adresse",
    "Email ändern",
    "E-Mailadresse",
    "Konto-Verknüpfungen",
    "Dieser Benutzer ist inaktiv",
    "möchten wie",
    "Die neue Wert",
]
GERMAN_CATALOGS = [Path(path) / "de" / "LC_MESSAGES" / "django.po" for path in settings.LOCALE_PATHS]


def formal_words(text: str) -> list[str]:
    return FORMAL.findall(text)


def readable(response) -> str:
    """What a reader gets from a page: its text and attribute values (labels, placeholders), without scripts."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(body)


def assert_du(text: str, where: str) -> None:
    assert formal_words(text) == [], f"formal address on {where}"
    wrong = [phrase for phrase in MISTRANSLATIONS if phrase in text]
    assert wrong == [], f"mistranslation on {where}"


@pytest.mark.parametrize("catalog", GERMAN_CATALOGS, ids=lambda path: path.parts[-4])
def test_no_german_entry_says_sie(catalog):
    with catalog.open("rb") as handle:
        messages = [message for message in read_po(handle) if message.id]
    formal = {
        str(m.id): words
        for m in messages
        if (words := formal_words(" ".join(m.string if isinstance(m.string, tuple) else [m.string])))
    }
    assert formal == {}
    wrong = [m.id for m in messages for phrase in MISTRANSLATIONS if phrase in str(m.string)]
    assert wrong == []


def test_the_checker_notices_formal_address():
    assert formal_words("Bitte melden Sie sich an, um Ihre Frage zu stellen.") == ["Sie", "Ihre"]
    assert formal_words("Bitte melde dich an; sie antworten schnell, ihr Team auch.") == []


@pytest.fixture
def german_member(client):
    member = UserFactory(language="de", display_name="Mia Mitglied", handle="mia")
    client.force_login(member)
    return member


@pytest.fixture
def content(django_capture_on_commit_callbacks):
    """A solved question with a reply, an idea with a comment, and news for the member to read."""
    author = UserFactory(display_name="Ben Beispiel")
    category = CategoryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(by=author, category=category, title="Wie verbinde ich die Box mit dem WLAN?")
    with django_capture_on_commit_callbacks(execute=True):
        answer = forum.post_answer(question=question, by=UserFactory(), body="Halte die Taste zehn Sekunden.")
    with django_capture_on_commit_callbacks(execute=True):
        forum.accept_answer(answer=answer, by=author)
        forum.post_reply(question=question, answer=answer, by=author, body="Danke, das hat geholfen!")
        idea = post(by=author, title="Urlaubsmodus mit Start- und Enddatum")
        ideas.post_comment(idea=idea, by=UserFactory(), body="Ja bitte, mit Frostschutz.")
    return {"question": question, "idea": idea, "category": category, "author": author}


def member_pages(member, content) -> dict[str, str]:
    question, idea = content["question"], content["idea"]
    return {
        "home": reverse("forum:home"),
        "question": question.get_absolute_url(),
        "category": reverse("forum:category-detail", args=[content["category"].slug]),
        "ask": reverse("forum:ask"),
        "search": reverse("forum:search") + "?q=WLAN",
        "search, nothing found": reverse("forum:search") + "?q=zzzqqq",
        "knowledge base": reverse("forum:knowledge-base"),
        "article": question.article.get_absolute_url(),
        "ideas": reverse("ideas:idea-list"),
        "idea": idea.get_absolute_url(),
        "new idea": reverse("ideas:idea-new"),
        "roadmap": reverse("ideas:roadmap"),
        "settings": reverse("accounts:settings"),
        "own profile": reverse("accounts:profile", args=[member.handle]),
        "other profile": reverse("accounts:profile", args=[content["author"].handle]),
        "notifications": reverse("notifications:list"),
        "notification settings": reverse("notifications:preferences"),
        "following": reverse("notifications:following"),
        "leaderboard": reverse("superusers:leaderboard"),
        "badges": reverse("superusers:badges"),
        "flag": reverse("moderation:flag", args=["question", question.pk]),
        "privacy": reverse("page", args=["privacy"]),
        "guidelines": reverse("page", args=["guidelines"]),
        "privacy settings": reverse("accounts:privacy"),
        "delete account": reverse("accounts:account-delete"),
    }


def test_every_main_page_speaks_to_a_member_with_du(client, german_member, content):
    notifications.follow(user=german_member, target=content["question"])
    forum.post_answer(question=content["question"], by=UserFactory(), body="Noch ein Tipp: Router neu starten.")
    for name, url in member_pages(german_member, content).items():
        response = client.get(url)
        assert response.status_code == 200, name
        text = readable(response)
        assert '<html lang="de">' in text, name
        assert_du(text, name)


def test_empty_pages_and_error_pages_speak_with_du(client, german_member):
    for name, url in {
        "home": reverse("forum:home"),
        "knowledge base": reverse("forum:knowledge-base"),
        "ideas": reverse("ideas:idea-list"),
        "trending ideas": reverse("ideas:idea-list") + "?order=trending",
        "roadmap": reverse("ideas:roadmap"),
        "notifications": reverse("notifications:list"),
        "following": reverse("notifications:following"),
        "leaderboard": reverse("superusers:leaderboard"),
        "search": reverse("forum:search"),
    }.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert_du(readable(response), name)
    response = client.get("/nowhere/")
    assert response.status_code == 404
    assert_du(readable(response), "404")


def test_bad_input_is_explained_with_du(client, german_member, content):
    response = client.post(reverse("forum:ask"), {"title": "Kurz", "body": "", "category": "", "language": "xx"})
    assert response.status_code == 422
    assert_du(readable(response), "ask with errors")
    response = client.post(reverse("accounts:settings"), {"display_name": "", "handle": "!", "time_zone": "Mond"})
    assert response.status_code in (200, 422)
    assert_du(readable(response), "settings with errors")


def test_staff_pages_speak_with_du(client, content):
    client.force_login(UserFactory(language="de", roles=[Role.MODERATOR]))
    question = content["question"]
    for name, url in {
        "question (moderator)": question.get_absolute_url(),
        "manage question": reverse("forum:question-manage", args=[question.pk]),
        "review queue": reverse("moderation:queue"),
        "candidates": reverse("superusers:candidates"),
        "voting patterns": reverse("superusers:voting"),
        "idea (moderator)": content["idea"].get_absolute_url(),
        "voters": reverse("ideas:idea-voters", args=[content["idea"].pk]),
    }.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert_du(readable(response), name)


GERMAN = {"accept-language": "de"}
SIGNED_OUT_ACCOUNT_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
    "account_inactive",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
]
SIGNED_IN_ACCOUNT_PAGES = [
    "account_email",
    "account_change_password",
    "account_set_password",
    "account_logout",
    "account_reauthenticate",
    "socialaccount_connections",
]


def test_allauth_pages_speak_with_du(client):
    for name in SIGNED_OUT_ACCOUNT_PAGES:
        response = client.get(reverse(name), headers=GERMAN)
        assert response.status_code in (200, 401), name
        assert_du(readable(response), name)
    login = readable(client.get(reverse("account_login"), headers=GERMAN))
    assert "Anmelden" in login and "Du hast noch kein Konto?" in login
    signup = readable(client.get(reverse("account_signup"), headers=GERMAN))
    assert "Dein Name" in signup and "Du hast schon ein Konto?" in signup
    for name, url in {
        "confirmation link that does not work": "/accounts/confirm-email/not-a-key/",
        "reset link that does not work": "/accounts/password/reset/key/1-not-a-key/",
    }.items():
        response = client.get(url, headers=GERMAN, follow=True)
        assert response.status_code == 200, name
        assert_du(readable(response), name)

    client.force_login(UserFactory(language="de"))
    for name in SIGNED_IN_ACCOUNT_PAGES:
        response = client.get(reverse(name), follow=True)
        assert response.status_code == 200, name
        assert_du(readable(response), name)
    reauthenticate = readable(client.get(reverse("account_reauthenticate")))
    assert "Gib dein Passwort ein" in reauthenticate


def test_allauth_form_errors_and_messages_speak_with_du(client, settings):
    response = client.post(reverse("account_login"), {"login": "nobody@example.com", "password": "x"}, headers=GERMAN)
    assert_du(readable(response), "failed sign-in")
    response = client.post(
        reverse("account_signup"),
        {"email": "no-address", "password1": "Zahnrad-Kaffee-71", "password2": "Zahnrad-Tee-72"},
        headers=GERMAN,
    )
    assert_du(readable(response), "sign-up with errors")
    assert "Du musst zweimal dasselbe Passwort eingeben." in readable(response)

    client.force_login(UserFactory(language="de"))
    response = client.post(reverse("account_email"), {"action_add": "1", "email": "neu@example.com"}, follow=True)
    assert_du(readable(response), "email change")
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "Zahnrad-Kaffee-71", "password2": "Zahnrad-Kaffee-71"},
        follow=True,
    )
    assert_du(readable(response), "password changed")
    response = client.post(reverse("account_logout"), follow=True)
    assert_du(readable(response), "signed out")

    settings.SIGNUP_OPEN = False
    assert_du(readable(client.get(reverse("account_signup"), headers=GERMAN)), "sign-up closed")


def test_too_many_attempts_get_a_page_in_the_readers_language(client):
    UserFactory(email="anna@example.com")
    for _ in range(5):
        assert client.post(reverse("account_reset_password"), {"email": "anna@example.com"}).status_code == 302
    response = client.post(reverse("account_reset_password"), {"email": "anna@example.com"}, headers=GERMAN)
    assert response.status_code == 429
    text = readable(response)
    assert "Zu viele Versuche" in text and '<html lang="de">' in text
    assert_du(text, "429")


def test_account_mails_speak_with_du(client, mailoutbox):
    data = {"display_name": "Anna", "email": "anna@example.com", "password1": "Zahnrad-Kaffee-71"}
    client.post(reverse("account_signup"), {**data, "password2": data["password1"]}, headers=GERMAN)
    UserFactory(email="ben@example.com", language="de")
    client.post(reverse("account_reset_password"), {"email": "ben@example.com"}, headers=GERMAN)
    confirmation, reset = mailoutbox
    for message in (confirmation, reset):
        assert_du(message.subject + message.body, message.subject)
    assert confirmation.subject.endswith("Bitte bestätige deine E-Mail-Adresse")
    assert "Du erhältst diese E-Mail, weil Anna deine E-Mail-Adresse angegeben hat" in confirmation.body
    assert "Über den Link unten setzt du dein Passwort zurück." in reset.body


def test_the_default_privacy_page_speaks_with_du(client):
    text = readable(client.get(reverse("page", args=["privacy"]), headers=GERMAN))
    assert "Deine Rechte" in text
    assert_du(text, "privacy")
