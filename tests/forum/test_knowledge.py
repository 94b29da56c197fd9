import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from community.accounts.models import Role
from forum import services
from forum.models import Article, SearchDocument
from tests.accounts.factories import UserFactory

from .factories import ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def solved_thread(committed):
    with committed():
        question = ask(
            title="How do I pair the speaker over Bluetooth?", body="It is never found by my phone.", tags=["bluetooth"]
        )
    with committed():
        answer = services.post_answer(question=question, by=UserFactory(), body="Hold **play** for 5 seconds.")
    with committed():
        services.accept_answer(answer=answer, by=question.author)
    return question, answer


def test_accepting_an_answer_writes_the_article_and_makes_it_searchable(solved_thread):
    question, answer = solved_thread
    article = Article.objects.get(question=question)
    assert article.is_published and article.answer == answer
    assert "<strong>play</strong>" in article.summary_html and "never found" in article.summary
    assert list(article.tags.names()) == ["bluetooth"]
    assert SearchDocument.objects.filter(kind="article", object_id=article.pk).exists()
    assert article.revisions.count() == 1


def test_undo_retires_and_a_new_accept_brings_it_back(solved_thread, committed):
    question, answer = solved_thread
    with committed():
        services.unaccept_answer(answer=answer, by=question.author)
    article = Article.objects.get(question=question)
    assert article.status == "retired"
    assert not SearchDocument.objects.filter(kind="article", object_id=article.pk).exists()
    with committed():
        services.accept_answer(answer=answer, by=question.author)
    assert Article.objects.get(pk=article.pk).is_published


def test_editing_the_answer_updates_the_article_and_deleting_retires_it(solved_thread, committed):
    question, answer = solved_thread
    with committed():
        services.edit_answer(answer=answer, by=answer.author, body="Hold play for 7 seconds, then pair.")
    article = Article.objects.get(question=question)
    assert "7 seconds" in article.summary and article.revisions.count() == 2
    with committed():
        services.delete_question(question=question, by=question.author)
    assert Article.objects.get(pk=article.pk).status == "retired"


def test_the_sync_task_is_idempotent(solved_thread):
    question, _ = solved_thread
    for _ in range(3):
        services.sync_article(question_id=question.pk)
    assert Article.objects.filter(question=question).count() == 1
    assert Article.objects.get(question=question).revisions.count() == 1


def test_super_users_edit_the_summary_and_later_thread_edits_keep_it(solved_thread, committed):
    question, answer = solved_thread
    article = Article.objects.get(question=question)
    with pytest.raises(PermissionDenied):
        services.edit_article(article=article, by=UserFactory(), summary="A member's rewrite of this article.")
    services.edit_article(
        article=article,
        by=UserFactory(roles=[Role.SUPER_USER]),
        summary="Press and hold play until the light blinks blue.",
        note="clearer",
    )
    with committed():
        services.edit_answer(answer=answer, by=answer.author, body="Hold play for 9 seconds now.")
    article.refresh_from_db()
    assert article.summary == "Press and hold play until the light blinks blue."
    assert article.revisions.count() == 2


def test_article_pages_browse_read_rate_and_edit(client, solved_thread):
    question, _ = solved_thread
    article = Article.objects.get(question=question)
    index = client.get(reverse("forum:knowledge-base")).content.decode()
    assert article.title in index
    assert article.title in client.get(reverse("forum:knowledge-base"), {"tag": "bluetooth"}).content.decode()
    page = client.get(article.get_absolute_url())
    html = page.content.decode()
    assert "Was this helpful?" in html and question.get_absolute_url() in html
    client.post(reverse("forum:article-feedback", args=[article.pk]), {"helpful": "yes"})  # signed out: counts
    member = UserFactory()
    client.force_login(member)
    for _ in range(3):  # one answer per person, however often they press; a later one replaces it
        client.post(reverse("forum:article-feedback", args=[article.pk]), {"helpful": "yes"})
    client.post(reverse("forum:article-feedback", args=[article.pk]), {"helpful": "no"})
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no, article.anonymous_yes, article.anonymous_no) == (0, 1, 1, 0)
    assert client.get(reverse("forum:article-edit", args=[article.pk])).status_code == 403
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    response = client.post(
        reverse("forum:article-edit", args=[article.pk]),
        {"summary": "Hold the play button until it blinks blue.", "note": "tidy"},
    )
    assert response.status_code == 302
    assert "tidy" in client.get(reverse("forum:article-revisions", args=[article.pk])).content.decode()


def test_articles_rank_above_open_threads_in_search(client, solved_thread, committed):
    with committed():
        ask(title="Speaker Bluetooth pairing question still open", body="Bluetooth pairing does not work.")
    html = client.get("/search/", {"q": "bluetooth pairing speaker"}).content.decode()
    results = html.split('class="results"')[1]
    assert results.index("How do I pair the speaker") < results.index("still open")
    assert "Knowledge base" in results.split("still open")[0]


def test_a_retired_article_tells_readers_where_to_go(client, solved_thread, committed):
    question, answer = solved_thread
    with committed():
        services.unaccept_answer(answer=answer, by=question.author)
    article = Article.objects.get(question=question)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410 and question.get_absolute_url() in response.content.decode()


def test_an_accept_whose_message_is_lost_still_becomes_an_article(committed, settings):
    """The accept's hand-off row is committed with it; the sweep sends what the broker never delivered."""
    from datetime import timedelta

    from django.utils import timezone

    from community.models import Handoff
    from community.tasks import sweep_handoffs
    from forum.tasks import sync_article

    with committed():
        question = ask(title="Why does the display stay dark after the update?", body="Nothing shows at all.")
    with committed():
        answer = services.post_answer(question=question, by=UserFactory(), body="Hold the two side keys at once.")
    services.accept_answer(answer=answer, by=question.author)  # committed, the message lost
    assert not Article.objects.filter(question=question).exists()
    Handoff.objects.filter(task=sync_article.name).update(sent_at=timezone.now() - timedelta(minutes=5))
    sweep_handoffs()
    article = Article.objects.get(question=question)
    assert article.is_published and SearchDocument.objects.filter(kind="article", object_id=article.pk).exists()
