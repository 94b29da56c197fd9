"""The automatic first reply: when it comes and what it links, Yes and No, who may say them, bad input."""

import pytest
from django.urls import reverse

from community import events
from community.accounts.models import Role
from forum import services, tasks
from forum.instant import language, matching
from forum.models import Category, InstantAnswer, InstantVerdict, Question
from notifications.models import Notification
from superusers.models import ReputationEntry
from tests.accounts.factories import UserFactory

from .factories import CategoryFactory, ask

pytestmark = pytest.mark.django_db

SOLVED_TITLE = "The password reset email never arrives in my inbox"
SOLVED_BODY = "I clicked on forgot password three times but no reset email arrives, not even in the spam folder."


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def category():
    return CategoryFactory(slug="account")


def solve(
    committed, *, category, title=SOLVED_TITLE, body=SOLVED_BODY, answer="Look in the folder Unknown.", by=None
) -> Question:
    """A thread asked, answered and accepted through the services: solved, indexed, with its article."""
    with committed():
        question = ask(by, title=title, body=body, category=category, tags=["password"])
    with committed():
        posted = services.post_answer(
            question=question,
            by=UserFactory(roles=[Role.AGENT]),
            body=f"{answer} Mails from us land there at some providers; add the sender to your contacts.",
        )
    with committed():
        services.accept_answer(answer=posted, by=question.author)
    return Question.objects.get(pk=question.pk)


@pytest.fixture
def solved(committed, category):
    solve(
        committed,
        category=category,
        title="How do I change the language of the app?",
        body="Where is the language of the app set?",
    )
    return solve(committed, category=category)


def ask_again(committed, category, **fields) -> Question:
    """A new question, its QuestionAsked handed to the task (eagerly, after the commit)."""
    data = {"title": "Password reset email does not arrive", "body": SOLVED_BODY, "category": category}
    data.update(fields)
    with committed():
        question = ask(**data)
    return question


# When it comes, and what it links


def test_a_question_like_a_solved_one_gets_one_automatic_reply_that_links_it(committed, category, solved):
    asker = UserFactory(language="de")
    question = ask_again(committed, category, by=asker, language="en")
    instant = InstantAnswer.objects.get(question=question)
    assert instant.language == "en"  # the language the question was asked in
    assert len(instant.links) == 1  # the one solved thread, linked once (as its article), not also as a thread
    best = instant.links[0]
    assert best["thread_id"] == solved.pk and best["kind"] == "article"  # the thread, as its knowledge-base article
    assert best["summary"].startswith("Look in the folder Unknown.")
    assert instant.confidence >= matching.threshold("en")
    assert [c for c in instant.links if c["confidence"] < matching.link_floor("en")] == []
    # Not an answer: still unanswered and unsolved; the asker hears of it.
    question.refresh_from_db()
    assert question.answer_count == 0 and not question.is_solved
    note = Notification.objects.get(recipient=asker, kind="instant_answer")
    assert note.url.endswith("#instant-answer")


def test_never_twice_whatever_repeats(committed, category, solved, event_log):
    question = ask_again(committed, category)
    asked = next(e for e in event_log if isinstance(e, events.QuestionAsked) and e.question_id == question.pk)
    again = events.QuestionAsked(  # another event for the same question (a new event id)
        question_id=asked.question_id, author_id=asked.author_id, category_id=asked.category_id, language="en"
    )
    with committed():  # a duplicate delivery of the same message, and the other event
        tasks.answer_instantly(event_type="QuestionAsked", event=asked.as_task_kwargs())
        tasks.answer_instantly(event_type="QuestionAsked", event=again.as_task_kwargs())
        services.answer_instantly(question_id=question.pk)
    assert InstantAnswer.objects.filter(question=question).count() == 1
    assert sum(isinstance(e, events.InstantAnswerPosted) for e in event_log) == 1


def test_nothing_for_a_question_unlike_anything_solved(committed, category, solved):
    question = ask_again(
        committed, category, title="Which beer goes with smoked fish?", body="Lager or a dark ale, for a dinner party?"
    )
    assert not InstantAnswer.objects.filter(question=question).exists()


