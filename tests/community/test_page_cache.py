"""Whole pages for signed-out readers: kept, answered with 304s, and ended by every write that changes them
(community/page_cache.py). Nothing here runs after-commit callbacks unless it says so: a write ends the
kept pages at once, and again when it commits."""

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.http import http_date

from community.accounts.models import Role
from forum import services as forum
from forum.models import Article, Category, Question
from ideas import services as ideas
from ideas.models import Idea, ProductArea
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, CategoryFactory, QuestionFactory
from tests.ideas.factories import IdeaFactory, ProductAreaFactory

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = [
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Language",
    "Vary",
]


def served_whole(client, url, **headers):
    """The response, asserting that it came from the kept page: not one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert len(queries) == 0, f"{url} was rendered, not served whole"
    return response


def rendered(client, url):
    """The response, asserting that the view rendered it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(queries) > 0, f"{url} was served whole"
    return response


@pytest.fixture
def solved(django_capture_on_commit_callbacks):
    """A solved question with its knowledge-base article."""
    answer = AnswerFactory(body="Hold the reset button for ten seconds.")
    with django_capture_on_commit_callbacks(execute=True):
        forum.accept_answer(answer=answer, by=answer.question.author)
    return answer


def every_kept_page(solved) -> list[str]:
    question = solved.question
    idea = IdeaFactory()
    question.tags.add("wifi")
    return [
        "/",
        "/?state=unanswered",
        question.category.get_absolute_url(),
        reverse("forum:tag-detail", args=["wifi"]),
        question.get_absolute_url(),
        reverse("forum:knowledge-base"),
        Article.objects.get(question=question).get_absolute_url(),
        reverse("ideas:idea-list"),
        reverse("ideas:roadmap"),
        idea.get_absolute_url(),
    ]


def test_every_kind_of_page_is_kept_whole_with_the_headers_of_a_rendered_one(client, solved):
    for url in every_kept_page(solved):
        rendered = client.get(url)
        assert rendered.status_code == 200, url
        kept = served_whole(client, url)
        assert kept.status_code == 200 and kept.content == rendered.content, url
        for header in SECURITY_HEADERS:
            assert kept.headers.get(header) == rendered.headers.get(header), (url, header)
        assert "nonce-" not in kept.headers["Content-Security-Policy"]
        assert kept["ETag"] == rendered["ETag"] and kept["Last-Modified"]
        assert "no-cache" in kept["Cache-Control"] and "private" not in kept["Cache-Control"]
        assert not kept.cookies and not rendered.cookies, url  # no CSRF cookie, no session
        assert "csrfmiddlewaretoken" not in kept.text and "X-CSRFToken" not in kept.text, url


def test_a_current_copy_is_answered_304_by_etag_and_by_date(client):
    url = QuestionFactory().get_absolute_url()
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert served_whole(client, url, if_none_match=etag).status_code == 304
    assert served_whole(client, url, if_modified_since=modified).status_code == 304
    assert served_whole(client, url, if_none_match='"something-older"').status_code == 200
    assert served_whole(client, url, if_modified_since=http_date(0)).status_code == 200
    # The first answer to a conditional request, before anything is kept, is a 304 too.
    other = QuestionFactory().get_absolute_url()
    kept = Client().get(other)
    assert client.get(other, headers={"if-none-match": kept["ETag"]}).status_code in (200, 304)


def test_a_copy_from_before_a_write_is_answered_in_full(client):
    question = QuestionFactory()
    url = question.get_absolute_url()
    etag = client.get(url)["ETag"]
    forum.post_answer(question=question, by=UserFactory(), body="Try the other channel on your router.")
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200 and "other channel" in response.text and response["ETag"] != etag


def test_a_page_renewed_within_the_same_second_has_a_later_date(client):
    question = QuestionFactory()
    url = question.get_absolute_url()
    modified = client.get(url)["Last-Modified"]
    forum.vote(post=question, by=UserFactory(), value=1)
    renewed = client.get(url, headers={"if-modified-since": modified})
    assert renewed.status_code == 200 and 'class="vote__score">1<' in renewed.text
    assert renewed["Last-Modified"] != modified


