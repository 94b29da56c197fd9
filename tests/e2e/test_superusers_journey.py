"""Reputation and the super-user program in a real browser: a member's answer is accepted and voted up,
their reputation, rank and badges follow; a moderator promotes them from the candidate list; the mark
shows on their posts and they can now retag someone else's question. At 375 and 1280 px, axe clean.
"""

import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import expect

from community.accounts.models import Role, User
from community.models import AuditEntry
from forum import services as forum
from superusers import services as program
from superusers.models import Standing

from ..accounts.factories import UserFactory
from .conftest import at_both_widths, axe_check, log_in
from .forum_helpers import ask, browser_for, make_category

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ANSWER = "Open the app, go to Devices, and choose Pair again while the light blinks blue."


@pytest.fixture(autouse=True)
def _program_defaults():
    """Ranks, point values and the private category come from a data migration; an earlier
    browser test (run outside a transaction) emptied the tables, so lay them down again."""
    importlib.import_module("superusers.migrations.0002_defaults").defaults(apps, None)


def test_accepted_and_upvoted_member_is_promoted_and_can_retag(page, live_server, client, new_context):
    category = make_category()
    anna = UserFactory(display_name="Anna Asker")
    hanna = UserFactory(display_name="Hanna Helper")
    victor = UserFactory(display_name="Victor Voter")
    mona = UserFactory(display_name="Mona Moderator", roles=[Role.MODERATOR])
    question = ask(by=anna, category=category)
    other = ask(by=anna, category=category, title="Which router settings does the hub need?", tags=("router",))

    # Hanna answers in her browser.
    log_in(page, live_server, client, hanna)
    page.goto(live_server.url + question.get_absolute_url())
    page.get_by_role("textbox", name="Your answer").fill(ANSWER)
    page.get_by_role("button", name="Post your answer").click()
    expect(page.get_by_role("article", name="Answer by Hanna Helper")).to_contain_text("Pair again")
    answer = question.answers.get(author=hanna)

    # Anna accepts it, Victor votes it up, each in a browser of their own; three others voted earlier.
    anna_page = browser_for(new_context, live_server, anna)
    anna_page.goto(live_server.url + question.get_absolute_url())
    anna_page.get_by_role("button", name="Accept this answer").click()
    expect(anna_page.get_by_role("article", name="Accepted answer")).to_be_visible()
    victor_page = browser_for(new_context, live_server, victor)
    victor_page.goto(live_server.url + question.get_absolute_url())
    up = victor_page.get_by_role("article", name="Accepted answer").get_by_role(
        "button", name="This is useful (vote up)"
    )
    up.click()
    expect(up).to_have_attribute("aria-pressed", "true")
    for voter in UserFactory.create_batch(3):
        forum.vote(post=answer, by=voter, value=1)

    # 15 for the accept and 4 × 10 for the votes: 55 points, the rank "Helper", two badges, and she is told.
    assert Standing.objects.get(user=hanna).reputation == 55
    page.goto(live_server.url + f"/people/{hanna.handle}/")
    figures = page.locator(".reputation .figures")
    expect(figures).to_contain_text("55")
    expect(figures).to_contain_text("Helper")
    badges = page.locator(".badge-list")
    expect(badges).to_contain_text("First answer")
    expect(badges).to_contain_text("Problem solver")
    expect(page.locator("canvas[data-chart='reputation']")).to_be_visible()
    axe_check(page, "profile with reputation")
    at_both_widths(page, "profile-reputation")
    expect(page.locator("#bell")).to_have_accessible_name(re.compile(r"Notifications, \d+ unread"))
    page.goto(live_server.url + "/notifications/")
    # Badges and ranks of one day are one line, not one each.
    expect(
        page.get_by_role("link", name=re.compile(r"You earned \d+ badges and reached the rank “Helper”"))
    ).to_have_count(1)

    page.goto(live_server.url + "/leaderboard/")
    expect(page.get_by_role("table")).to_contain_text("Hanna Helper")
    axe_check(page, "leaderboard")
    at_both_widths(page, "leaderboard")

    # Mona runs the candidate list (the nightly task) and promotes Hanna with a note.
    program.rank_candidates()
    mona_page = browser_for(new_context, live_server, mona)
    mona_page.goto(live_server.url + "/super-users/candidates/")
    row = mona_page.get_by_role("row").filter(has_text="Hanna Helper")
    expect(row).to_contain_text("1")
    axe_check(mona_page, "candidates")
    at_both_widths(mona_page, "super-user-candidates")
    row.get_by_role("textbox", name="Note for the audit log").fill("Quick, kind and right")
    row.get_by_role("button", name="Promote Hanna Helper").click()
    expect(mona_page.get_by_role("status").filter(has_text="Hanna Helper is a super user now.")).to_be_visible()
    expect(mona_page.locator(".audit")).to_contain_text("Quick, kind and right")
    assert AuditEntry.objects.filter(action="super_user_promoted", subject=hanna, actor=mona).exists()

    # The mark now stands beside her name on her answer.
    page.goto(live_server.url + question.get_absolute_url())
    expect(page.get_by_role("article", name="Accepted answer").locator(".mark--super")).to_have_text("Super user")
    at_both_widths(page, "answer-with-super-user-mark")

    # And she can retag Anna's other question.
    page.goto(live_server.url + other.get_absolute_url())
    page.get_by_role("link", name="Manage this question").click()
    page.get_by_label("Tags").fill("router, network")
    page.get_by_role("button", name="Save tags").click()
    expect(page.get_by_role("status").filter(has_text="The tags are saved.")).to_be_visible()
    other.refresh_from_db()
    assert sorted(other.tags.names()) == ["network", "router"]

    # In German her rank and badges read naturally.
    User.objects.filter(pk=hanna.pk).update(language="de")
    page.goto(live_server.url + f"/people/{hanna.handle}/")
    expect(page.locator(".reputation .figures")).to_contain_text("Helfer")
    expect(page.locator(".badge-list")).to_contain_text("Erste Antwort")
    expect(page.locator(".role-list")).to_contain_text("Super-User")
    axe_check(page, "profile in German")