def test_not_where_an_admin_turned_it_off_nor_in_announcements_as_usual(committed, category, solved):
    category.instant_answers = Category.InstantAnswers.OFF
    category.save()
    assert not InstantAnswer.objects.filter(question=ask_again(committed, category)).exists()
    news = CategoryFactory(thread_starters=Category.ThreadStarters.STAFF)
    assert not news.answers_instantly
    agent = UserFactory(roles=[Role.AGENT])
    assert not InstantAnswer.objects.filter(question=ask_again(committed, news, by=agent)).exists()
    news.instant_answers = Category.InstantAnswers.ON
    news.save()
    assert InstantAnswer.objects.filter(question=ask_again(committed, news, by=agent)).exists()


def test_never_links_what_is_deleted_or_private_now_even_if_the_index_still_has_it(committed, category, solved):
    private = CategoryFactory(audience=Category.Audience.STAFF)
    hidden = solve(
        committed,
        category=private,
        title="Password reset email does not arrive at all",
        by=UserFactory(roles=[Role.AGENT]),
    )
    # Deleted behind the index's back: only the check at posting time can notice.
    Question.objects.filter(pk=solved.pk).update(deleted_at=solved.created_at)
    question = ask_again(committed, category)
    linked = [link["thread_id"] for reply in InstantAnswer.objects.filter(question=question) for link in reply.links]
    assert solved.pk not in linked and hidden.pk not in linked


# Bad input: no reply, no error


@pytest.mark.parametrize(
    ("title", "body", "tongue"),
    [
        ("Hilfe!!!!!!!!!!", "Hilfe hilfe hilfe hilfe hilfe", "de"),
        ("Password reset email?", "https://example.com/reset/email/password", "en"),
        ("Password reset email?", "```\npassword_reset(email='me@example.com')\n```", "en"),
        ("¿Por qué no llega el correo para la contraseña?", "No llega el correo y no puedo entrar en la cuenta.", "en"),
    ],
    ids=["one word", "only a link", "only code", "third language"],
)
def test_no_reply_and_no_error_for_what_cannot_be_matched(committed, category, solved, title, body, tongue):
    question = ask_again(committed, category, title=title, body=body, language=tongue)
    assert not InstantAnswer.objects.filter(question=question).exists()


def test_language_detection_answers_german_and_english_only():
    assert (
        language.answerable_language("Passwort vergessen", "Wie kann ich es zurücksetzen? Die Mail kommt nicht.", "en")
        == "de"
    )
    assert language.answerable_language("My password is not accepted", "What can I do about it?", "de") == "en"
    assert language.answerable_language("Welche Symptome gibt es?", "Welche Symptome gibt es?", "de") == "de"
    assert (
        language.answerable_language("Comment changer mon mot de passe ?", "Je ne peux pas me connecter.", "de") is None
    )
    assert language.answerable_language("Heizbox Thermostat", "Thermostat Heizbox", "de") == "de"  # no function words


# Yes and No


@pytest.fixture
def replied(committed, category, solved):
    question = ask_again(committed, category)
    return InstantAnswer.objects.select_related("question").get(question=question)


