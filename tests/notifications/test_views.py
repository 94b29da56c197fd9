import pytest
from django.core import mail
from django.urls import reverse

from forum import services as forum
from notifications import emails, services
from notifications.digests import send_all
from notifications.models import Delivery, Notification, Preference, Subscription
from tests.accounts.factories import UserFactory
from tests.forum.factories import CategoryFactory, QuestionFactory, ask

pytestmark = pytest.mark.django_db


def tell(user, n=1, kind="mention", key="k"):
    for i in range(n):
        services.notify(
            services.News(
                key=f"{key}{i}",
                kind=kind,
                title=f"Thread {i}",
                url=f"/q/{i}/thread/#reply-{i}",
                group_key=f"g{i}",
                params={"actor": "Ben"},
            ),
            [user.pk],
        )


def test_the_bell_shows_the_unread_count_cheaply(client, django_assert_max_num_queries):
    user = UserFactory()
    tell(user, 3)
    client.force_login(user)
    client.get(reverse("notifications:bell"))
    with django_assert_max_num_queries(3):  # session, person, and the count only when not cached
        html = client.get(reverse("notifications:bell")).content.decode()
    assert '<span class="bell__count" aria-hidden="true">3</span>' in html
    assert "3 unread" in html and 'hx-trigger="every 4s"' in html


def test_the_header_bell_is_on_every_page_for_people_signed_in(client):
    user = UserFactory()
    tell(user, 2)
    client.force_login(user)
    assert "Notifications, 2 unread" in client.get("/").content.decode()


def test_anonymous_bell_polls_get_no_content(client):
    assert client.get(reverse("notifications:bell")).status_code == 204


