"""The idea page and its actions over HTTP, across the roles; the roadmap; the panels on forum threads."""

import pytest
from django.urls import reverse

from community.accounts.models import Role
from ideas import services
from ideas.models import Idea, IdeaComment, IdeaThreadLink, IdeaVote, StatusChange
from tests.accounts.factories import UserFactory
from tests.forum.factories import QuestionFactory

from .factories import IdeaFactory, post

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def vote_url(idea) -> str:
    return reverse("ideas:idea-vote", args=[idea.pk])


# Votes


def test_voting_in_place_then_twice_is_refused_with_the_reason(client):
    idea = IdeaFactory()
    client.force_login(UserFactory())
    response = client.post(vote_url(idea), {"value": "1"}, headers=HTMX)
    assert response.status_code == 200 and "toast" in response.headers["HX-Trigger"]
    assert "Withdraw vote" in response.content.decode() and "<b>1</b>" in response.content.decode()
    response = client.post(vote_url(idea), {"value": "1"}, headers=HTMX)
    assert response.status_code == 422 and "already voted" in response.headers["HX-Trigger"]
    assert Idea.objects.get(pk=idea.pk).vote_count == 1 == IdeaVote.objects.count()
    response = client.post(vote_url(idea), {"value": "0"}, headers=HTMX)
    assert response.status_code == 200 and Idea.objects.get(pk=idea.pk).vote_count == 0