def test_signed_in_readers_never_get_a_kept_page_nor_leave_one(client):
    url = QuestionFactory().get_absolute_url()
    client.get(url)
    reader = UserFactory(display_name="Ria Reader")
    signed_in = Client()
    signed_in.force_login(reader)
    page = signed_in.get(url)
    assert "Ria Reader" in page.text and "csrfmiddlewaretoken" in page.text
    assert "private" in page["Cache-Control"] and "ETag" not in page
    # What a signed-in reader was given is never kept for anyone else.
    other = QuestionFactory().get_absolute_url()
    assert "Ria Reader" in signed_in.get(other).text
    assert "Ria Reader" not in client.get(other).text
    assert "Ria Reader" not in served_whole(client, other).text


def test_htmx_requests_and_visitors_with_a_message_are_answered_by_the_view(client):
    url = QuestionFactory().get_absolute_url()
    client.get(url)
    response = client.get(url, headers={"hx-request": "true"})
    assert "ETag" not in response
    client.cookies["messages"] = "something"
    assert "ETag" not in client.get(url)


def test_each_language_is_kept_apart(client):
    url = QuestionFactory().get_absolute_url()
    german = client.get(url, headers={"accept-language": "de"}).text
    english = client.get(url, headers={"accept-language": "en"}).text
    assert '<html lang="de">' in german and '<html lang="en">' in english
    assert '<html lang="de">' in served_whole(client, url, accept_language="de-DE,de;q=0.9").text
    assert '<html lang="en">' in served_whole(client, url, accept_language="en").text
    client.cookies["django_language"] = "de"  # the language switch's choice wins over the browser's
    assert '<html lang="de">' in served_whole(client, url, accept_language="en").text


def test_the_query_is_part_of_the_key_in_any_order(client):
    QuestionFactory.create_batch(3)
    newest = client.get("/?sort=new&state=unanswered")
    assert served_whole(client, "/?state=unanswered&sort=new").content == newest.content
    assert client.get("/?sort=votes").content != newest.content


def test_a_private_category_is_never_kept_for_readers_who_cannot_read_it(client):
    private = CategoryFactory(audience=Category.Audience.STAFF)
    question = QuestionFactory(category=private, title="The staff-only firmware rollout plan")
    agent = Client()
    agent.force_login(UserFactory(roles=[Role.AGENT]))
    assert agent.get(question.get_absolute_url()).status_code == 200
    assert "staff-only firmware" in agent.get("/").text
    assert client.get(question.get_absolute_url()).status_code == 404
    assert client.get(question.get_absolute_url()).status_code == 404  # not kept: asked again, still 404
    assert client.get(private.get_absolute_url()).status_code == 404
    assert "staff-only firmware" not in client.get("/").text
    assert "staff-only firmware" not in served_whole(client, "/").text


def test_a_view_count_is_counted_for_every_reader_of_a_kept_page(client):
    question = QuestionFactory()
    forum.flush_views()
    for _ in range(3):
        client.get(question.get_absolute_url())
    assert forum.flush_views() == {f"q:{question.pk}": 3}


def test_a_signed_out_language_switch_needs_no_token_but_must_come_from_this_site():
    visitor = Client(enforce_csrf_checks=True)
    url = reverse("set_language")
    refused = visitor.post(url, {"language": "de", "next": "/"}, headers={"origin": "https://evil.example"})
    assert refused.status_code == 403 and "django_language" not in refused.cookies
    assert visitor.post(url, {"language": "de", "next": "/"}).status_code == 403  # no origin at all
    switched = visitor.post(url, {"language": "de", "next": "/"}, headers={"origin": "http://testserver"})
    assert switched.status_code == 302 and switched.cookies["django_language"].value == "de"


def test_a_signed_in_language_switch_still_needs_its_token():
    member = Client(enforce_csrf_checks=True)
    member.force_login(UserFactory(language="en"))
    url = reverse("set_language")
    response = member.post(url, {"language": "de"}, headers={"origin": "http://testserver"})
    assert response.status_code == 403


# --- each write that changes a page ends it ------------------------------------------------------------


def _moderator():
    return UserFactory(roles=[Role.MODERATOR])


def answer_posted(answer):
    forum.post_answer(question=answer.question, by=UserFactory(), body="A second way: update the firmware first.")
    return "update the firmware first"


