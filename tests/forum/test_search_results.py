"""What the search page shows of each result: plain-text snippets with the words found marked, a thread
once (as its article), and duplicates below their originals with a link to them."""

import re

import pytest
from django.urls import reverse

from community.accounts.models import Role
from forum import services
from forum.models import Article, Category
from tests.accounts.factories import UserFactory

from .factories import CategoryFactory, ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def solve(question, answer_text, committed):
    with committed():
        answer = services.post_answer(question=question, by=UserFactory(established=True), body=answer_text)
    with committed():
        services.accept_answer(answer=answer, by=question.author)
    return answer


def results(client, **params) -> list[str]:
    """The result items of a search page, as HTML."""
    html = client.get(reverse("forum:search"), params).content.decode()
    if 'class="results"' not in html:
        return []
    return re.findall(r'<li class="result.*?</li>', html.split('class="results"')[1], re.S)


def snippet(item: str) -> str:
    return item.split('<p class="result__snippet">')[1].split("</p>")[0]


# Snippets


def test_an_article_snippet_is_plain_text_with_the_words_found_marked(client, committed):
    with committed():
        question = ask(title="Speaker will not pair over Bluetooth", body="My phone never finds the *speaker*.")
    solve(
        question,
        "## Fix\n\nHold **play** for 5 seconds, then see [the manual](https://example.com/manual).\n\n"
        "- `reset` first\n- then pair again",
        committed,
    )
    (item,) = results(client, q="hold play manual")
    assert "/knowledge-base/" in item
    text = snippet(item)
    assert "<mark>play</mark>" in text and "<mark>manual</mark>" in text
    words = re.sub(r"</?mark>", "", text)
    assert "<" not in words  # no tag but the marks
    for markdown in ("**", "##", "](", "`", ">", "- then"):
        assert markdown not in words, markdown


def test_a_question_snippet_marks_words_from_deep_in_the_text(client, committed):
    filler = " ".join(f"word{n}" for n in range(3000))  # about 25,000 characters
    with committed():
        ask(title="Router problem after the summer", body=f"{filler}\n\nThe **firmware** update bricked it.")
    (item,) = results(client, q="firmware bricked")
    text = snippet(item)
    assert "<mark>firmware</mark>" in text and "<mark>bricked</mark>" in text
    assert "**" not in text


def test_what_people_wrote_stays_text_and_cannot_fake_the_marks(client, committed):
    with committed():
        ask(
            title="Router shows odd characters",
            body="The router prints `<script>alert(1)</script>` and <b>bold</b> and \x02evil\x03 then <mark>x</mark>.",
        )
    (item,) = results(client, q="router prints evil")
    text = snippet(item)
    assert "<script" not in text and "<b>" not in text
    assert "&lt;script&gt;" in text
    assert "<mark>evil</mark>" in text  # marked because it was searched for: by us, not by the text
    assert "<mark>x</mark>" not in text
    assert text.count("<mark>") == text.count("</mark>") == 3


def test_the_suggestions_and_the_ask_box_show_a_thread_once(client, committed):
    with committed():
        question = ask(title="How do I reset my router password?", body="I forgot it and cannot sign in.")
    solve(question, "Hold the reset button for 10 seconds.", committed)
    html = client.get(reverse("forum:search-suggest"), {"q": "reset router password"}).content.decode()
    assert html.count("How do I reset my router password?") == 1 and "/knowledge-base/" in html
    client.force_login(UserFactory())
    html = client.get(reverse("forum:ask-similar"), {"title": "reset my router password"}).content.decode()
    assert html.count("How do I reset my router password?") == 1


# A thread and its article are one result


@pytest.mark.parametrize(
    "params",
    [
        {"q": "pair speaker bluetooth"},
        {"q": '"pair the speaker"'},
        {"q": "speaker -zigbee"},
        {"q": "speaker", "sort": "newest"},
        {"q": "speaker", "sort": "votes"},
        {"q": "speaker", "solved": "yes"},
    ],
)
def test_a_solved_thread_is_one_result_its_article(client, committed, params):
    with committed():
        question = ask(title="How do I pair the speaker over Bluetooth?", body="I cannot pair the speaker.")
    solve(question, "Hold play on the speaker for five seconds.", committed)
    with committed():
        ask(title="Speaker hums when idle", body="The speaker hums loudly.")
    found = results(client, **params)
    mine = [item for item in found if "How do I pair the speaker" in item]
    assert len(mine) == 1
    article = Article.objects.get(question=question)
    assert article.get_absolute_url() in mine[0] and "Knowledge base" in mine[0]
    assert any("Speaker hums" in item for item in found) == (params.get("solved") != "yes" and '"' not in params["q"])


