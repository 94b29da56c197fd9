"""The post kernel keeps one rule for forum replies and idea comments alike, and for both apps' forms."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum import services as forum_services
from forum.kernel import excerpt, require_text
from forum.kernel.forms import post_number
from ideas import services as idea_services
from tests.accounts.factories import UserFactory
from tests.ideas.factories import IdeaFactory

from .factories import QuestionFactory

pytestmark = pytest.mark.django_db


def reply_under_a_question(author):
    return forum_services.post_reply(question=QuestionFactory(), by=author, body="First words here.")


def comment_on_an_idea(author):
    return idea_services.post_comment(idea=IdeaFactory(), by=author, body="First words here.")


KINDS = {
    "reply": (reply_under_a_question, forum_services.edit_reply, forum_services.delete_reply, "reply"),
    "comment": (comment_on_an_idea, idea_services.edit_comment, idea_services.delete_comment, "comment"),
}


def edit(kind, remark, by, body):
    _post, edit_service, _delete, name = KINDS[kind]
    return edit_service(**{name: remark, "by": by, "body": body})


def delete(kind, remark, by):
    _post, _edit, delete_service, name = KINDS[kind]
    return delete_service(**{name: remark, "by": by})


@pytest.mark.parametrize("kind", KINDS)
def test_a_remark_keeps_its_text_rules_edits_and_tombstone(kind):
    author = UserFactory()
    remark = KINDS[kind][0](author)
    assert str(remark) == "First words here." and remark.edited_at is None

    assert edit(kind, remark, author, "  First words here.\x00 ").edited_at is None  # the same text: no edit
    edited = edit(kind, remark, author, "Better **words**.")
    assert edited.body_html == "<p>Better <strong>words</strong>.</p>\n" and edited.edited_at is not None
    with pytest.raises(ValidationError, match="at least 2 characters"):
        edit(kind, remark, author, " x ")

    with pytest.raises(PermissionDenied):
        delete(kind, remark, UserFactory())
    deleted = delete(kind, remark, author)
    assert deleted.is_deleted and deleted.deleted_by == author
    assert delete(kind, remark, author).deleted_at == deleted.deleted_at  # a second click changes nothing
    with pytest.raises(ValidationError, match="cannot be edited"):
        edit(kind, deleted, author, "Words after the end.")


@pytest.mark.parametrize("kind", KINDS)
def test_a_remark_links_the_people_it_mentions(kind):
    UserFactory(handle="Anna")
    remark = KINDS[kind][0](UserFactory())
    remark = edit(kind, remark, remark.author, "Thanks @anna and @nobody")
    assert 'href="/people/Anna/"' in remark.body_html and "@nobody" in remark.body_html


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("42", 42),
        (" #42 ", 42),
        ("https://example.com/q/42/how-to/", 42),
        ("/q/7", 7),
        ("/ideas/42/", None),
        ("question 42", None),
        ("9" * 13, None),
        ("", None),
    ],
)
def test_a_post_is_named_by_its_address_or_its_number(text, number):
    assert post_number(text, "/q/") == number


def test_text_is_trimmed_and_held_between_its_bounds():
    assert require_text(" hi\x00 ", field="body", minimum=2, maximum=5) == "hi"
    with pytest.raises(ValidationError) as too_long:
        require_text("abcdef", field="body", minimum=2, maximum=5)
    assert too_long.value.message_dict == {"body": ["Please keep it under 5 characters (now 6)."]}


def test_an_excerpt_is_plain_text_cut_at_a_word():
    html = "<p>Hold <strong>reset</strong> for ten seconds &amp; wait.</p>"
    assert excerpt(html) == "Hold reset for ten seconds & wait."
    assert excerpt(html, length=16) == "Hold reset for…"