def test_voting_without_javascript_goes_back_where_it_came_from(client):
    idea = IdeaFactory()
    client.force_login(UserFactory())
    response = client.post(vote_url(idea), {"value": "1", "next": "/ideas/?sort=newest"})
    assert response.status_code == 302 and response.url == "/ideas/?sort=newest"
    response = client.post(vote_url(idea), {"value": "1", "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == idea.get_absolute_url()
    assert "already voted" in client.get(response.url).content.decode()


def test_voting_for_ones_own_idea_is_a_403_with_the_reason(client):
    idea = IdeaFactory()
    client.force_login(idea.author)
    response = client.post(vote_url(idea), {"value": "1"})
    assert response.status_code == 403 and "your own idea" in response.content.decode()
    response = client.post(vote_url(idea), {"value": "1"}, headers=HTMX)
    assert response.status_code == 403 and "your own idea" in response.headers["HX-Trigger"]
    assert not IdeaVote.objects.exists()


def test_the_list_shows_which_ideas_i_voted_for(client):
    mine, other = IdeaFactory(title="The idea I voted for, clearly"), IdeaFactory()
    me = UserFactory()
    services.vote(idea=mine, by=me)
    client.force_login(me)
    html = client.get("/ideas/").content.decode()
    assert html.count("You voted") == 1 and html.index("You voted") > html.index(f'id="idea-{mine.pk}"')
    assert other.title in html


# Status and official responses


def test_a_member_posting_a_status_gets_a_403_and_nothing_changes(client):
    idea = IdeaFactory()
    client.force_login(UserFactory(roles=[Role.SUPER_USER]))
    response = client.post(reverse("ideas:idea-status", args=[idea.pk]), {"status": "planned", "response": "Yes"})
    assert response.status_code == 403 and "moderators and admins" in response.content.decode()
    assert Idea.objects.get(pk=idea.pk).status == "new" and not StatusChange.objects.exists()


def test_a_moderator_answers_and_the_response_stands_out_on_the_idea(client):
    idea = IdeaFactory()
    client.force_login(UserFactory(roles=[Role.MODERATOR], display_name="Mona Moderator"))
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Change the status or respond officially" in page
    response = client.post(
        reverse("ideas:idea-status", args=[idea.pk]),
        {"status": "planned", "response": "Thank you for your idea — we have understood!"},
    )
    assert response.status_code == 302
    html = client.get(idea.get_absolute_url()).content.decode()
    assert 'class="official-response"' in html and "we have understood!" in html
    assert "The author, the voters and the followers are told." in html
    assert html.count("status--planned") >= 2  # the badge on top and in the history


def test_a_refused_status_change_keeps_the_typed_response(client):
    idea = IdeaFactory()
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    response = client.post(reverse("ideas:idea-status", args=[idea.pk]), {"status": "new", "response": ""})
    html = response.content.decode()
    assert response.status_code == 422 and "Choose another status" in html
    response = client.post(reverse("ideas:idea-status", args=[idea.pk]), {"status": "bogus", "response": "Kept text"})
    assert response.status_code == 422 and "Kept text" in response.content.decode()


# Merges


def test_merging_through_the_page_redirects_the_duplicate_and_keeps_its_comments_readable(client):
    duplicate, target = IdeaFactory(title="Download my data as a spreadsheet"), IdeaFactory()
    IdeaComment.objects.create(idea=duplicate, author=UserFactory(), body="Old talk", body_html="<p>Old talk</p>")
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    url = reverse("ideas:idea-merge", args=[duplicate.pk])
    response = client.post(url, {"into": str(duplicate.pk)})
    assert response.status_code == 422 and "cannot be merged into itself" in response.content.decode()
    response = client.post(url, {"into": f"http://testserver{target.get_absolute_url()}"})
    assert response.status_code == 302 and response.url == target.get_absolute_url()
    response = client.get(duplicate.get_absolute_url())
    assert response.status_code == 302 and response.url == target.get_absolute_url()
    assert "Download my data as a spreadsheet" in client.get(response.url).content.decode()  # "merged here"
    kept = client.get(duplicate.get_absolute_url() + "?merged=1").content.decode()
    assert "Old talk" in kept and "This idea was merged into another one." in kept and target.title in kept
    assert 'name="body"' not in kept  # read only


def test_members_cannot_merge_or_see_voters(client):
    duplicate, target = IdeaFactory(), IdeaFactory()
    client.force_login(UserFactory(roles=[Role.SUPER_USER]))
    assert client.post(reverse("ideas:idea-merge", args=[duplicate.pk]), {"into": target.pk}).status_code == 403
    assert client.get(reverse("ideas:idea-voters", args=[duplicate.pk])).status_code == 403
    assert Idea.objects.get(pk=duplicate.pk).merged_into is None


def test_moderators_see_who_voted(client):
    idea = IdeaFactory()
    voter = UserFactory(display_name="Vera Voter")
    services.vote(idea=idea, by=voter)
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    html = client.get(reverse("ideas:idea-voters", args=[idea.pk])).content.decode()
    assert "Vera Voter" in html and "1 person voted" in html


# Comments


def test_commenting_in_place_and_replying_to_a_reply(client):
    idea = IdeaFactory()
    anna = UserFactory(display_name="Anna")
    client.force_login(anna)
    url = reverse("ideas:comment-create", args=[idea.pk])
    response = client.post(url, {"body": "Yes please!"}, headers=HTMX)
    assert response.status_code == 200 and "Yes please!" in response.content.decode()
    first = IdeaComment.objects.get()
    client.force_login(UserFactory(display_name="Ben"))
    client.post(url, {"body": "Me too.", "parent": first.pk}, headers=HTMX)
    reply = IdeaComment.objects.get(parent=first)
    page = client.get(idea.get_absolute_url() + f"?reply_to={reply.pk}").content.decode()
    assert "Reply to Ben" in page  # without JavaScript the form opens for that reply
    assert "Reply to Ben" in client.get(reverse("ideas:comment-reply-form", args=[reply.pk])).content.decode()
    assert Idea.objects.get(pk=idea.pk).comment_count == 2


def test_an_empty_comment_without_javascript_keeps_the_page(client):
    idea = IdeaFactory()
    client.force_login(UserFactory())
    response = client.post(reverse("ideas:comment-create", args=[idea.pk]), {"body": "x"})
    assert response.status_code == 422 and "at least 2 characters" in response.content.decode()
    assert 'value="x"' in response.content.decode() or ">x</textarea>" in response.content.decode()


def test_editing_a_comment_and_the_idea(client):
    idea = post()
    client.force_login(idea.author)
    response = client.post(
        reverse("ideas:idea-edit", args=[idea.pk]),
        {"title": "Export the heating history as CSV or Excel", "body": idea.body, "tags": "export, excel"},
    )
    assert response.status_code == 302
    assert Idea.objects.get(pk=idea.pk).title == "Export the heating history as CSV or Excel"
    client.force_login(UserFactory())
    assert client.get(reverse("ideas:idea-edit", args=[idea.pk])).status_code == 403


# Roadmap and forum threads


def test_the_roadmap_shows_columns_with_votes_and_the_latest_response(client):
    staff = UserFactory(roles=[Role.MODERATOR])
    planned, building, new = IdeaFactory(), IdeaFactory(), IdeaFactory(title="A new idea nobody answered")
    services.vote(idea=planned, by=UserFactory())
    services.change_status(idea=planned, by=staff, status="planned", response="Coming in spring.")
    services.change_status(idea=building, by=staff, status="in_progress")
    html = client.get(reverse("ideas:roadmap")).content.decode()
    assert html.index("roadmap-planned") < html.index(planned.title) < html.index("roadmap-in_progress")
    assert html.index("roadmap-in_progress") < html.index(building.title) < html.index("roadmap-done")
    assert "Coming in spring." in html and new.title not in html and "Nothing finished in the last 90 days." in html


def test_a_thread_shows_its_linked_ideas_and_caretakers_can_turn_it_into_one(client):
    question = QuestionFactory(title="Can I get my heating data into Excel?")
    idea = IdeaFactory(title="Export the heating history as a CSV file")
    assert "Ideas from this thread" not in client.get(question.get_absolute_url()).content.decode()
    staff = UserFactory(roles=[Role.SUPER_USER])
    client.force_login(staff)
    response = client.post(reverse("ideas:thread-link", args=[idea.pk]), {"thread": question.get_absolute_url()})
    assert response.status_code == 302 and IdeaThreadLink.objects.filter(idea=idea, question=question).exists()
    html = client.get(question.get_absolute_url()).content.decode()
    assert "Ideas from this thread" in html and idea.title in html
    assert "Turn this thread into an idea" in html
    form = client.get(reverse("ideas:idea-from-thread", args=[question.pk])).content.decode()
    assert question.title in form
    response = client.post(
        reverse("ideas:idea-from-thread", args=[question.pk]),
        {"title": "Let me export my heating data", "body": "As asked in the forum thread.", "tags": ""},
    )
    made = Idea.objects.get(title="Let me export my heating data")
    assert response.status_code == 302 and made.author == question.author
    client.force_login(UserFactory())
    html = client.get(question.get_absolute_url()).content.decode()
    assert "Turn this thread into an idea" not in html
    assert client.get(reverse("ideas:idea-from-thread", args=[question.pk])).status_code == 403


def test_an_idea_made_from_a_thread_lists_that_thread_once(client):
    import html
    import re

    question = QuestionFactory(title="Can I get my heating data into Excel?")
    client.force_login(UserFactory(roles=[Role.SUPER_USER]))
    form = client.get(reverse("ideas:idea-from-thread", args=[question.pk])).content.decode()
    body = html.unescape(re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', form, re.S).group(1)).strip()
    assert question.body.strip() in body
    response = client.post(
        reverse("ideas:idea-from-thread", args=[question.pk]),
        {"title": "Let me export my heating data", "body": body, "tags": ""},
        follow=True,
    )
    page = response.content.decode()
    assert "Where it came up" in page
    assert page.count(f'href="{question.get_absolute_url()}"') == 1


def test_a_bad_thread_reference_is_explained(client):
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    idea = IdeaFactory()
    response = client.post(reverse("ideas:thread-link", args=[idea.pk]), {"thread": "/q/999999/nothing/"})
    assert response.status_code == 422 and "Name an existing forum thread." in response.content.decode()


def test_writes_need_a_post_and_a_signed_in_person(client):
    idea = IdeaFactory()
    assert client.get(vote_url(idea)).status_code in (302, 405)
    response = client.post(vote_url(idea), {"value": "1"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client.get("/ideas/999999/").status_code == 404
    huge = "9" * 25
    for url in (f"/ideas/{huge}/", f"/ideas/{huge}/slug/", f"/ideas/comments/{huge}/reply/"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/ideas/{idea.pk}/wrong-slug/").status_code == 301


def test_admins_manage_product_areas_in_both_languages(client):
    from community.accounts.services import grant_admin_permissions

    client.force_login(UserFactory(roles=[Role.ADMIN]))
    grant_admin_permissions()  # what every migrate does; a transactional test's flush before us undid it
    response = client.get(reverse("admin:ideas_productarea_add"))
    html = response.content.decode()
    assert response.status_code == 200 and "name_de" in html and "name_en" in html
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    assert client.get(reverse("admin:ideas_productarea_add")).status_code in (302, 403)


def test_hostile_titles_and_markdown_stay_inert_and_followed_ideas_are_listed(
    client, django_capture_on_commit_callbacks
):
    author = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):  # posting follows the idea, after the commit
        idea = post(
            by=author,
            title='<script>alert(1)</script><img src=x onerror="alert(1)">',
            body="[click](javascript:alert(1)) <script>alert(2)</script> <b onclick=x>bold</b>",
        )
    for url in (idea.get_absolute_url(), "/ideas/", reverse("ideas:similar") + "?title=script+alert"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html and 'href="javascript:' not in html, url
        assert "<b onclick" not in html, url
    client.force_login(author)
    html = client.get("/settings/following/").content.decode()
    assert f'href="{idea.get_absolute_url()}"' in html
    assert f'action="/follow/idea/{idea.pk}/"' in html
