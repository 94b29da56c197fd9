"""A new member finds their way: asking from a category lands there (never in the team's announcements),
solved questions like hers show while she types (what she opens is counted), and a solved thread shows
its article, similar solved questions and the follow box beside it on wide screens and below it on phones.
"""

import pytest
from playwright.sync_api import expect

from forum import services
from forum.models import AskSession, Category, Question

from ..accounts.factories import UserFactory
from .conftest import DESKTOP, PHONE, at_both_widths, axe_check
from .forum_helpers import ask, browser_for, make_category

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _solved(title: str, category, by) -> Question:
    question = ask(by=by, category=category, title=title)
    answer = services.post_answer(question=question, by=UserFactory(), body="Hold play for ten seconds, then pair.")
    services.accept_answer(answer=answer, by=by)
    return question


def _click_counted(response) -> bool:
    return response.request.method == "POST" and "/ask/similar/" in response.url and response.status == 204


def test_asking_from_a_category_and_the_side_of_a_solved_thread(live_server, new_context):
    app = make_category()
    Category.objects.create(
        slug="announcements",
        name="Announcements",
        name_en="Announcements",
        name_de="Ankündigungen",
        order=0,
        thread_starters=Category.ThreadStarters.STAFF,
    )
    anna = UserFactory(display_name="Anna Asker")
    this = _solved("The speaker does not pair over Bluetooth", app, anna)
    other = _solved("My speaker will not pair over Bluetooth with Android", app, UserFactory())

    mia = UserFactory(display_name="Mia Member")
    page = browser_for(new_context, live_server, mia)

    # From the category page, "Ask a question" keeps the category; the team's announcements are not offered.
    page.goto(live_server.url + app.get_absolute_url())
    page.get_by_role("link", name="Ask a question").first.click()
    category = page.get_by_label("Category")
    expect(category.locator("option:checked")).to_have_text("App and devices")
    expect(category.locator("option", has_text="Announcements")).to_have_count(0)

    # Straight to the ask page, nothing is chosen for her: she has to pick.
    page.goto(live_server.url + "/ask/")
    expect(page.get_by_label("Category").locator("option:checked")).to_have_text("Choose a category")

    # As she types, solved questions like hers show; opening one (in a new tab) counts for the page's figures,
    # which only her posts wrote: opening the ask page wrote nothing.
    assert not AskSession.objects.exists()
    page.get_by_label("Title").fill("My speaker does not pair over Bluetooth")
    suggestion = page.locator("#similar-questions").get_by_role("link").first
    expect(suggestion).to_be_visible()
    with page.expect_response(_click_counted), page.context.expect_page() as opened:
        suggestion.click()
    opened.value.close()
    visit = AskSession.objects.get()
    assert visit.user == mia and visit.shown >= 1 and visit.clicked_id is not None

    # A solved thread: its article, similar solved questions and the follow box, beside it at 1280 px.
    page.goto(live_server.url + this.get_absolute_url())
    side = page.get_by_role("complementary", name="About this question")
    expect(side.get_by_role("heading", name="In the knowledge base")).to_be_visible()
    expect(side.get_by_role("link", name=this.title)).to_have_attribute("href", this.article.get_absolute_url())
    expect(side.get_by_role("heading", name="Similar solved questions")).to_be_visible()
    expect(side.get_by_role("link", name=other.title)).to_be_visible()
    expect(side.get_by_role("heading", name="Follow this question")).to_be_visible()
    main = page.locator(".with-aside__main")
    main_box, side_box = main.bounding_box(), side.bounding_box()
    assert side_box["x"] >= main_box["x"] + main_box["width"] - 1, "the side is a column to the right"
    assert side_box["y"] < main_box["y"] + 200, "the side starts beside the question, not below the thread"
    axe_check(page, "question page with its side column")

    # Following from the side works in place.
    side.get_by_role("button", name="Follow").click()
    expect(side.get_by_role("button", name="Following")).to_have_attribute("aria-pressed", "true")

    # On a phone the side comes after the thread.
    page.set_viewport_size(PHONE)
    main_box, side_box = main.bounding_box(), side.bounding_box()
    assert side_box["y"] >= main_box["y"] + main_box["height"] - 1, "on phones the side is below the thread"
    page.set_viewport_size(DESKTOP)
    at_both_widths(page, "question-with-side")

    # The similar question leads to that thread.
    side.get_by_role("link", name=other.title).click()
    expect(page.get_by_role("heading", name=other.title, level=1)).to_be_visible()
