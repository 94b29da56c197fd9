"""The idea pages over HTTP: query budgets, lists, search, posting, voting, comments and the forum panels."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.accounts.models import Role
from ideas import fragments, services
from ideas.models import Idea, IdeaComment, IdeaVote
from tests.accounts.factories import UserFactory
from tests.support import queries_for

from .factories import IdeaFactory, ProductAreaFactory, add_votes, people, post

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def idea_with(votes: int, comments: int, prefix: str) -> Idea:
    """An idea with its votes, comments (every third a reply), tags, history and a merged duplicate."""
    idea = IdeaFactory(area=ProductAreaFactory(slug="app"))
    idea.tags.set(["export", "csv"])
    add_votes(idea, people(votes, prefix))
    commenters = UserFactory.create_batch(3)
    made = []
    for n in range(comments):
        parent = made[n - 1] if n % 3 and made else None
        made.append(
            IdeaComment.objects.create(
                idea=idea,
                parent=parent,
                root_id=(parent.root_id or parent.pk) if parent else None,
                author=commenters[n % 3],
                body="Me too",
                body_html="<p>Me too</p>",
            )
        )
    Idea.objects.filter(pk=idea.pk).update(comment_count=comments)
    staff = UserFactory(roles=[Role.MODERATOR])
    services.change_status(idea=idea, by=staff, status="planned", response="Planned for spring.")
    services.merge_ideas(idea=IdeaFactory(), into=idea, by=staff)
    return Idea.objects.get(pk=idea.pk)


# Query budgets: the same number of queries for 2 votes and for 500 votes with 100 comments.


def test_idea_page_costs_the_same_for_2_and_for_500_votes_with_100_comments(client):
    small, large = idea_with(2, 3, "small"), idea_with(500, 100, "large")
    small_count = queries_for(client, small.get_absolute_url())
    large_count = queries_for(client, large.get_absolute_url())
    assert small_count == large_count <= 10
    client.force_login(UserFactory())
    signed_in = queries_for(client, small.get_absolute_url())
    assert signed_in == queries_for(client, large.get_absolute_url()) <= 15


def test_idea_page_with_its_comments_rendered_afresh_keeps_the_budget(client):
    """The kept comments (ideas/fragments.py) make most visits cheaper; a fresh rendering still has a fixed cost."""
    small, large = idea_with(2, 3, "small"), idea_with(500, 100, "large")

    def fresh(idea) -> int:
        client.get(idea.get_absolute_url())
        fragments.comments_changed(idea.pk)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(idea.get_absolute_url()).status_code == 200
        return len(captured)

    kept = queries_for(client, large.get_absolute_url())
    assert fresh(small) == fresh(large) <= 10
    assert kept < fresh(large)
    client.force_login(UserFactory())
    assert fresh(small) == fresh(large) <= 15


LISTS = ("/ideas/", "/ideas/?sort=trending", "/ideas/?sort=newest", "/ideas/?q=export", "/ideas/?status=planned")


def cold_queries_for(client, url) -> int:
    """Queries of a page rendered afresh: no cached list (signed-out readers share one otherwise)."""
    client.get(url)
    cache.delete(fragments.LISTS)  # a new version: every list is rendered again
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_idea_list_costs_the_same_whatever_the_votes_and_the_length(client):
    idea_with(2, 3, "small")
    few = {url: cold_queries_for(client, url) for url in LISTS}
    idea_with(500, 100, "large")
    for idea in IdeaFactory.create_batch(25):
        idea.tags.set(["export"])
    many = {url: cold_queries_for(client, url) for url in LISTS}
    assert few == many
    assert max(many.values()) <= 10
    assert queries_for(client, "/ideas/") <= 2  # the shared rendering, once cached
    client.force_login(UserFactory())
    signed_in = {url: queries_for(client, url) for url in LISTS}
    assert max(signed_in.values()) <= 6  # the shared rendering, with this person's vote buttons filled in


def test_the_shared_list_follows_every_change(client, django_capture_on_commit_callbacks):
    idea = IdeaFactory(title="An idea that gets a vote")
    assert "<b>0</b> votes" in client.get("/ideas/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.vote(idea=idea, by=UserFactory())
    assert "<b>1</b> vote" in client.get("/ideas/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea=idea, by=UserFactory(roles=[Role.ADMIN]), status="planned", response="Soon!")
    assert "Soon!" in client.get("/ideas/").content.decode()
    assert "Soon!" in client.get(reverse("ideas:roadmap")).content.decode()


def test_signed_in_readers_share_the_list_but_see_their_own_vote_buttons(client):
    liked, own = IdeaFactory(title="An idea one of us voted for"), IdeaFactory(title="An idea of my own")
    voter, author = UserFactory(), own.author
    services.vote(idea=liked, by=voter)
    client.force_login(voter)
    html = client.get("/ideas/").content.decode()
    assert html.count("You voted") == 1 and html.count("Your idea") == 0
    client.force_login(author)
    html = client.get("/ideas/").content.decode()  # the same kept list, other buttons
    assert html.count("You voted") == 0 and html.count("Your idea") == 1
    assert "Vote<span" in html.split(f'id="idea-{liked.pk}"')[1]


def test_roadmap_costs_a_few_queries(client):
    idea_with(500, 10, "large")
    assert cold_queries_for(client, reverse("ideas:roadmap")) <= 10
    client.force_login(UserFactory())
    assert queries_for(client, reverse("ideas:roadmap")) <= 4  # one rendering for everyone


# Lists


def test_top_trending_and_newest(client):
    old_favourite = IdeaFactory(title="An old favourite with many votes")
    add_votes(old_favourite, people(5, "old"))
    IdeaVote.objects.filter(idea=old_favourite).update(created_at=timezone.now() - timezone.timedelta(days=30))
    rising = IdeaFactory(title="A rising idea with recent votes")
    add_votes(rising, people(2, "new"))
    newest = IdeaFactory(title="The newest idea of all")
    html = client.get("/ideas/").content.decode()
    assert html.index(old_favourite.title) < html.index(rising.title) < html.index(newest.title)
    html = client.get("/ideas/?sort=trending").content.decode()
    assert rising.title in html and old_favourite.title not in html and newest.title not in html
    html = client.get("/ideas/?sort=newest").content.decode()
    assert html.index(newest.title) < html.index(rising.title)


def test_filters_by_status_area_and_tag(client):
    area = ProductAreaFactory(slug="heating", name_en="Heating schedules", name_de="Heizpläne")
    planned = IdeaFactory(title="A planned idea for the heating", area=area, status="planned")
    planned.tags.set(["holiday"])
    other = IdeaFactory(title="Something else that is still new")
    for query in ("status=planned", "area=heating", "tag=holiday"):
        html = client.get(f"/ideas/?{query}").content.decode()
        assert planned.title in html and other.title not in html, query
    german = client.get("/ideas/?area=heating", headers={"accept-language": "de"}).content.decode()
    assert '<html lang="de">' in german and "Heizpläne" in german


def test_search_finds_words_prefixes_and_typos_and_ranks_titles_first(client):
    csv = post(title="Export the heating history as a CSV file")
    body_only = post(title="Spreadsheets for my energy data", body="A CSV file per month would be enough for me.")
    post(title="Dark mode for the app at night", body="The app is too bright when I check it in bed.")
    html = client.get("/ideas/", {"q": "csv"}).content.decode()
    assert html.index(csv.title) < html.index(body_only.title) and "Dark mode" not in html
    assert csv.title in client.get("/ideas/", {"q": "expor hist"}).content.decode()  # prefixes while typing
    assert csv.title in client.get("/ideas/", {"q": "hystory"}).content.decode()  # a typo, by trigrams


@pytest.mark.parametrize("query", ["", "   ", "x" * 10_000, "'&|!:*()", "a\x00b", "' OR 1=1 --", "%", "_", "ü"])
def test_search_and_similar_never_fail_on_odd_input(client, query):
    post()
    expected = 400 if "\x00" in query else 200  # a NUL is refused before any view (community.middleware)
    assert client.get("/ideas/", {"q": query}).status_code == expected
    assert client.get(reverse("ideas:similar"), {"title": query}).status_code == expected
    for bad in ("/ideas/?page=abc", "/ideas/?page=9999", "/ideas/?sort=DROP", "/ideas/?status=x", "/ideas/?area=x"):
        assert client.get(bad).status_code == 200
    assert client.get("/ideas/?status=%00").status_code == 400


def test_similar_ideas_appear_while_typing(client):
    csv = post(title="Export the heating history as a CSV file")
    post(title="Dark mode for the app at night")
    html = client.get(reverse("ideas:similar"), {"title": "Can I export my history"}).content.decode()
    assert csv.title in html and "Dark mode" not in html
    assert csv.title not in client.get(reverse("ideas:similar"), {"title": "the and for"}).content.decode()


# Posting


def test_posting_through_the_form(client):
    author = UserFactory()
    area = ProductAreaFactory()
    client.force_login(author)
    response = client.post(
        reverse("ideas:idea-new"),
        {
            "title": "Export the heating history as a CSV file",
            "body": "Per room and day, please.",
            "area": area.pk,
            "tags": "export",
        },
    )
    idea = Idea.objects.get()
    assert response.status_code == 302 and response.url == idea.get_absolute_url()
    assert idea.author == author and idea.area == area
    assert "Thank you for your idea" in client.get(response.url).content.decode()


def test_bad_input_on_the_form_is_explained_and_kept(client):
    client.force_login(UserFactory())
    response = client.post(reverse("ideas:idea-new"), {"title": "CSV", "body": "Per room and day, please!", "tags": ""})
    html = response.content.decode()
    assert response.status_code == 422 and "There is a problem" in html
    assert 'value="CSV"' in html and "Per room and day, please!" in html
    assert not Idea.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("ideas:idea-new"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_kept_list_made_on_an_authors_visit_shows_others_their_own_buttons(client):
    own = IdeaFactory(title="An idea whose author looks first")
    client.force_login(own.author)
    assert client.get("/ideas/").content.decode().count("Your idea") == 1
    client.force_login(UserFactory())
    html = client.get("/ideas/").content.decode()
    assert html.count("Your idea") == 0
    assert "Vote<span" in html.split(f'id="idea-{own.pk}"')[1]