def test_a_thread_found_by_an_answer_the_article_lacks_is_still_shown_as_its_article(client, committed):
    with committed():
        question = ask(title="Lights flicker in the evening", body="Every evening the lights flicker.")
    with committed():
        services.post_answer(question=question, by=UserFactory(), body="Mine flickered until I paired the zigbee hub.")
    solve(question, "Replace the dimmer with a newer model.", committed)
    (item,) = results(client, q="zigbee")
    assert Article.objects.get(question=question).get_absolute_url() in item


# Duplicates


@pytest.fixture
def duplicate(committed):
    with committed():
        original = ask(title="Invoice arrives twice each month", body="Every invoice comes two times.")
        copy = ask(
            title="Why do I get two invoices? Two invoices every month!",
            body="Two invoices, two invoices, twice the invoices each month.",
        )
    with committed():
        services.mark_duplicate(question=copy, original=original, by=UserFactory(roles=[Role.MODERATOR]))
    return original, copy


@pytest.mark.parametrize("params", [{"q": "two invoices every month"}, {"q": '"invoices" month'}])
def test_a_duplicate_ranks_below_its_original_and_links_to_it(client, duplicate, params):
    original, copy = duplicate
    found = results(client, **params)
    links = [re.search(r'<h2 class="result__title">.*?<a href="([^"]+)"', item, re.S).group(1) for item in found]
    assert links == [original.get_absolute_url(), copy.get_absolute_url()]
    assert "Duplicate of" in found[1] and original.get_absolute_url() in found[1]
    assert "Duplicate of" not in found[0]


def test_a_duplicate_of_a_solved_thread_ranks_below_its_article(client, duplicate, committed):
    original, copy = duplicate
    solve(original, "Turn off paper invoices in your account.", committed)
    found = results(client, q="two invoices every month")
    assert Article.objects.get(question=original).get_absolute_url() in found[0]
    assert copy.get_absolute_url() in found[1] and "Duplicate of" in found[1]


def test_the_original_is_not_named_where_the_reader_cannot_see_it(client, committed):
    hidden = CategoryFactory(audience=Category.Audience.STAFF)
    with committed():
        original = ask(title="Internal: double invoice runs", by=UserFactory(roles=[Role.AGENT]), category=hidden)
        copy = ask(title="Why do I get two invoices every month?", body="Two invoices each month.")
    with committed():
        services.mark_duplicate(question=copy, original=original, by=UserFactory(roles=[Role.MODERATOR]))
    (item,) = results(client, q="two invoices")
    assert "Internal" not in item and "Duplicate of" not in item


def test_reopening_or_remarking_keeps_the_ranking_current(client, duplicate, committed):
    from forum.models import SearchDocument

    original, copy = duplicate
    moderator = UserFactory(roles=[Role.MODERATOR])
    with committed():
        first = ask(title="Invoices come twice since the spring", body="Two invoices every month since spring.")
    with committed():
        services.mark_duplicate(question=original, original=first, by=moderator)  # copy now points to first
    marks = dict(SearchDocument.objects.values_list("object_id", "duplicate_of"))
    assert marks[original.pk] == first.pk and marks[copy.pk] == first.pk
    with committed():
        services.reopen_question(question=copy, by=moderator)
    found = results(client, q="two invoices every month")
    assert copy.get_absolute_url() in found[0] and "Duplicate of" not in found[0]


def test_the_query_budget_holds_with_articles_and_duplicates(client, committed, django_assert_max_num_queries):
    category = CategoryFactory()
    moderator = UserFactory(roles=[Role.MODERATOR])
    originals = []
    for n in range(12):
        with committed():
            originals.append(ask(title=f"Router problem number {n} with the firmware", category=category))
    for question in originals[:6]:
        solve(question, "Update the firmware from the app.", committed)
    for n, original in enumerate(originals[6:]):
        with committed():
            copy = ask(title=f"Router firmware trouble, case {n}", category=category)
        with committed():
            services.mark_duplicate(question=copy, original=original, by=moderator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("forum:search"), {"q": "router firmware"}).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("forum:search"), {"q": "router firmware", "sort": "newest"}).status_code == 200


def test_a_repeated_search_reuses_its_snippets_until_a_post_changes(client, committed, django_assert_max_num_queries):
    with committed():
        question = ask(title="Router reboots every night", body="My router restarts itself at 3 am sharp.")
    assert "<mark>router</mark> restarts" in snippet(results(client, q="router")[0])
    with django_assert_max_num_queries(4):  # categories, then the page's documents, questions and articles
        assert "<mark>router</mark> restarts" in snippet(results(client, q="router")[0])
    with committed():
        services.edit_question(
            question=question, by=question.author, title=question.title, body="Since May the router reboots at 4 am."
        )
    assert "Since May the <mark>router</mark>" in snippet(results(client, q="router")[0])
