"""Moderation with teeth, end to end in a real browser: a new member's answer with a link waits in the review
queue until a super user approves it; three trusted members flag an abusive reply away; a moderator suspends
its author from the queue, who then reads why on every page and when trying to answer; the new member takes a
copy of their data and deletes their account, and their answer stays under "Deleted member". The members'
steps at 375 px; axe clean on the queue, the flag form and the suspended member's page.
"""

import io
import json
import re
import zipfile
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from community.accounts.models import Role, User
from forum import services
from forum.models import Answer, Reply
from moderation.models import Flag, Restriction
from superusers.models import Standing
from tests.accounts.factories import PASSWORD, UserFactory

from .conftest import PHONE, at_both_widths, axe_check
from .forum_helpers import ask, browser_for, make_category

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LINK = "https://example.com/speaker-reset"
ANSWER = f"Hold the reset button for ten seconds, as the maker's guide shows: {LINK}"
ABUSE = "Only an idiot cannot pair a speaker. Go away and stop wasting everybody's time."
REASON = "Insulted a member who asked for help."


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """The exported zip goes to a folder of the test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": tmp_path, "base_url": "/x/"}},
    }


def phone(page):
    page.set_viewport_size(PHONE)
    return page


def open_thread(page, live_server, question):
    page.goto(live_server.url + question.get_absolute_url())
    expect(page.get_by_role("heading", name=question.title, level=1)).to_be_visible()


def flag_reply(page, live_server, question, reply, *, check_axe=False):
    """Flag the reply as rude through its Flag link and the form, and land on the thread again."""
    open_thread(page, live_server, question)
    page.locator(f"#reply-{reply.pk}").get_by_role("link", name="Flag").click()
    expect(page.get_by_role("heading", name="Flag this post for review")).to_be_visible()
    expect(page.locator("blockquote.flag-quote")).to_contain_text("Only an idiot")
    page.get_by_label("Rude or abusive").check()
    if check_axe:
        axe_check(page, "flag form")
        at_both_widths(page, "moderation-flag-form")
    page.get_by_role("button", name="Send the flag").click()
    expect(page.get_by_text("Thank you. Super users and moderators will look at it.")).to_be_visible()
    expect(page).to_have_url(re.compile(re.escape(question.get_absolute_url())))


def test_held_link_flagged_reply_suspension_export_and_deletion(page, live_server, new_context):
    asker = UserFactory(display_name="Quentin Asker")
    question = ask(by=asker, category=make_category())
    nina = UserFactory(display_name="Nina Newcomer")  # joined today: a new member
    tom = UserFactory(display_name="Tom Troll")
    reply = services.post_reply(question=question, by=tom, body=ABUSE)
    sven = UserFactory(display_name="Sven Super", roles=[Role.SUPER_USER])
    sara = UserFactory(display_name="Sara Super", roles=[Role.SUPER_USER])
    ralf = UserFactory(display_name="Ralf Regular")
    Standing.objects.create(user=ralf, reputation=250)  # above the trusted 200 of the default policy
    mona = UserFactory(display_name="Mona Moderator", roles=[Role.MODERATOR])
    visitor = phone(page)  # signed out

    # 1. Nina answers with a link, on her phone: the answer waits for review, nobody else sees it.
    nina_page = phone(browser_for(new_context, live_server, nina))
    open_thread(nina_page, live_server, question)
    nina_page.get_by_role("textbox", name="Your answer").fill(ANSWER)
    nina_page.get_by_role("button", name="Post your answer").click()
    expect(nina_page.get_by_text("Thank you for your answer.")).to_be_visible()
    mine = nina_page.get_by_role("region", name="Your posts that only you and the moderators see")
    expect(mine).to_contain_text("Waiting for review.")
    expect(mine).to_contain_text(LINK)
    answer = Answer.objects.get(author=nina)
    assert answer.is_held
    at_both_widths(nina_page, "moderation-held-answer")
    phone(nina_page)
    open_thread(visitor, live_server, question)
    expect(visitor.locator("main")).not_to_contain_text(LINK)
    expect(visitor.get_by_role("heading", name="0 answers")).to_be_visible()

    # 2. A super user finds it in the review queue through the staff menu and approves it.
    sven_page = browser_for(new_context, live_server, sven)
    sven_page.goto(live_server.url + "/")
    sven_page.locator(".staff-menu summary").click()
    sven_page.locator(".staff-menu").get_by_role("link", name=re.compile(r"^Review queue")).click()
    expect(sven_page.get_by_role("heading", name="Review queue", level=1)).to_be_visible()
    item = sven_page.locator(f"#item-answer-{answer.pk}")
    expect(item).to_contain_text("Held for review")
    expect(item).to_contain_text("by Nina Newcomer")
    expect(item).to_contain_text("links from a new member")
    axe_check(sven_page, "review queue")
    at_both_widths(sven_page, "moderation-queue-held")
    item.get_by_role("button", name="Approve").click()
    expect(sven_page.locator("#toasts")).to_contain_text("Approved: the post is public.")
    expect(item).to_have_count(0)
    open_thread(visitor, live_server, question)
    expect(visitor.get_by_role("heading", name="1 answer")).to_be_visible()
    expect(visitor.locator(f"#answer-{answer.pk}")).to_contain_text(LINK)
    nina_page.reload()
    expect(nina_page.locator(f"#answer-{answer.pk}")).to_contain_text(LINK)
    expect(nina_page.get_by_text("Waiting for review.")).to_have_count(0)

    # 3. Three trusted members flag Tom's rude reply: after the third it is gone for everyone else.
    flag_reply(phone(browser_for(new_context, live_server, ralf)), live_server, question, reply, check_axe=True)
    flag_reply(browser_for(new_context, live_server, sara), live_server, question, reply)
    open_thread(visitor, live_server, question)
    expect(visitor.locator(f"#reply-{reply.pk}")).to_contain_text("Only an idiot")  # two flags hide nothing
    flag_reply(sven_page, live_server, question, reply)
    assert Flag.objects.filter(object_id=reply.pk, kind="reply", trusted=True).count() == 3
    open_thread(visitor, live_server, question)
    expect(visitor.locator("main")).not_to_contain_text("Only an idiot")
    tom_page = phone(browser_for(new_context, live_server, tom))
    open_thread(tom_page, live_server, question)
    hidden = tom_page.get_by_role("region", name="Your posts that only you and the moderators see")
    expect(hidden).to_contain_text("Hidden by the moderators.")
    expect(hidden).to_contain_text("Hidden after 3 trusted members flagged it: Rude or abusive")

    # 4. A moderator suspends Tom for a day, from the hidden reply in the review queue.
    mona_page = browser_for(new_context, live_server, mona)
    mona_page.goto(live_server.url + "/moderation/")
    item = mona_page.locator(f"#item-reply-{reply.pk}")
    expect(item).to_contain_text("Hidden")
    expect(item).to_contain_text("3 flags")
    item.get_by_role("link", name="Suspend or silence the author").click()
    expect(mona_page.get_by_role("heading", name="Suspend or silence Tom Troll")).to_be_visible()
    mona_page.get_by_label("Suspend: they can only read").check()
    mona_page.get_by_label("1 day").check()
    mona_page.get_by_label("Reason").fill(REASON)
    mona_page.get_by_role("button", name="Suspend or silence").click()
    expect(mona_page.get_by_text("Tom Troll is suspended.")).to_be_visible()
    suspension = Restriction.objects.get(user=tom)
    assert suspension.kind == Restriction.Kind.SUSPENDED and suspension.reason == REASON
    assert timedelta(hours=23) < suspension.ends_at - suspension.starts_at <= timedelta(days=1)

    # 5. Tom reads the reason on every page; where he would answer he is led to it, and a reply he tries to post
    # is refused with it (his text kept). Nothing is posted.
    open_thread(tom_page, live_server, question)
    banner = tom_page.get_by_role("region", name="Your account is suspended")
    expect(banner).to_contain_text(REASON)
    expect(banner).to_contain_text("Your account is suspended until")
    axe_check(tom_page, "suspended member on a thread")
    at_both_widths(tom_page, "moderation-suspended-thread")
    phone(tom_page)
    answer_form = tom_page.get_by_role("region", name="Your answer")
    expect(answer_form).to_contain_text("Your account is suspended, so you cannot post now.")
    expect(answer_form).not_to_contain_text("confirm your email")
    expect(answer_form).not_to_contain_text("kept thread")  # no template comment leaks into the page
    answer_form.get_by_role("link", name="Read why").click()
    expect(banner).to_be_focused()
    expect(banner).to_be_in_viewport()
    box = tom_page.locator(f"#replyform-question-{question.pk}")
    box.get_by_text("Add a reply").click()
    box.get_by_label("Your reply").fill("You all know nothing about speakers.")
    box.get_by_role("button", name="Post reply").click()
    expect(tom_page.locator("#toasts")).to_contain_text(REASON)
    expect(box.get_by_label("Your reply")).to_have_value("You all know nothing about speakers.")
    assert not Answer.objects.filter(author=tom).exists()
    assert list(Reply.objects.filter(author=tom)) == [reply]

    # 6. Nina, on her phone, takes a copy of her data, then deletes her account and keeps her posts.
    nina_page.goto(live_server.url + "/settings/")
    nina_page.get_by_role("navigation", name="Your account").get_by_role("link", name="Privacy").click()
    expect(nina_page.get_by_role("heading", name="Privacy", level=1)).to_be_visible()
    nina_page.get_by_role("button", name="Ask for a copy of my data").click()
    # The hand-off runs the task as the request commits (Celery eager); the page shows the file as ready.
    expect(nina_page.get_by_text("Your file is ready")).to_be_visible(timeout=10_000)
    to_nina = [message for message in mail.outbox if nina.email in message.to]
    link = re.search(r"https?://\S+/settings/privacy/download/\S+/", to_nina[-1].body).group(0)
    nina_page.goto(live_server.url + urlsplit(link).path)
    expect(nina_page.get_by_role("heading", name="Download your data")).to_be_visible()
    with nina_page.expect_download() as download:
        nina_page.get_by_role("button", name="Download my data").click()
    assert download.value.suggested_filename.endswith(".zip")
    with open(download.value.path(), "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert [row["body"] for row in json.loads(archive.read("answers.json"))] == [ANSWER]
    nina_page.reload()
    expect(nina_page.get_by_role("heading", name="This download link does not work")).to_be_visible()

    nina_page.goto(live_server.url + "/settings/privacy/")
    nina_page.get_by_role("link", name="Delete my account…").click()
    expect(nina_page.get_by_label("Keep them, shown as written by “Deleted member”")).to_be_checked()
    nina_page.get_by_label("Your password").fill(PASSWORD)
    nina_page.get_by_role("button", name="Delete my account").click()
    expect(nina_page.get_by_role("heading", name="Your account is deleted")).to_be_visible()
    assert User.objects.get(pk=nina.pk).is_erased

    # 7. Her answer stays, written by "Deleted member" (in German: "Gelöschtes Mitglied").
    open_thread(visitor, live_server, question)
    kept = visitor.locator(f"#answer-{answer.pk}")
    expect(kept).to_contain_text(LINK)
    expect(kept).to_contain_text("Deleted member")
    expect(visitor.locator("main")).not_to_contain_text("Nina Newcomer")
    german = new_context().new_page()  # a visitor who chose German earlier (the language switch's cookie)
    german.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "de", "url": live_server.url}])
    german.goto(live_server.url + question.get_absolute_url())
    expect(german.locator("html")).to_have_attribute("lang", "de")
    expect(german.locator(f"#answer-{answer.pk}")).to_contain_text("Gelöschtes Mitglied")
