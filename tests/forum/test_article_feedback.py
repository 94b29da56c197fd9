"""'Was this helpful?' on knowledge-base articles: one answer per member, signed-out answers limited per
device and day, and the two kept apart wherever the figures are shown."""

import pytest
from django.urls import reverse

from community.accounts.models import Role
from forum import services
from forum.models import Article, ArticleFeedback
from tests.accounts.factories import UserFactory

from .factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return services.publish_article(
        title="How do I pair the speaker over Bluetooth?",
        summary="Hold **play** for five seconds until the light blinks blue.",
        category=CategoryFactory(),
        language="en",
    )


def answer(client, article, value, *, ip="203.0.113.7", htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse("forum:article-feedback", args=[article.pk]), {"helpful": value}, REMOTE_ADDR=ip, headers=headers
    )


def figures(article) -> tuple[int, int, int, int]:
    article.refresh_from_db()
    return article.helpful_yes, article.helpful_no, article.anonymous_yes, article.anonymous_no


def test_twenty_signed_out_answers_from_one_device_count_once(client, article):
    for _ in range(20):
        assert answer(client, article, "yes").status_code == 302
    assert figures(article) == (0, 0, 1, 0)
    answer(client, article, "no")  # the same device changing its mind the same day: not a second answer
    assert figures(article) == (0, 0, 1, 0)


def test_a_repeated_signed_out_answer_is_told_it_was_not_counted_again(client, article):
    answer(client, article, "yes", htmx=True)
    response = answer(client, article, "yes", htmx=True)
    assert response.status_code == 200
    assert "already answered today" in response.headers["HX-Trigger"]


def test_other_devices_and_other_articles_count_on_their_own(client, article):
    other = services.publish_article(
        title="How do I reset the speaker?",
        summary="Hold both volume buttons.",
        category=article.category,
        language="en",
    )
    answer(client, article, "yes", ip="203.0.113.7")
    answer(client, article, "no", ip="198.51.100.23")
    answer(client, article, "yes", ip="2001:db8::1")
    answer(client, other, "yes", ip="203.0.113.7")
    assert figures(article) == (0, 0, 2, 1)
    assert figures(other) == (0, 0, 1, 0)


def test_the_device_may_answer_again_the_next_day(client, article):
    from django.core.cache import cache

    answer(client, article, "yes")
    cache.clear()  # what a day's expiry of the device's mark does
    answer(client, article, "yes")
    assert figures(article) == (0, 0, 2, 0)


def test_a_member_has_one_answer_and_a_later_one_replaces_it(client, article):
    member = UserFactory()
    client.force_login(member)
    for _ in range(5):
        answer(client, article, "yes")
    assert figures(article) == (1, 0, 0, 0)
    answer(client, article, "no")
    assert figures(article) == (0, 1, 0, 0)
    answer(client, article, "yes", ip="198.51.100.99")  # another address changes nothing for a member
    assert figures(article) == (1, 0, 0, 0)
    assert ArticleFeedback.objects.get(article=article, user=member).helpful is True
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'value="yes" class="button button--primary" aria-pressed="true"' in page


def test_members_and_signed_out_readers_are_counted_apart(client, article):
    for n in range(3):
        answer(client, article, "yes", ip=f"203.0.113.{n + 1}")
    answer(client, article, "no", ip="203.0.113.9")
    client.force_login(UserFactory())
    answer(client, article, "yes")
    assert figures(article) == (1, 0, 3, 1)


@pytest.mark.parametrize("value", ["", "maybe", "YES", "1"])
def test_anything_but_yes_or_no_is_refused_and_counts_nothing(client, article, value):
    assert answer(client, article, value).status_code == 400
    assert figures(article) == (0, 0, 0, 0)


def test_staff_see_both_figures_on_the_article_and_readers_only_members(client, article):
    for n in range(4):
        answer(client, article, "yes", ip=f"203.0.113.{n + 1}")
    client.force_login(UserFactory())
    answer(client, article, "no")
    public = client.get(article.get_absolute_url()).content.decode()
    assert "0 members found this helpful" in public
    assert "Signed-out readers" not in public
    client.force_login(UserFactory(roles=[Role.AGENT]))
    staff = client.get(article.get_absolute_url()).content.decode()
    table = staff.split('class="board feedback__figures"')[1].split("</table>")[0]
    members_row, anonymous_row = table.split("<tbody>")[1].split("</tr>")[:2]
    assert ">0</td>" in members_row and ">1</td>" in members_row
    assert ">4</td>" in anonymous_row and ">0</td>" in anonymous_row


def test_the_admin_lists_members_and_signed_out_answers_apart(client, article):
    Article.objects.filter(pk=article.pk).update(helpful_yes=2, helpful_no=1, anonymous_yes=7, anonymous_no=5)
    admin = UserFactory(is_superuser=True, roles=[Role.ADMIN])
    client.force_login(admin)
    page = client.get(reverse("admin:forum_article_changelist")).content.decode()
    assert "helpful (members)" in page.lower() and "helpful (signed out)" in page.lower()
    for field, value in [("helpful_yes", 2), ("helpful_no", 1), ("anonymous_yes", 7), ("anonymous_no", 5)]:
        assert f'<td class="field-{field}">{value}</td>' in page
    detail = client.get(reverse("admin:forum_article_change", args=[article.pk])).content.decode()
    assert "Helpful (signed out)" in detail


def test_the_service_counts_a_signed_out_client_once_and_members_apart(article):
    from django.contrib.auth.models import AnonymousUser

    for _ in range(3):
        services.rate_article(article=article, by=AnonymousUser(), helpful=True, client="device-a")
        services.rate_article(article=article, by=AnonymousUser(), helpful=False)  # no client named: one mark
    rating = services.rate_article(article=article, by=UserFactory(), helpful=True)
    assert rating.counted
    assert figures(article) == (1, 0, 1, 1)
