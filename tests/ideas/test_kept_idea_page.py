"""The idea page is kept (its head, its main part for signed-out readers, its comments per kind of reader):
every change shows at once, and what each person sees stays theirs."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.accounts.models import Role
from ideas import fragments, services
from ideas.models import Idea, IdeaComment
from tests.accounts.factories import UserFactory
from tests.forum.factories import QuestionFactory

from .factories import IdeaFactory

pytestmark = pytest.mark.django_db


def comments_of(client, idea) -> str:
    html = client.get(idea.get_absolute_url()).content.decode()
    return html[html.index('id="comments"') :]


def test_a_new_comment_an_edit_and_a_deletion_show_at_once(client):
    idea, author = IdeaFactory(), UserFactory()
    comment = services.post_comment(idea=idea, by=author, body="The first thought on this")
    assert "The first thought" in comments_of(client, idea)  # kept from now on
    services.post_comment(idea=idea, by=UserFactory(), body="A second thought here")
    assert "A second thought" in comments_of(client, idea)
    services.edit_comment(comment=comment, by=author, body="Better words for the first")
    html = comments_of(client, idea)
    assert "Better words for the first" in html and "The first thought" not in html
    services.delete_comment(comment=comment, by=author)
    assert "This comment was deleted." in comments_of(client, idea)


def test_readers_share_the_comments_but_authors_and_moderators_get_their_own_buttons(client):
    idea, writer, reader = IdeaFactory(), UserFactory(), UserFactory()
    comment = services.post_comment(idea=idea, by=writer, body="I would use this every day")
    edit = reverse("ideas:comment-edit", args=[comment.pk])
    delete = reverse("ideas:comment-delete", args=[comment.pk])
    client.force_login(reader)
    html = comments_of(client, idea)
    assert "I would use this every day" in html and edit not in html and delete not in html
    assert fragments.HOLE not in html
    client.force_login(writer)
    html = comments_of(client, idea)
    assert edit in html and delete in html
    client.force_login(reader)
    html = comments_of(client, idea)  # the kept rendering did not take the writer's buttons
    assert edit not in html and delete not in html
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    html = comments_of(client, idea)
    assert edit in html and delete in html
    client.logout()
    html = comments_of(client, idea)
    assert "Sign in to comment" in html and "csrfmiddlewaretoken" not in html and edit not in html


def test_a_member_who_cannot_comment_yet_is_not_offered_the_boxes_others_see(client):
    idea = IdeaFactory()
    services.post_comment(idea=idea, by=UserFactory(), body="Please build this soon")
    client.force_login(UserFactory())
    assert 'id="comment-form"' in comments_of(client, idea)
    client.force_login(UserFactory(verified=False))
    html = comments_of(client, idea)
    assert "Please confirm your email address to comment." in html
    assert 'id="comment-form"' not in html and "reply-form" not in html


def test_a_reply_from_the_kept_comments_carries_the_readers_own_token(client):
    idea, reader = IdeaFactory(), UserFactory()
    comment = services.post_comment(idea=idea, by=UserFactory(), body="Who else wants this?")
    client.force_login(UserFactory())
    comments_of(client, idea)  # another member's visit keeps the rendering
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)
    html = comments_of(browser, idea)
    reply_form = html[html.index(f'id="replyform-{comment.pk}"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', reply_form).group(1)
    response = browser.post(
        reverse("ideas:comment-create", args=[idea.pk]),
        {"body": "Me, and my whole team", "parent": comment.pk, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302, response.content.decode()[:300]
    assert IdeaComment.objects.filter(body="Me, and my whole team", parent=comment, author=reader).exists()


def test_after_the_edit_window_the_author_keeps_delete_but_loses_edit(client):
    idea, author = IdeaFactory(), UserFactory()
    comment = services.post_comment(idea=idea, by=author, body="Written long ago")
    IdeaComment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(days=3))
    fragments.comments_changed(idea.pk)
    client.force_login(author)
    html = comments_of(client, idea)
    assert reverse("ideas:comment-delete", args=[comment.pk]) in html
    assert reverse("ideas:comment-edit", args=[comment.pk]) not in html


def test_signed_out_readers_see_votes_statuses_edits_links_and_merges_at_once(
    client, django_capture_on_commit_callbacks
):
    idea, voter = IdeaFactory(title="Dark mode for the app"), UserFactory()
    moderator = UserFactory(roles=[Role.MODERATOR])
    html = client.get(idea.get_absolute_url(), follow=True).content.decode()  # kept from now on
    assert "csrfmiddlewaretoken" not in html.split('id="idea-title"')[1].split("</main>")[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.vote(idea=idea, by=voter)
    assert "<b>1</b> vote" in client.get(idea.get_absolute_url(), follow=True).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea=idea, by=moderator, status="planned", response="Coming in spring.")
    assert "Coming in spring." in client.get(idea.get_absolute_url(), follow=True).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_idea(idea=idea, by=moderator, title="Dark mode for the app and the web", body=idea.body)
    assert "Dark mode for the app and the web" in client.get(idea.get_absolute_url(), follow=True).content.decode()
    question = QuestionFactory(title="Is there a dark theme anywhere?")
    with django_capture_on_commit_callbacks(execute=True):
        services.link_thread(idea=idea, question=question, by=moderator)
    assert "Is there a dark theme anywhere?" in client.get(idea.get_absolute_url(), follow=True).content.decode()
    duplicate = IdeaFactory(title="Night theme please")
    client.get(duplicate.get_absolute_url())  # kept too
    with django_capture_on_commit_callbacks(execute=True):
        services.merge_ideas(idea=duplicate, into=idea, by=moderator)
    response = client.get(duplicate.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == Idea.objects.get(pk=idea.pk).get_absolute_url()
    assert "Night theme please" in client.get(idea.get_absolute_url(), follow=True).content.decode()
