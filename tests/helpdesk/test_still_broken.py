"""When an accepted answer did not help: the asker tells the team in public, and the thread enters the queue."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from community.accounts.models import Role
from forum.models import Reply
from helpdesk.models import QueueItem
from helpdesk.services import report_still_broken
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db
TEXT = "The light still blinks red after the reset, and the app says offline."


def solved_question(**fields):
    question = QuestionFactory(is_solved=True, **fields)
    AnswerFactory(question=question, is_accepted=True, accepted_at=timezone.now())
    return question


def test_the_asker_tells_the_team_and_everyone_reads_it_under_the_question(client):
    question = solved_question()
    client.force_login(question.author)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Still broken? Tell the team" in page
    response = client.post(reverse("helpdesk:still-broken", args=[question.pk]), {"text": TEXT})
    assert response.status_code == 302 and response["Location"] == question.get_absolute_url()
    reply = Reply.objects.get(question=question)
    assert (reply.author, reply.body, reply.answer) == (question.author, TEXT, None)
    item = QueueItem.objects.get(question=question)
    assert (item.reason, item.note, item.resolved_at) == ("still_broken", TEXT, None)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "You told the team this is still broken" in page and TEXT in page


def test_the_button_is_for_the_asker_of_a_solved_question_only(client):
    solved, open_question = solved_question(), QuestionFactory()
    client.force_login(open_question.author)
    assert "Still broken?" not in client.get(open_question.get_absolute_url()).content.decode()
    for someone in (UserFactory(), UserFactory(roles=[Role.AGENT])):
        client.force_login(someone)
        assert "Still broken?" not in client.get(solved.get_absolute_url()).content.decode()
    client.logout()
    assert "Still broken?" not in client.get(solved.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("text", "says"), [("", "This field is required"), ("too short", "at least 10"), ("x" * 2001, "2000 characters")]
)
def test_bad_text_is_refused_and_what_was_typed_stays(client, text, says):
    question = solved_question()
    client.force_login(question.author)
    response = client.post(reverse("helpdesk:still-broken", args=[question.pk]), {"text": text})
    assert response.status_code == 422
    page = response.content.decode()
    assert says in page and (text[:50] in page)
    assert not QueueItem.objects.exists() and not Reply.objects.exists()


def test_an_unsolved_question_cannot_be_still_broken(client):
    question = QuestionFactory()
    client.force_login(question.author)
    response = client.post(reverse("helpdesk:still-broken", args=[question.pk]), {"text": TEXT})
    assert response.status_code == 422
    assert "no accepted answer" in response.content.decode() and TEXT in response.content.decode()
    assert not QueueItem.objects.exists()


@pytest.mark.parametrize("roles", [[], [Role.SUPER_USER], [Role.AGENT], [Role.MODERATOR]])
def test_only_the_asker_may(client, roles):
    question = solved_question()
    client.force_login(UserFactory(roles=roles))
    assert client.post(reverse("helpdesk:still-broken", args=[question.pk]), {"text": TEXT}).status_code == 403
    assert client.get(reverse("helpdesk:still-broken", args=[question.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        report_still_broken(question=question, by=UserFactory(roles=roles), text=TEXT)


def test_saying_it_twice_adds_the_words_but_one_queue_entry():
    question = solved_question()
    report_still_broken(question=question, by=question.author, text=TEXT)
    again = report_still_broken(question=question, by=question.author, text=TEXT + " Still.")
    assert again is None
    assert Reply.objects.filter(question=question).count() == 2
    assert QueueItem.objects.filter(question=question).count() == 1


def test_a_locked_question_refuses_the_reply_and_nothing_enters_the_queue():
    question = solved_question(is_locked=True)
    with pytest.raises(ValidationError):
        report_still_broken(question=question, by=question.author, text=TEXT)
    assert not QueueItem.objects.exists()


def test_the_form_page_costs_few_queries(client, django_assert_max_num_queries):
    question = solved_question()
    client.force_login(question.author)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("helpdesk:still-broken", args=[question.pk])).status_code == 200
