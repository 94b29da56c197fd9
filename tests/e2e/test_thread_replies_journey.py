"""Replies in a real browser: several in a row under an answer, to a reply, with and without JavaScript.

Each reply must land where it was typed: the form that comes back after a reply still belongs to
the same answer.
"""

import pytest
from playwright.sync_api import expect

from forum import services
from forum.models import Reply

from ..accounts.factories import UserFactory
from .conftest import axe_check
from .forum_helpers import ask, browser_for, make_category

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _thread():
    """Anna's question, Ben's answer, and Anna's reply under that answer."""
    anna = UserFactory(display_name="Anna Asker")
    ben = UserFactory(display_name="Ben Helper")
    question = ask(by=anna, category=make_category())
    answer = services.post_answer(question=question, by=ben, body="Hold the button for ten seconds, then pair again.")
    annas = services.post_reply(question=question, answer=answer, by=anna, body="Ten seconds did not work for me.")
    return question, answer, annas


def _post_reply(form_area, text: str) -> None:
    form_area.get_by_role("textbox", name="Your reply").fill(text)
    form_area.get_by_role("button", name="Post reply").click()


def _assert_all_under(answer, texts) -> None:
    for text in texts:
        reply = Reply.objects.get(body=text)
        assert reply.answer_id == answer.pk, f"{text!r} landed under the question"


def test_replies_in_a_row_stay_under_the_answer(live_server, new_context):
    question, answer, annas = _thread()
    carla = UserFactory(display_name="Carla Codes")
    page = browser_for(new_context, live_server, carla)
    page.goto(live_server.url + question.get_absolute_url())
    page.evaluate("window.__samePage = true")  # gone if anything reloads the page
    answer_post = page.get_by_role("article", name="Answer by Ben Helper")
    question_post = page.get_by_role("article", name="Question")

    # Two replies in a row: the second one in the form that comes back after the first.
    answer_post.locator("summary", has_text="Add a reply").click()
    _post_reply(answer_post, "Which firmware is on the speaker?")
    expect(answer_post.locator(".reply", has_text="Which firmware")).to_be_visible()
    _post_reply(answer_post, "And which phone do you pair it with?")
    expect(answer_post.locator(".reply", has_text="which phone")).to_be_visible()
    expect(question_post.locator(".reply")).to_have_count(0)

    # "Reply to Anna", then one more in the form that comes back.
    answer_post.locator(".reply", has_text="did not work").get_by_role("link", name="Reply").click()
    reply_form = answer_post.locator("details.reply-form")
    expect(reply_form.locator("summary")).to_have_text("Reply to Anna Asker")
    _post_reply(reply_form, "Try twenty seconds then, Anna.")
    nested = answer_post.locator(".reply", has_text="twenty seconds")
    expect(nested).to_contain_text("in reply to Anna Asker")
    _post_reply(answer_post, "Also keep the phone close to it.")
    expect(answer_post.locator(".reply", has_text="phone close")).to_be_visible()
    expect(question_post.locator(".reply")).to_have_count(0)
    assert page.evaluate("window.__samePage") is True
    axe_check(page, "question page after replies in a row")

    _assert_all_under(
        answer,
        [
            "Which firmware is on the speaker?",
            "And which phone do you pair it with?",
            "Try twenty seconds then, Anna.",
            "Also keep the phone close to it.",
        ],
    )
    assert Reply.objects.get(body="Try twenty seconds then, Anna.").parent == annas
    assert not Reply.objects.filter(answer__isnull=True).exists()

    # After a reload they are all there, under the answer, in the order written.
    page.reload()
    answer_post = page.get_by_role("article", name="Answer by Ben Helper")
    expect(answer_post.locator(".reply")).to_have_count(5)
    expect(page.get_by_role("article", name="Question").locator(".reply")).to_have_count(0)


def test_replies_in_a_row_without_javascript(live_server, new_context):
    question, answer, annas = _thread()
    carla = UserFactory(display_name="Carla Codes")
    page = browser_for(lambda: new_context(java_script_enabled=False), live_server, carla)
    page.goto(live_server.url + question.get_absolute_url())

    for text in ("Which firmware is on the speaker?", "And which phone do you pair it with?"):
        answer_post = page.get_by_role("article", name="Answer by Ben Helper")
        answer_post.locator("summary", has_text="Add a reply").click()
        _post_reply(answer_post, text)
        expect(page.get_by_role("status").filter(has_text="Your reply is posted.")).to_be_visible()
        answer_post = page.get_by_role("article", name="Answer by Ben Helper")
        expect(answer_post.locator(".reply", has_text=text)).to_be_visible()

    # "Reply" reloads the page with that reply's form open; the next reply goes under the answer too.
    answer_post = page.get_by_role("article", name="Answer by Ben Helper")
    answer_post.locator(".reply", has_text="did not work").get_by_role("link", name="Reply").click()
    reply_form = page.get_by_role("article", name="Answer by Ben Helper").locator("details.reply-form")
    expect(reply_form.locator("summary")).to_have_text("Reply to Anna Asker")
    _post_reply(reply_form, "Try twenty seconds then, Anna.")
    answer_post = page.get_by_role("article", name="Answer by Ben Helper")
    expect(answer_post.locator(".reply", has_text="twenty seconds")).to_contain_text("in reply to Anna Asker")
    answer_post.locator("summary", has_text="Add a reply").click()
    _post_reply(answer_post, "Also keep the phone close to it.")
    answer_post = page.get_by_role("article", name="Answer by Ben Helper")
    expect(answer_post.locator(".reply")).to_have_count(5)
    expect(page.get_by_role("article", name="Question").locator(".reply")).to_have_count(0)

    _assert_all_under(
        answer,
        [
            "Which firmware is on the speaker?",
            "And which phone do you pair it with?",
            "Try twenty seconds then, Anna.",
            "Also keep the phone close to it.",
        ],
    )
    assert Reply.objects.get(body="Try twenty seconds then, Anna.").parent == annas
