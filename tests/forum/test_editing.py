"""Editing and deleting posts: the edit window, the history and its diffs, mentions told once."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from community import events
from community.accounts.models import Role
from forum import services
from forum.models import Answer, Question, Revision
from tests.accounts.factories import UserFactory

from .factories import AnswerFactory, QuestionFactory, ask, kinds

pytestmark = pytest.mark.django_db


# Editing and deleting


def test_authors_edit_within_the_window_and_the_history_keeps_every_version(settings):
    settings.FORUM_EDIT_WINDOW_HOURS = 24
    question = ask()
    services.edit_question(
        question=question,
        by=question.author,
        title="The app shows my device as offline since today",
        body=question.body + " Update: rebooted twice.",
        tags=["app", "offline"],
        note="more detail",
    )
    question.refresh_from_db()
    assert question.edited_at is not None
    assert sorted(question.tags.names()) == ["app", "offline"]
    revisions = list(question.revisions.order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[1].note == "more detail"
    assert revisions[0].title == "The app shows my device as offline"


def test_after_the_edit_window_only_super_users_and_moderators_edit(settings):
    settings.FORUM_EDIT_WINDOW_HOURS = 1
    answer = AnswerFactory(created_at=timezone.now() - timedelta(hours=2))
    with pytest.raises(PermissionDenied):
        services.edit_answer(answer=answer, by=answer.author, body="Changed my mind about this.")
    services.edit_answer(answer=answer, by=UserFactory(roles=[Role.SUPER_USER]), body="Fixed a typo in here.")
    services.edit_answer(answer=answer, by=UserFactory(roles=[Role.MODERATOR]), body="Fixed another typo here.")
    assert Answer.objects.get(pk=answer.pk).revisions.count() == 2


def test_nothing_changed_means_no_new_revision():
    question = ask()
    services.edit_question(question=question, by=question.author, title=question.title, body=question.body)
    assert question.revisions.count() == 1


def test_only_a_new_tag_order_means_no_new_revision():
    question = ask(tags=["wifi", "app", "router"])
    services.edit_question(
        question=question, by=question.author, title=question.title, body=question.body, tags="router, app, wifi"
    )
    services.retag_question(question=question, by=UserFactory(roles=[Role.SUPER_USER]), tags=["app", "router", "wifi"])
    assert question.revisions.count() == 1
    assert sorted(Question.objects.get(pk=question.pk).tags.names()) == ["app", "router", "wifi"]


def test_deleting_leaves_a_tombstone_and_unaccepts(django_capture_on_commit_callbacks, event_log):
    answer = AnswerFactory()
    question = answer.question
    services.accept_answer(answer=answer, by=question.author)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_answer(answer=answer, by=answer.author)
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.deleted_at is not None and not answer.is_accepted
    assert not question.is_solved and question.answer_count == 0
    assert kinds(event_log) == ["AnswerUnaccepted", "PostDeleted"]
    with pytest.raises(PermissionDenied):
        services.delete_question(question=question, by=UserFactory())
    services.delete_question(question=question, by=UserFactory(roles=[Role.MODERATOR]))
    assert Question.objects.get(pk=question.pk).is_deleted


# Mentions


def test_mentions_link_people_who_exist_and_publish_once(django_capture_on_commit_callbacks, event_log):
    anna = UserFactory(handle="Anna")
    writer = UserFactory(handle="writer")
    question = QuestionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_reply(
            question=question,
            by=writer,
            body="@anna and @ANNA, @nobody, @writer, mail anna@example.com, `@anna` in code",
        )
    assert reply.body_html.count('href="/people/Anna/"') == 2
    assert "@nobody" in reply.body_html and "/people/nobody/" not in reply.body_html
    assert "<code>@anna</code>" in reply.body_html
    mentioned = [e for e in event_log if isinstance(e, events.UserMentioned)]
    assert [e.mentioned_user_id for e in mentioned] == [anna.pk]  # not the writer, not twice


def test_an_edit_only_notifies_people_newly_mentioned(django_capture_on_commit_callbacks, event_log):
    anna, ben = UserFactory(handle="anna"), UserFactory(handle="ben")
    answer = AnswerFactory(body="Ask @anna about it.")
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_answer(answer=answer, by=answer.author, body="Ask @anna or @ben about it.")
    mentioned = [e.mentioned_user_id for e in event_log if isinstance(e, events.UserMentioned)]
    assert mentioned == [ben.pk]
    assert anna.pk not in mentioned


# Editing and the history over HTTP


def test_editing_and_the_history_with_its_diff(client):
    question = ask(body="The first version of the text.")
    client.force_login(question.author)
    response = client.post(
        reverse("forum:question-edit", args=[question.pk]),
        {"title": question.title, "body": "The second version of the text.", "tags": "app", "note": "clarified"},
    )
    assert response.status_code == 302
    html = client.get(reverse("forum:question-revisions", args=[question.pk])).content.decode()
    assert "clarified" in html
    assert 'class="diff__removed"' in html and "first version" in html
    assert 'class="diff__added"' in html and "second version" in html


def _changed_lines(html: str) -> list[str]:
    """The lines a history page marks as added or removed, as text."""
    spans = re.findall(r'<span class="diff__(?:added|removed)">(.*?)\n</span>', html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", span) for span in spans]


def test_the_history_does_not_show_the_same_tags_in_another_order_as_a_change(client):
    question = ask(body="The first version of the text.", tags=["wifi", "app"])
    client.force_login(question.author)
    edit = reverse("forum:question-edit", args=[question.pk])
    client.post(edit, {"title": question.title, "body": "The second version of the text.", "tags": "app, wifi"})
    # Revisions written before tags were kept in order: the history reads them the same way.
    Revision.objects.filter(question=question, number=1).update(tags="wifi, app")
    client.post(edit, {"title": question.title, "body": "The third version, new tag.", "tags": "wifi, app, router"})
    html = client.get(reverse("forum:question-revisions", args=[question.pk])).content.decode()
    changes = _changed_lines(html)
    assert any("second version" in line for line in changes)
    tag_changes = [line for line in changes if "wifi" in line]
    assert len(tag_changes) == 2  # the third revision added "router"; the second changed no tag
    assert all("router" in line for line in tag_changes if "added" in line)


def test_a_stranger_cannot_open_the_edit_page(client):
    question = QuestionFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("forum:question-edit", args=[question.pk])).status_code == 403
