"""The privacy notice, the imprint and the community guidelines: there in both languages, the privacy notice says
what a copy of one's data and deleting one's account do, and admins edit all three in both languages."""

import pytest
from django.urls import reverse

from community.accounts.models import Role
from community.models import Page
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
SLUGS = ["privacy", "imprint", "guidelines"]


def test_the_three_pages_exist_in_both_languages_and_are_in_the_footer(client):
    for slug in SLUGS:
        page = Page.objects.get(slug=slug)
        assert page.title_en and page.title_de and page.body_en and page.body_de and page.show_in_footer
    footer = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert reverse("page", args=["guidelines"]) in footer and "Community guidelines" in footer
    german = client.get(reverse("page", args=["guidelines"]), headers={"accept-language": "de"}).content.decode()
    assert "Regeln der Community" in german and "Sei freundlich" in german


def test_the_privacy_notice_explains_the_copy_and_the_deletion_in_both_languages(client):
    english = client.get(reverse("page", args=["privacy"]), headers={"accept-language": "en"}).content.decode()
    for words in ("A copy of your data", "works once, for 48 hours", "Deleting your account", "Deleted member"):
        assert words in english
    german = client.get(reverse("page", args=["privacy"]), headers={"accept-language": "de"}).content.decode()
    for words in ("Eine Kopie deiner Daten", "funktioniert einmal", "Dein Konto löschen", "Gelöschtes"):
        assert words in german
    assert "strictly necessary" in english  # what the notice said before stays


def test_the_settings_link_to_the_privacy_notice(client):
    client.force_login(UserFactory())
    html = client.get(reverse("accounts:privacy")).content.decode()
    assert reverse("page", args=["privacy"]) in html and reverse("accounts:account-delete") in html


@pytest.mark.parametrize("slug", SLUGS)
def test_an_admin_edits_the_page_in_both_languages(client, slug):
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    page = Page.objects.get(slug=slug)
    url = reverse("admin:community_page_change", args=[page.pk])
    form = client.get(url).content.decode()
    for field in ("title_en", "title_de", "body_en", "body_de"):
        assert f'name="{field}"' in form
    response = client.post(
        url,
        {
            "slug": slug,
            "title_en": f"{page.title_en} (new)",
            "title_de": f"{page.title_de} (neu)",
            "body_en": "Our own English text.",
            "body_de": "Unser eigener deutscher Text.",
            "show_in_footer": "on",
            "order": page.order,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    english = client.get(reverse("page", args=[slug]), headers={"accept-language": "en"})
    assert "Our own English text." in english.content.decode()
    client.post(reverse("set_language"), {"language": "de"})
    german = client.get(reverse("page", args=[slug])).content.decode()
    assert "Unser eigener deutscher Text." in german and f"{page.title_de} (neu)" in german


def test_members_cannot_edit_the_pages(client):
    client.force_login(UserFactory())
    page = Page.objects.get(slug="privacy")
    response = client.get(reverse("admin:community_page_change", args=[page.pk]), follow=True)
    assert response.status_code == 403