def test_opening_a_notification_marks_it_read_and_lands_on_the_reply(client):
    user = UserFactory()
    tell(user)
    note = Notification.objects.get()
    client.force_login(user)
    page = client.get(reverse("notifications:list")).content.decode()
    assert f'href="/q/0/thread/#reply-0" hx-post="{reverse("notifications:open", args=[note.pk])}"' in page
    assert client.get(reverse("notifications:open", args=[note.pk])).status_code == 405
    assert not Notification.objects.get().is_read
    response = client.post(reverse("notifications:open", args=[note.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/q/0/thread/#reply-0"
    assert Notification.objects.get().is_read
    response = client.post(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response.url == "/q/0/thread/#reply-0"
    other = UserFactory()
    client.force_login(other)
    assert client.post(reverse("notifications:open", args=[note.pk])).status_code == 404


def test_mark_one_and_all_as_read(client):
    user = UserFactory()
    tell(user, 3)
    client.force_login(user)
    first = Notification.objects.first()
    response = client.post(
        reverse("notifications:mark-read"), {"notification": first.pk}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "toast" in response.headers["HX-Trigger"]
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    client.post(reverse("notifications:mark-read"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


@pytest.mark.parametrize("broken", ["zzz", "²", "99999999999999999999999", "-1"])
def test_a_broken_notification_id_marks_nothing_as_read(client, broken):
    user = UserFactory()
    tell(user, 2)
    client.force_login(user)
    response = client.post(reverse("notifications:mark-read"), {"notification": broken})
    assert response.status_code == 404
    assert Notification.objects.filter(read_at__isnull=True).count() == 2


def test_the_notifications_page_paginates(client):
    user = UserFactory()
    tell(user, 30)
    client.force_login(user)
    html = client.get(reverse("notifications:list")).content.decode()
    assert html.count('class="notification ') == 25
    assert "Page 1 of 2" in html
    assert client.get(reverse("notifications:list"), {"page": "zz"}).status_code == 200


def test_follow_and_unfollow_a_question_category_and_tag(client):
    user = UserFactory()
    question = ask(tags=["router"])
    client.force_login(user)
    from taggit.models import Tag

    for kind, obj in (("question", question), ("category", question.category), ("tag", Tag.objects.get())):
        response = client.post(
            reverse("notifications:follow", args=[kind, obj.pk]), {"follow": "1"}, headers={"HX-Request": "true"}
        )
        assert response.status_code == 200 and "Following" in response.content.decode()
    assert Subscription.objects.filter(user=user, active=True).count() == 3
    page = client.get(reverse("notifications:following")).content.decode()
    assert question.title in page and "router" in page
    client.post(reverse("notifications:follow", args=["question", question.pk]), {"follow": "0"})
    assert Subscription.objects.filter(user=user, active=True).count() == 2
    assert client.post(reverse("notifications:follow", args=["nonsense", 1])).status_code == 404


def test_the_question_page_has_a_follow_button_with_the_count(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        question = ask()
    html = client.get(question.get_absolute_url()).content.decode()
    assert "1 follower" in html  # the asker follows automatically
    client.force_login(question.author)
    assert 'aria-pressed="true"' in client.get(question.get_absolute_url()).content.decode()


def test_a_hidden_category_cannot_be_followed(client):
    from forum.models import Category

    hidden = CategoryFactory(audience=Category.Audience.STAFF)
    client.force_login(UserFactory())
    assert client.post(reverse("notifications:follow", args=["category", hidden.pk])).status_code == 404


def test_preferences_page_saves_each_kind(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("notifications:preferences"))
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (False, None)}
    data["new_answer__email"] = "weekly"
    data.pop("reply__in_app", None)
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    assert Preference.objects.get(user=user, kind="new_answer").email == "weekly"
    assert Preference.objects.get(user=user, kind="reply").in_app is False


def test_one_click_unsubscribe_without_signing_in(client):
    user = UserFactory()
    token = emails.unsubscribe_token(user.pk, "new_answer")
    url = reverse("notifications:unsubscribe", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and "Stop these emails?" in page.content.decode()
    assert not Preference.objects.exists()  # a GET (a mail scanner) changes nothing
    response = client.post(url)  # the button, or a mail program's one-click POST (no CSRF token)
    assert response.status_code == 200 and "You are unsubscribed" in response.content.decode()
    assert Preference.objects.get(user=user, kind="new_answer").email == "off"


def test_after_unsubscribing_no_more_email_of_that_kind(client, django_capture_on_commit_callbacks):
    asker = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(by=asker)
        forum.post_answer(question=question, by=UserFactory(), body="First answer, with an email.")
    assert len([m for m in mail.outbox if asker.email in m.to]) == 1
    link = mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>").split("8000", 1)[1]
    client.post(link)
    with django_capture_on_commit_callbacks(execute=True):
        forum.post_answer(question=question, by=UserFactory(), body="Second answer, no email now.")
    assert len([m for m in mail.outbox if asker.email in m.to]) == 1
    assert Notification.objects.get(recipient=asker, kind="new_answer").count == 2  # the app still tells


@pytest.mark.parametrize("token", ["garbage", "eyJ1IjoxfQ:tampered:sig", "a" * 300])
def test_a_tampered_unsubscribe_link_gets_a_clear_page_and_changes_nothing(client, token):
    response = client.post(reverse("notifications:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert "does not work" in response.content.decode()
    assert not Preference.objects.exists()


def test_an_expired_unsubscribe_link_says_so(client, monkeypatch):
    user = UserFactory()
    token = emails.unsubscribe_token(user.pk, "reply")
    monkeypatch.setattr(emails, "UNSUBSCRIBE_MAX_AGE", -1)
    response = client.post(reverse("notifications:unsubscribe", args=[token]))
    assert response.status_code == 400 and "too old" in response.content.decode()
    assert not Preference.objects.exists()


def test_a_daily_digest_groups_news_and_top_questions_and_is_sent_once():
    reader = UserFactory()
    services.set_preference(user=reader, kind="new_answer", email="daily")
    category = CategoryFactory()
    services.follow(user=reader, target=category)
    for n in range(3):
        services.notify(
            services.News(
                key=f"a{n}",
                kind="new_answer",
                title="Router question",
                url="/q/1/r/",
                group_key="q1",
                params={"actor": "Ben"},
            ),
            [reader.pk],
        )
    QuestionFactory(category=category, title="A brand new question in my category")
    assert send_all(frequency="daily") == 1
    (message,) = mail.outbox
    assert "3 new answers" in message.body and "A brand new question in my category" in message.body
    assert "List-Unsubscribe" in message.extra_headers
    assert send_all(frequency="daily") == 0  # nothing left to say, and never twice a day
    assert Delivery.objects.filter(channel="digest", status="pending").count() == 0


def test_no_digest_when_there_is_nothing_to_say():
    reader = UserFactory()
    services.follow(user=reader, target=CategoryFactory())
    assert send_all(frequency="daily") == 0
    assert mail.outbox == []
