"""Phones and staff in a real browser: the header fits a 375 px screen in both languages, signed in or
out, and keyboard users still reach search and the language switch; a moderator finds the review queue
and the candidates in the staff menu with what waits, ranks the candidates at once and reads them as
cards on a phone; a member's single day of points still draws a chart. At 375 and 1280 px, axe clean.
"""

import importlib
import re
import uuid

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from community.accounts.models import Role
from forum.models import Answer, Question
from moderation.models import Flag
from superusers.models import Candidate, ReputationEntry, Standing

from ..accounts.factories import UserFactory
from .conftest import DESKTOP, PHONE, at_both_widths, axe_check, log_in
from .forum_helpers import ask, browser_for, make_category

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
HEADER_MAX = 120  # px at 375 px wide (UI.md)


@pytest.fixture(autouse=True)
def _program_defaults():
    """Ranks and the program's category come from a data migration that an earlier browser test emptied."""
    importlib.import_module("superusers.migrations.0002_defaults").defaults(apps, None)


def header_height(page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


def check_home_on_a_phone(page, live_server, name: str, heading: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    assert header_height(page) <= HEADER_MAX, f"{name}: the header takes {header_height(page)} px"
    # The search box and the language switch are in the menu, not in the bar.
    expect(page.get_by_role("searchbox")).to_be_hidden()
    axe_check(page, name)
    at_both_widths(page, name)
    expect(page.get_by_role("searchbox")).to_be_visible()  # 1280 px: in the bar again
    page.set_viewport_size(PHONE)


def test_the_header_fits_a_phone_in_both_languages_signed_in_or_out(page, live_server, client, new_context):
    category = make_category()
    ask(by=UserFactory(), category=category)
    check_home_on_a_phone(page, live_server, "home signed out", "Questions")

    # Keyboard only: from the top of the page to the menu, into the search box, and off to the results.
    page.keyboard.press("Tab")  # the skip link
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.site-menu') !== null"):
            break
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    searchbox = page.get_by_role("searchbox", name="Search the community")
    expect(searchbox).to_be_focused()
    page.keyboard.type("speaker")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=speaker"))

    # Then to German, by keyboard as well: the language switch sits in the same menu, after the search.
    page.goto(live_server.url + "/")
    page.locator(".site-menu summary").focus()
    page.keyboard.press("Enter")
    for _ in range(3):  # the search box, its button, then "Deutsch"
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Deutsch")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    check_home_on_a_phone(page, live_server, "home signed out german", "Fragen")

    for language, heading in (("de", "Fragen"), ("en", "Questions")):
        person = UserFactory(display_name="Maximiliane Mustermann-Lüdenscheid", roles=[Role.MODERATOR])
        person.language = language
        person.save(update_fields=["language"])
        signed_in = browser_for(new_context, live_server, person)
        check_home_on_a_phone(signed_in, live_server, f"home signed in {language}", heading)
        expect(signed_in.locator(".staff-menu summary")).to_be_visible()


def test_a_moderator_finds_what_waits_and_ranks_candidates_now(page, live_server, client):
    category = make_category()
    asker, helper = UserFactory(display_name="Anna Asker"), UserFactory(display_name="Hanna Helper")
    question = ask(by=asker, category=category)
    answer = Answer.objects.create(question=question, author=helper, body="Hold the button for ten seconds.")
    Answer.objects.filter(pk=answer.pk).update(is_accepted=True, accepted_at=timezone.now())
    Question.objects.filter(pk=question.pk).update(answer_count=1, is_solved=True)
    for reporter in UserFactory.create_batch(2):
        Flag.objects.create(reporter=reporter, author=asker, kind="question", object_id=question.pk, reason="abusive")
    Flag.objects.create(reporter=asker, author=helper, kind="answer", object_id=answer.pk, reason="spam")
    mona = UserFactory(display_name="Mona Moderator", roles=[Role.MODERATOR])
    log_in(page, live_server, client, mona)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")

    staff = page.locator(".staff-menu")
    expect(staff.locator("summary")).to_contain_text(
        "2 waiting"
    )  # two posts flagged  # the total, loaded after the page
    staff.locator("summary").click()
    queue = staff.get_by_role("link", name=re.compile(r"^Review queue\s*,\s*2 posts wait for review$"))
    expect(queue).to_be_visible()
    axe_check(page, "staff menu open")
    at_both_widths(page, "staff-menu")
    page.set_viewport_size(PHONE)
    queue.click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()

    page.goto(live_server.url + "/super-users/candidates/")
    expect(page.get_by_text("No candidates yet")).to_be_visible()
    page.get_by_role("button", name="Rank now").click()
    expect(page.get_by_role("status").filter(has_text="The candidates are ranked again")).to_be_visible()
    assert Candidate.objects.filter(user=helper).exists()
    card = page.get_by_role("row").filter(has_text="Hanna Helper")
    expect(card).to_be_visible()
    # A card, not a squeezed table: one row per card, each value beside its column's name.
    assert card.evaluate("row => getComputedStyle(row).display") == "block"
    accepted = card.locator("td").first
    assert accepted.evaluate("cell => getComputedStyle(cell, '::before').content") == '"Accepted answers"'
    assert accepted.bounding_box()["width"] > 250
    axe_check(page, "candidates as cards")
    at_both_widths(page, "candidates-cards")

    # Promoted, she leaves the list.
    page.set_viewport_size(DESKTOP)
    card.get_by_role("button", name="Promote Hanna Helper").click()
    expect(page.get_by_role("status").filter(has_text="Hanna Helper is a super user now.")).to_be_visible()
    expect(page.get_by_role("button", name="Promote Hanna Helper")).to_have_count(0)


def test_points_earned_on_one_day_draw_a_chart(page, live_server):
    person = UserFactory(display_name="Petra Points")
    ReputationEntry.objects.bulk_create(
        [
            ReputationEntry(user=person, points=points, reason="answer_upvoted", event_id=uuid.uuid4())
            for points in (10, 10, 15)
        ]
    )
    Standing.objects.create(user=person, reputation=35)
    page.goto(live_server.url + f"/people/{person.handle}/")
    canvas = page.locator("canvas[data-chart='reputation']")
    expect(canvas).to_be_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart]'))")
    values = page.evaluate("Chart.getChart(document.querySelector('canvas[data-chart]')).data.datasets[0].data")
    assert values == [0, 35]
    at_both_widths(page, "profile-one-day")
