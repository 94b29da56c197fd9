"""Questions and answers in a real browser: ask with a live preview, answer, reply, vote, accept.

Also: the same pages in German, and hostile Markdown/HTML posted through the real forms stays inert.
"""

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from forum import services
from forum.models import Answer, Question, Reply

from ..accounts.factories import UserFactory
from .conftest import at_both_widths, axe_check, log_in
from .forum_helpers import ask, browser_for, make_category

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "The speaker does not pair with my phone over Bluetooth"
BODY = "I hold the button for **five seconds** and the light blinks blue.\n\n- Android 14\n- firmware 2.1"


def test_ask_answer_reply_vote_and_accept(page, live_server, client, new_context):
    make_category()
    anna = UserFactory(display_name="Anna Asker")
    ben = UserFactory(display_name="Ben Helper")

    # Anna asks, from the home page.
    log_in(page, live_server, client, anna)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Ask a question").first.click()
    expect(page.get_by_role("heading", name="Ask a question", level=1)).to_be_visible()

    # A title that is too short first: the form says why and keeps everything typed.
    page.get_by_label("Title").fill("Help")
    page.get_by_label("Details").fill(BODY)
    preview = page.locator("#body-preview")
    expect(preview.locator("strong")).to_have_text("five seconds")  # the live preview renders Markdown
    expect(preview.locator("li")).to_have_count(2)
    page.get_by_label("Category").select_option(label="App and devices")
    page.get_by_label("Tags").fill("bluetooth, pairing")
    axe_check(page, "ask page with preview")
    at_both_widths(page, "ask-with-preview")
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_role("alert")).to_contain_text("Title")
    expect(page.get_by_label("Title")).to_have_value("Help")
    expect(page.get_by_label("Details")).to_have_value(BODY)
    expect(page.get_by_label("Tags")).to_have_value("bluetooth, pairing")
    expect(page.get_by_label("Category").locator("option:checked")).to_have_text("App and devices")
    expect(preview.locator("strong")).to_have_text("five seconds")
    axe_check(page, "ask page with errors")
    at_both_widths(page, "ask-with-errors")

    page.get_by_label("Title").fill(TITLE)
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Your question is online")).to_be_visible()
    question = Question.objects.get()
    assert sorted(question.tags.names()) == ["bluetooth", "pairing"]
    assert page.url.endswith(question.get_absolute_url())
    question_post = page.get_by_role("article", name="Question")
    expect(question_post.locator(".post__body strong")).to_have_text("five seconds")

    # Anna adds a detail under her own question.
    question_post.locator("summary", has_text="Add a reply").click()
    question_post.get_by_role("textbox", name="Your reply").fill("The app says: device not found.")
    question_post.get_by_role("button", name="Post reply").click()
    expect(question_post.locator(".reply", has_text="device not found")).to_be_visible()

    # Ben answers in a browser of his own, then replies under the question and to Anna's reply.
    ben_page = browser_for(new_context, live_server, ben)
    ben_page.goto(live_server.url + question.get_absolute_url())
    ben_page.get_by_role("textbox", name="Your answer").fill("Hold it for *ten* seconds until it blinks **red**.")
    expect(ben_page.locator("#answer-preview strong")).to_have_text("red")
    ben_page.get_by_role("button", name="Post your answer").click()
    answer_post = ben_page.get_by_role("article", name="Answer by Ben Helper")
    expect(answer_post.locator(".post__body strong")).to_have_text("red")
    expect(ben_page.get_by_role("heading", name="1 answer")).to_be_visible()

    ben_question = ben_page.get_by_role("article", name="Question")
    ben_question.locator("summary", has_text="Add a reply").click()
    ben_question.get_by_role("textbox", name="Your reply").fill("Which speaker model is it?")
    ben_question.get_by_role("button", name="Post reply").click()
    expect(ben_question.locator(".reply", has_text="Which speaker model")).to_be_visible()

    annas_reply = ben_question.locator(".reply", has_text="device not found")
    annas_reply.get_by_role("link", name="Reply").click()
    reply_form = ben_question.locator("details.reply-form")
    expect(reply_form.locator("summary")).to_have_text("Reply to Anna Asker")
    reply_form.get_by_role("textbox", name="Your reply").fill("That message means it is still paired elsewhere.")
    reply_form.get_by_role("button", name="Post reply").click()
    nested = ben_question.locator(".reply", has_text="still paired elsewhere")
    expect(nested).to_contain_text("in reply to Anna Asker")
    expect(nested.get_by_role("link", name="Anna Asker")).to_have_attribute(
        "href", f"#reply-{Reply.objects.get(body__startswith='The app says').pk}"
    )
    assert Reply.objects.get(body__startswith="That message").parent.author == anna

    # Anna comes back: she votes Ben's answer up and accepts it, all in place.
    page.reload()
    answer = Answer.objects.get()
    answer_post = page.get_by_role("article", name="Answer by Ben Helper")
    expect(answer_post).to_be_visible()
    expect(page.get_by_role("article", name="Question").locator(".reply")).to_have_count(3)
    page.evaluate("window.__samePage = true")  # gone if anything reloads the page

    score = answer_post.locator(".vote__score")
    expect(score).to_have_text(re.compile(r"^0\b"))
    up = answer_post.get_by_role("button", name="This is useful (vote up)")
    up.click()
    expect(score).to_have_text(re.compile(r"^1\b"))
    expect(answer_post.get_by_role("button", name="This is useful (vote up)")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("status").filter(has_text="Voted up.")).to_be_visible()
    axe_check(page, "question page before accepting")
    at_both_widths(page, "question-before-accept")

    answer_post.get_by_role("button", name="Accept this answer").click()
    accepted = page.get_by_role("article", name="Accepted answer")
    expect(accepted).to_contain_text("Accepted answer")
    expect(accepted.get_by_role("button", name="Undo accept")).to_be_visible()
    expect(accepted.locator(".vote__score")).to_have_text(re.compile(r"^1\b"))
    expect(page.get_by_role("status").filter(has_text="Answer accepted.")).to_be_visible()
    # The question's own state follows without a reload.
    expect(page.locator(".thread__states")).to_contain_text("Solved")
    assert page.evaluate("window.__samePage") is True
    question.refresh_from_db()
    answer.refresh_from_db()
    assert question.is_solved and answer.is_accepted and answer.score == 1
    axe_check(page, "question page after accepting")
    at_both_widths(page, "question-after-accept")

    # After a reload it is the same: solved, accepted answer first.
    page.reload()
    expect(page.locator(".thread__states")).to_contain_text("Solved")
    expect(page.get_by_role("article", name="Accepted answer")).to_be_visible()


