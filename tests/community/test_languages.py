from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

CATALOGS = sorted(Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/*.po"))


def test_german_and_english_catalogs_exist():
    assert {path.parts[-3] for path in CATALOGS} == {"de", "en"}


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.parts[-3])
def test_every_entry_is_translated_and_none_is_fuzzy(catalog):
    with catalog.open("rb") as handle:
        messages = [message for message in read_po(handle) if message.id]
    untranslated = [m.id for m in messages if not all(m.string if isinstance(m.string, tuple) else [m.string])]
    fuzzy = [m.id for m in messages if "fuzzy" in m.flags]
    assert untranslated == [], f"untranslated in {catalog}"
    assert fuzzy == [], f"fuzzy in {catalog}"
    assert len(messages) > 50


def test_a_browser_asking_for_german_gets_german(client):
    html = client.get("/", headers={"accept-language": "de-DE,de;q=0.9,en;q=0.5"}).content.decode()
    assert '<html lang="de">' in html
    assert "Fragen" in html and "Wissensdatenbank" in html and "Anmelden" in html


def test_a_browser_asking_for_english_gets_english(client):
    html = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"}).content.decode()
    assert '<html lang="en">' in html and "Knowledge base" in html


def test_the_saved_language_wins_over_the_browser(client):
    client.force_login(UserFactory(language="de"))
    html = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="de">' in html and "Abmelden" in html


def test_the_language_switch_is_remembered_on_the_account(client):
    user = UserFactory(language="en")
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "de", "next": "/ideas/"})
    assert response.status_code == 302 and response.url == "/ideas/"
    user.refresh_from_db()
    assert user.language == "de"
    assert '<html lang="de">' in client.get("/").content.decode()


def test_the_language_switch_works_for_anonymous_visitors_and_ignores_foreign_next(client):
    response = client.post(reverse("set_language"), {"language": "de", "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == "/"
    html = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="de">' in html


def test_an_unknown_language_changes_nothing(client):
    user = UserFactory(language="en")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "xx"})
    user.refresh_from_db()
    assert user.language == "en"


def test_unknown_addresses_get_the_404_page_in_the_readers_language(client):
    response = client.get("/does-not-exist/", headers={"accept-language": "de"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Diese Seite haben wir nicht gefunden" in html and '<html lang="de">' in html


def test_the_privacy_and_imprint_pages_are_in_the_footer_in_both_languages(client):
    german = client.get("/", headers={"accept-language": "de"}).content.decode()
    assert "Datenschutz" in german and "Impressum" in german
    english = client.get("/pages/privacy/", headers={"accept-language": "en"}).content.decode()
    assert "Privacy" in english and "strictly necessary" in english


def test_the_403_page_says_why(client):
    client.force_login(UserFactory())
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "Only admins can open the administration." in response.content.decode()


def test_the_500_page_renders_without_a_request_in_both_languages(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Da ist etwas schiefgegangen" in html and "Something went wrong" in html