def test_yes_marks_it_solved_by_the_knowledge_base_without_reputation(client, committed, replied, category):
    question = replied.question
    solved_before = Category.objects.get(pk=category.pk).solved_count
    client.force_login(question.author)
    with committed():
        response = client.post(reverse("forum:instant-answer-yes", args=[question.pk]), {"link": "0"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.is_solved and question.solved_by_knowledge_base and question.answer_count == 0
    verdict = InstantVerdict.objects.get(question=question)
    assert verdict.helpful and (verdict.link_kind, verdict.link_object_id) == (
        replied.links[0]["kind"],
        replied.links[0]["object_id"],
    )
    assert Category.objects.get(pk=category.pk).solved_count == solved_before + 1
    assert not ReputationEntry.objects.filter(event_id__isnull=False, reason__icontains="instant").exists()
    before = ReputationEntry.objects.count()
    page = client.get(question.get_absolute_url())
    assert "Solved by the knowledge base" in page.content.decode()
    assert "Did this solve your question?" not in page.content.decode()
    listing = client.get(reverse("forum:home") + "?state=solved").content.decode()
    assert "Solved by the knowledge base" in listing
    assert ReputationEntry.objects.count() == before


def test_yes_in_place_with_htmx_and_a_double_click_changes_nothing(client, committed, replied, category):
    question = replied.question
    client.force_login(question.author)
    url = reverse("forum:instant-answer-yes", args=[question.pk])
    with committed():
        response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "toast" in response.headers["HX-Trigger"]
    html = response.content.decode()
    assert 'id="instant-answer"' in html and 'hx-swap-oob="true"' in html and "knowledge base" in html
    with committed():
        client.post(url, headers={"HX-Request": "true"})
    assert InstantVerdict.objects.filter(question=question).count() == 1
    assert Category.objects.get(pk=category.pk).solved_count == 3  # two solved threads and this one


def test_no_folds_it_away_and_puts_the_question_first_for_super_users_and_agents(client, committed, replied, category):
    question = replied.question
    later = ask_again(
        committed,
        category,
        title="Something else entirely about invoices",
        body="Where do I find my invoices for last year?",
    )
    client.force_login(question.author)
    with committed():
        response = client.post(reverse("forum:instant-answer-no", args=[question.pk]))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.help_wanted_at is not None and not question.is_solved
    assert not InstantVerdict.objects.get(question=question).helpful  # the negative example
    page = client.get(question.get_absolute_url()).content.decode()
    assert "it did not help" in page and "<details" in page
    agent = UserFactory(roles=[Role.AGENT])
    client.force_login(agent)
    listing = client.get(reverse("forum:home") + "?sort=unanswered").content.decode()
    assert listing.index(question.get_absolute_url()) < listing.index(later.get_absolute_url())
    assert "Needs a person" in listing


@pytest.mark.parametrize("verdict", ["yes", "no"])
def test_anyone_else_is_refused_and_nothing_changes(client, committed, replied, verdict):
    question = replied.question
    client.force_login(UserFactory(roles=[Role.SUPER_USER]))
    response = client.post(reverse(f"forum:instant-answer-{verdict}", args=[question.pk]))
    assert response.status_code == 403
    assert "Only the person who asked" in response.content.decode()
    question.refresh_from_db()
    assert not question.is_solved and question.help_wanted_at is None
    assert not InstantVerdict.objects.exists()
    client.logout()
    assert client.post(reverse(f"forum:instant-answer-{verdict}", args=[question.pk])).status_code == 302  # sign in


def test_an_agent_may_answer_for_the_customer(client, committed, replied):
    client.force_login(UserFactory(roles=[Role.AGENT]))
    with committed():
        response = client.post(reverse("forum:instant-answer-no", args=[replied.question_id]))
    assert response.status_code == 302
    assert InstantVerdict.objects.filter(question_id=replied.question_id, helpful=False).exists()


def test_yes_then_no_is_refused_with_a_reason(client, committed, replied):
    client.force_login(replied.question.author)
    with committed():
        client.post(reverse("forum:instant-answer-yes", args=[replied.question_id]))
    response = client.post(
        reverse("forum:instant-answer-no", args=[replied.question_id]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert "answered already" in response.headers["HX-Trigger"]
    assert InstantVerdict.objects.get(question_id=replied.question_id).helpful


def test_a_bad_link_choice_is_refused(client, committed, replied):
    client.force_login(replied.question.author)
    response = client.post(
        reverse("forum:instant-answer-yes", args=[replied.question_id]), {"link": "7"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert not InstantVerdict.objects.exists()


def test_accepting_an_answer_later_keeps_the_counts_right(committed, replied, category):
    question = replied.question
    with committed():
        services.confirm_instant_answer(instant=replied, by=question.author)
        answer = services.post_answer(question=question, by=UserFactory(), body="Another way: ask support to resend.")
    with committed():
        services.accept_answer(answer=answer, by=question.author)
    with committed():
        services.unaccept_answer(answer=answer, by=question.author)
    question.refresh_from_db()
    assert question.is_solved  # the Yes still stands
    assert Category.objects.get(pk=category.pk).solved_count == 3


def test_the_question_page_costs_the_same_with_an_automatic_reply(
    client, committed, replied, category, django_assert_max_num_queries
):
    plain = ask(category=category, title="Another question without any reply", body="Nothing links to this one.")
    client.force_login(UserFactory())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as without:
        client.get(plain.get_absolute_url())
    with django_assert_max_num_queries(len(without.captured_queries)):
        response = client.get(replied.question.get_absolute_url())
    html = response.content.decode()
    assert "Automatic reply" in html and replied.links[0]["url"] in html
    assert "Did this solve your question?" not in html  # only for the asker and the service team
