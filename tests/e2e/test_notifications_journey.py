"""Notifications in a real browser: the bell counts up without a reload, leads to the exact answer,
and the unsubscribe link in the email stops that email while the app still tells.

Also: a tampered unsubscribe link says it does not work and changes nothing.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from forum.models import Answer
from notifications import emails
from notifications.models import Notification, Preference, Subscription

from ..accounts.factories import UserFactory
from .conftest import at_both_widths, axe_check, log_in
from .forum_helpers import ask, browser_for, make_category

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_ANSWERS = "New answers on questions I follow"


def _mails_to(user) -> list:
    return [message for message in mail.outbox if user.email in message.to]


def _answer_in_browser(page, live_server, question, body: str, name: str) -> Answer:
    page.goto(live_server.url + question.get_absolute_url())
    page.get_by_role("textbox", name="Your answer").fill(body)
    page.get_by_role("button", name="Post your answer").click()
    expect(page.get_by_role("article", name=f"Answer by {name}")).to_contain_text(body[:20])
    return Answer.objects.get(question=question, author__display_name=name)


def test_bell_counts_up_leads_to_the_answer_and_unsubscribe_stops_the_email(page, live_server, client, new_context):
    category = make_category()
    anna = UserFactory(display_name="Anna Asker")
    ben = UserFactory(display_name="Ben Helper")
    carla = UserFactory(display_name="Carla Codes")

    # Anna's question commits (the test runs outside a transaction), so asking made her follow it.
    question = ask(by=anna, category=category)
    assert Subscription.objects.filter(user=anna, object_id=question.pk, active=True).exists()

    # Anna has read her earlier news (asking earned her a first badge) and has the home page open.
    Notification.objects.filter(recipient=anna).update(read_at=timezone.now())
    log_in(page, live_server, client, anna)
    page.goto(live_server.url + "/")
    bell = page.get_by_role("banner").locator("#bell")
    expect(bell).to_have_accessible_name("Notifications")
    expect(bell.locator(".bell__count")).to_have_count(0)
    page.evaluate("window.__marker = 1")  # gone if anything reloads the page

    # Ben answers in a browser of his own.
    ben_page = browser_for(new_context, live_server, ben)
    answer = _answer_in_browser(
        ben_page, live_server, question, "Hold the button for ten seconds until it blinks red.", "Ben Helper"
    )

    # Without a reload, Anna's bell says so within five seconds (it polls every four).
    expect(bell).to_have_accessible_name("Notifications, 1 unread", timeout=5000)
    expect(bell.locator(".bell__count")).to_have_text("1", timeout=5000)
    assert page.evaluate("window.__marker") == 1
    assert len(_mails_to(anna)) == 1  # and an email went out at once
    assert _mails_to(ben) == []  # nobody hears of their own answer

    # The bell leads to the notifications page, the notification to the exact answer.
    bell.click()
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    item = page.get_by_role("link", name=re.compile(r"Ben Helper answered"))
    expect(item).to_have_count(1)
    expect(item).to_contain_text(question.title)
    axe_check(page, "notifications page")
    at_both_widths(page, "notifications")
    # Keyboard, as a screen-reader user would: a mouse click from Playwright aims at the link's first
    # content quad, which Chromium reports for the 1x1 "Unread:" span, 2 px above the text.
    item.press("Enter")
    expect(page).to_have_url(re.compile(rf"{re.escape(question.get_absolute_url())}#answer-{answer.pk}$"))
    target = page.locator(f"#answer-{answer.pk}")
    expect(target).to_be_visible()
    expect(target).to_be_in_viewport()
    expect(target).to_have_accessible_name("Answer by Ben Helper")
    # Opening it read it: the bell is quiet again.
    expect(bell).to_have_accessible_name("Notifications")
    assert not Notification.objects.filter(recipient=anna, read_at__isnull=True).exists()

    # The unsubscribe link from the email Anna got (its path, opened on the live server).
    [message] = _mails_to(anna)
    header = message.extra_headers["List-Unsubscribe"]
    unsubscribe_path = urlsplit(header.strip("<>")).path
    assert unsubscribe_path.startswith("/notifications/unsubscribe/")
    page.goto(live_server.url + unsubscribe_path)
    expect(page.get_by_role("heading", name="Stop these emails?", level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(NEW_ANSWERS)
    expect(page.get_by_role("main")).to_contain_text(anna.email)
    axe_check(page, "unsubscribe page")
    at_both_widths(page, "unsubscribe")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed", level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(NEW_ANSWERS)
    assert Preference.objects.get(user=anna, kind="new_answer").email == Preference.Email.OFF

    # The settings page shows it, and stays accessible.
    page.goto(live_server.url + "/settings/notifications/")
    expect(page.get_by_role("heading", name="Notification settings", level=1)).to_be_visible()
    expect(page.get_by_label(f"Email: {NEW_ANSWERS}")).to_have_value(Preference.Email.OFF)
    expect(page.get_by_label(f"In the app: {NEW_ANSWERS}")).to_be_checked()
    axe_check(page, "notification settings page")

    # Carla answers too: no further email for Anna, but the app still tells her.
    page.goto(live_server.url + "/")
    expect(bell).to_have_accessible_name("Notifications")
    page.evaluate("window.__marker = 2")
    carla_page = browser_for(new_context, live_server, carla)
    _answer_in_browser(carla_page, live_server, question, "Or reset it from the app's device page.", "Carla Codes")
    expect(bell).to_have_accessible_name("Notifications, 1 unread", timeout=5000)
    expect(bell.locator(".bell__count")).to_have_text("1", timeout=5000)
    assert page.evaluate("window.__marker") == 2
    assert len(_mails_to(anna)) == 1
    assert Notification.objects.filter(recipient=anna, kind="new_answer").count() == 2
    assert len(_mails_to(ben)) == 1  # Ben follows by answering and still gets his email


def test_tampered_unsubscribe_link_does_not_work_and_changes_nothing(page, live_server):
    anna = UserFactory(display_name="Anna Asker")
    token = emails.unsubscribe_token(anna.pk, "new_answer")
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")

    for bad in ("garbage", tampered):
        response = page.goto(f"{live_server.url}/notifications/unsubscribe/{bad}/")
        assert response.status == 400
        expect(page.get_by_role("heading", name="This unsubscribe link does not work", level=1)).to_be_visible()
        expect(page.get_by_role("main")).to_contain_text("Nothing was changed.")
        expect(page.get_by_role("button", name="Unsubscribe")).to_have_count(0)
        # The one-click POST a mail program would send changes nothing either.
        assert page.request.post(f"{live_server.url}/notifications/unsubscribe/{bad}/").status == 400

    axe_check(page, "unsubscribe link that does not work")
    assert not Preference.objects.filter(user=anna).exists()
