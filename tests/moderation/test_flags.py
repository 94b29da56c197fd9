"""Flags: members report posts, super users and moderators decide, the audit log remembers."""

import pytest
from django.utils import translation

from community.accounts.models import Role
from community.models import AuditEntry
from forum.models import Answer
from moderation.models import Flag
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_member_flags_an_answer_and_a_super_user_upholds_it(client):
    answer = AnswerFactory(body="Buy cheap watches at example.com!")
    reporter, super_user = UserFactory(), UserFactory(roles=[Role.SUPER_USER])
    client.force_login(reporter)
    form = client.get(f"/moderation/flag/answer/{answer.pk}/")
    assert form.status_code == 200 and "Spam or advertising" in form.text
    response = client.post(f"/moderation/flag/answer/{answer.pk}/", {"reason": "spam", "note": "an ad"}, follow=True)
    assert "Thank you. Super users and moderators will look at it." in response.text
    client.post(f"/moderation/flag/answer/{answer.pk}/", {"reason": "spam"})  # twice: still one flag
    flag = Flag.objects.get()
    assert (flag.reporter, flag.author_id, flag.status) == (reporter, answer.author_id, Flag.Status.OPEN)

    client.force_login(super_user)
    queue = client.get("/moderation/")
    assert queue.status_code == 200 and "an ad" in queue.text
    client.post(f"/moderation/review/{flag.pk}/", {"decision": "uphold", "note": "obvious spam"})
    flag.refresh_from_db()
    assert flag.status == Flag.Status.UPHELD and flag.handled_by == super_user
    assert Answer.objects.get(pk=answer.pk).deleted_at is not None
    entry = AuditEntry.objects.get(action="flag_upheld")
    assert (entry.actor, entry.subject, entry.note) == (super_user, answer.author, "obvious spam")


def test_a_flag_without_a_reason_keeps_the_note_and_says_why(client):
    answer = AnswerFactory()
    client.force_login(UserFactory())
    response = client.post(f"/moderation/flag/answer/{answer.pk}/", {"note": "looks odd to me"})
    assert response.status_code == 422
    assert "This field is required." in response.text and "looks odd to me" in response.text
    assert not Flag.objects.exists()


def test_members_cannot_handle_flags_nor_flag_their_own_posts(client):
    member = UserFactory()
    own = AnswerFactory(author=member)
    client.force_login(member)
    assert client.post(f"/moderation/flag/answer/{own.pk}/", {"reason": "spam"}).status_code == 403
    flag = Flag.objects.create(
        reporter=UserFactory(), author=own.author, kind="answer", object_id=own.pk, reason="abusive"
    )
    assert client.get("/moderation/").status_code == 403
    assert client.post(f"/moderation/review/{flag.pk}/", {"decision": "uphold"}).status_code == 403
    flag.refresh_from_db()
    assert flag.status == Flag.Status.OPEN


def test_nobody_decides_flags_against_their_own_post(client):
    super_user = UserFactory(roles=[Role.SUPER_USER])
    own = AnswerFactory(author=super_user)
    flag = Flag.objects.create(
        reporter=UserFactory(),
        author=super_user,
        kind="answer",
        object_id=own.pk,
        reason="abusive",
        note="please check",
    )
    client.force_login(super_user)
    assert "please check" not in client.get("/moderation/").text
    response = client.post(f"/moderation/review/{flag.pk}/", {"decision": "dismiss"}, follow=True)
    assert "Someone else must decide on flags against your own posts." in response.text
    flag.refresh_from_db()
    assert flag.status == Flag.Status.OPEN


def test_a_dismissed_flag_leaves_the_post(client):
    answer = AnswerFactory()
    flag = Flag.objects.create(
        reporter=UserFactory(), author=answer.author, kind="answer", object_id=answer.pk, reason="other", note="wrong"
    )
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    client.post(f"/moderation/review/{flag.pk}/", {"decision": "dismiss"})
    flag.refresh_from_db()
    assert flag.status == Flag.Status.DISMISSED
    assert Answer.objects.get(pk=answer.pk).deleted_at is None
    assert AuditEntry.objects.filter(action="flag_dismissed").exists()
