"""A member asks what the community solved before: the automatic reply links the solved thread's article at
once, she says Yes, and the question shows as solved by the knowledge base, on its page and in the list."""

import pytest
from playwright.sync_api import expect

from forum import services
from forum.models import InstantVerdict, Question

from ..accounts.factories import UserFactory
from .conftest import at_both_widths, axe_check
from .forum_helpers import ask, browser_for, make_category

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_ask_see_the_automatic_reply_say_yes_and_see_it_solved(live_server, new_context):
    app = make_category()
    solved = ask(by=UserFactory(), category=app)
    answer = services.post_answer(question=solved, by=UserFactory(), body="Hold play for ten seconds, then pair.")
    services.accept_answer(answer=answer, by=solved.author)

    mia = UserFactory(display_name="Mia Member")
    page = browser_for(new_context, live_server, mia)
    page.goto(live_server.url + "/ask/")
    page.get_by_label("Title").fill("My speaker does not pair over Bluetooth")
    page.get_by_label("Details").fill("I hold the button, the light blinks blue, and my phone never finds the speaker.")
    page.get_by_label("Category").select_option(label="App and devices")
    page.get_by_role("button", name="Post your question").click()

    reply = page.get_by_role("region", name="This may already be solved")
    expect(reply).to_be_visible()
    expect(reply.get_by_text("Automatic reply")).to_be_visible()
    expect(reply.get_by_role("link", name=solved.title)).to_have_attribute("href", solved.article.get_absolute_url())
    expect(reply.get_by_text("Hold play for ten seconds, then pair.")).to_be_visible()
    at_both_widths(page, "instant-answer")
    axe_check(page, "the automatic reply")

    reply.get_by_role("button", name="Yes").click()
    expect(page.locator("#toasts")).to_contain_text("solved by the knowledge base")
    expect(page.locator("#thread-states")).to_contain_text("Solved by the knowledge base")
    expect(page.get_by_role("region", name="This may already be solved")).to_contain_text("This solved the question.")
    question = Question.objects.get(author=mia)
    assert question.is_solved and question.solved_by_knowledge_base
    assert InstantVerdict.objects.get(question=question).helpful

    page.goto(live_server.url + "/?state=solved")
    row = page.locator(".qrow", has_text=question.title)
    expect(row.get_by_text("Solved by the knowledge base")).to_be_visible()