def test_member_reads_and_asks_in_german(page, live_server, client):
    category = make_category()
    greta = UserFactory(display_name="Greta Gärtner", language="de")
    helper = UserFactory(display_name="Hans Helfer", language="de")
    question = ask(
        by=greta,
        category=category,
        title="Der Lautsprecher verbindet sich nicht per Bluetooth",
        body="Ich halte die Taste fünf Sekunden, das Licht blinkt blau, das Handy findet nichts.",
        language="de",
    )
    services.post_answer(question=question, by=helper, body="Halte die Taste zehn Sekunden, bis sie rot blinkt.")

    log_in(page, live_server, client, greta)
    page.goto(live_server.url + question.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name=question.title, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Deine Antwort")).to_be_visible()
    main = page.get_by_role("main")
    for english in ("Your answer", "Post your answer", "Accept this answer", "Add a reply", "1 answer", "Asked"):
        expect(main).not_to_contain_text(english)
    at_both_widths(page, "question-german")
    axe_check(page, "question page in German")

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Frage stellen").first.click()
    expect(page.get_by_role("heading", name="Frage stellen", level=1)).to_be_visible()
    expect(page.get_by_label("Titel")).to_be_visible()
    expect(page.get_by_label("Kategorie")).to_be_visible()
    for english in ("Title", "Category", "Post your question", "Language of your question", "Markdown works."):
        expect(page.get_by_role("main")).not_to_contain_text(english)
    page.locator("#id_body").fill("Das ist **fett** gedruckt, und das auch.")
    expect(page.locator("#body-preview strong")).to_have_text("fett")
    expect(page.locator("#body-preview")).not_to_contain_text("Preview")
    at_both_widths(page, "ask-german")
    axe_check(page, "ask page in German")


PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "[click](javascript:window.__pwned=1)",
    "<svg onload=window.__pwned=1>",
    "![x](javascript:window.__pwned=1)",
    "[data link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)",
    '<a href="jav&#x61;script:window.__pwned=1">x</a>',
    '<iframe src="javascript:window.__pwned=1">',
    "<javascript:window.__pwned=1>",
    "[JaVaScRiPt](JaVaScRiPt:window.__pwned=1)",
    '[quoted](<javascript:window.__pwned=1> "t")',
    "![a picture](https://example.com/x.png)",
    "<https://example.com/help>",
    "[a fine link](/c/app/)",
]
HOSTILE_BODY = "Some text first.\n\n" + "\n\n".join(PAYLOADS)
HOSTILE_TITLE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'