def question_voted(answer):
    forum.vote(post=answer.question, by=UserFactory(), value=1)
    return 'class="vote__score">1<'


def answer_accepted(answer):
    forum.accept_answer(answer=answer, by=answer.question.author)
    return "Accepted answer"


def question_edited(answer):
    question = answer.question
    forum.edit_question(
        question=question, by=question.author, title="The hub blinks red after the update", body=question.body
    )
    return "The hub blinks red after the update"


def answer_hidden(answer):
    forum.hide_post(post=answer, by=_moderator(), reason="Off topic")
    return lambda text: "Hold the reset button" not in text


def question_closed(answer):
    forum.close_question(question=answer.question, by=_moderator(), reason=Question.CloseReason.RESOLVED)
    return "Resolved elsewhere"


def category_renamed_by_an_admin(answer):
    category = answer.question.category
    category.name_en = "Heating and hot water"
    _admin_saves(admin.site._registry[Category], category)
    return "Heating and hot water"


@pytest.mark.parametrize(
    "write",
    [
        answer_posted,
        question_voted,
        answer_accepted,
        question_edited,
        answer_hidden,
        question_closed,
        category_renamed_by_an_admin,
    ],
)
@pytest.mark.parametrize("page", ["thread", "list"])
def test_a_forum_write_ends_the_kept_pages_that_show_it(client, write, page):
    answer = AnswerFactory(body="Hold the reset button for ten seconds.")
    url = answer.question.get_absolute_url() if page == "thread" else answer.question.category.get_absolute_url()
    before = client.get(url).text
    assert served_whole(client, url).text == before
    shows = write(answer)
    after = client.get(url, follow=True).text  # a new title moves the thread to a new address
    assert after != before
    if page == "thread" or write in (question_edited, category_renamed_by_an_admin):
        assert shows(after) if callable(shows) else shows in after


def _admin_saves(model_admin, obj) -> None:
    request = RequestFactory().post("/admin/")
    request.user = UserFactory(roles=[Role.ADMIN])
    model_admin.save_model(request, obj, form=None, change=True)


def test_an_edited_article_ends_its_kept_page(client, solved):
    article = Article.objects.get(question=solved.question)
    url = article.get_absolute_url()
    client.get(url)
    forum.edit_article(article=article, by=_moderator(), summary="Press and hold the reset button until it blinks.")
    assert "until it blinks" in client.get(url).text


def test_an_idea_status_change_ends_the_idea_page_the_board_and_the_roadmap(client):
    idea = IdeaFactory(title="Show the heating history as a chart")
    urls = [idea.get_absolute_url(), reverse("ideas:idea-list"), reverse("ideas:roadmap")]
    before = {url: client.get(url).text for url in urls}
    ideas.change_status(idea=idea, by=_moderator(), status=Idea.Status.PLANNED, response="We start in spring.")
    after = {url: client.get(url).text for url in urls}
    assert all(after[url] != before[url] for url in urls)
    assert "We start in spring." in after[idea.get_absolute_url()]
    assert "Show the heating history as a chart" in after[reverse("ideas:roadmap")]


def test_an_idea_vote_ends_the_kept_idea_page(client):
    idea = IdeaFactory()
    url = idea.get_absolute_url()
    before = client.get(url).text
    ideas.vote(idea=idea, by=UserFactory())
    assert client.get(url).text != before


def test_an_admin_renaming_a_product_area_ends_the_kept_board(client):
    area = ProductAreaFactory()
    IdeaFactory(area=area)
    url = reverse("ideas:idea-list")
    assert area.name_en in client.get(url).text
    area.name_en = "Solar panels and batteries"
    _admin_saves(admin.site._registry[ProductArea], area)
    assert "Solar panels and batteries" in client.get(url).text


def test_a_kept_page_ends_when_the_write_commits_too(client, django_capture_on_commit_callbacks):
    """A reader who fetched the page between the write and its commit was given the old state: the commit
    ends that copy as well."""
    question = QuestionFactory()
    url = question.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        forum.post_answer(question=question, by=UserFactory(), body="Unplug it for a minute, then try again.")
        client.get(url)  # kept under the version of before the commit
    assert "Unplug it for a minute" in rendered(client, url).text