def _pwned_after_navigation(page):
    """window.__pwned once the page a click led to has loaded (a click may start a navigation later)."""
    for _ in range(50):
        page.wait_for_load_state()
        try:
            return page.evaluate("window.__pwned")
        except PlaywrightError as error:
            if "context was destroyed" not in str(error):
                raise
    raise AssertionError("the page kept navigating")


def _assert_inert(page, where: str) -> None:
    assert page.evaluate("window.__pwned") is None, f"script ran on {where}"
    bodies = page.locator(".post__body, .reply__body, #body-preview, #answer-preview")
    for selector in ("script", "iframe", "svg", "img", "object", "embed", "[onerror]", "[onload]", "[style]"):
        expect(bodies.locator(selector), f"{selector} in a post on {where}").to_have_count(0)
    links = bodies.locator("a")
    for i in range(links.count()):
        href = (links.nth(i).get_attribute("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:")), f"{href!r} on {where}"


def test_hostile_posts_stay_inert(page, live_server, client, new_context):
    make_category()
    # Established members: a new member's post with links would wait for review instead.
    mallory = UserFactory(display_name="Mallory", established=True)
    eve = UserFactory(display_name="Eve", established=True)
    page.on("dialog", lambda dialog: dialog.dismiss())
    # The browser stays on the live server: anything else is answered with an empty page.
    page.context.route(
        re.compile(r"^(?!" + re.escape(live_server.url) + ")[a-z]+://.*"),
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>elsewhere</p>"),
    )

    log_in(page, live_server, client, mallory)
    page.goto(live_server.url + "/ask/")
    page.get_by_label("Title").fill(HOSTILE_TITLE)
    page.get_by_label("Details").fill(HOSTILE_BODY)
    expect(page.locator("#body-preview")).to_contain_text("Some text first.")
    _assert_inert(page, "the ask preview")
    page.get_by_label("Category").select_option(label="App and devices")
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_role("heading", name=HOSTILE_TITLE, exact=True, level=1)).to_be_visible()  # shown as text
    question = Question.objects.get()

    eve_page = browser_for(new_context, live_server, eve)
    eve_page.on("dialog", lambda dialog: dialog.dismiss())
    eve_page.goto(live_server.url + question.get_absolute_url())
    eve_page.get_by_role("textbox", name="Your answer").fill("Try this:\n\n" + HOSTILE_BODY)
    expect(eve_page.locator("#answer-preview")).to_contain_text("Try this:")
    _assert_inert(eve_page, "the answer preview")
    eve_page.get_by_role("button", name="Post your answer").click()
    expect(eve_page.get_by_role("article", name="Answer by Eve")).to_contain_text("Try this:")
    eve_question = eve_page.get_by_role("article", name="Question")
    eve_question.locator("summary", has_text="Add a reply").click()
    eve_question.get_by_role("textbox", name="Your reply").fill(" ".join(PAYLOADS))
    eve_question.get_by_role("button", name="Post reply").click()
    expect(eve_question.locator(".reply__body")).to_contain_text("a fine link")
    _assert_inert(eve_page, "the question page after answering")

    # Mallory's and Eve's posts as a reader sees them; then every link in them is clicked.
    reader = UserFactory(display_name="Rita Reader")
    reader_page = browser_for(new_context, live_server, reader)
    reader_page.on("dialog", lambda dialog: dialog.dismiss())
    url = live_server.url + question.get_absolute_url()
    reader_page.goto(url)
    expect(reader_page.get_by_role("article", name="Answer by Eve")).to_be_visible()
    _assert_inert(reader_page, "the question page")
    links = reader_page.locator(".post__body a, .reply__body a")
    count = links.count()
    assert count >= 3  # at least the fine link in the question, the answer and the reply
    for i in range(count):
        reader_page.goto(url)
        reader_page.locator(".post__body a, .reply__body a").nth(i).click()
        assert _pwned_after_navigation(reader_page) is None, f"link {i} ran script"

    # The title in the question list and the browser tab is text, too.
    reader_page.goto(live_server.url + "/")
    expect(reader_page.get_by_role("link", name=HOSTILE_TITLE)).to_be_visible()
    assert reader_page.evaluate("window.__pwned") is None
    reader_page.goto(url)
    expect(reader_page).to_have_title(re.compile(re.escape(HOSTILE_TITLE)))
    assert reader_page.evaluate("window.__pwned") is None
