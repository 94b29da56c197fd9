"""Imported content links to the right site and credits its authors under its licence; the summary counts
what the import made."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from taggit.models import Tag

from forum import services
from forum.models import Article, ImportedObject, Question, Reply
from tests.accounts.factories import UserFactory

from .factories import ask

pytestmark = pytest.mark.django_db
DUMPS = Path(__file__).parent / "dumps"


def run(folder: Path, *args: str) -> str:
    out = StringIO()
    call_command("import_stackexchange", str(folder), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def copy_of(dump: str, tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(DUMPS / dump, folder)
    return folder


@pytest.mark.parametrize("name", ["se-beer", "beer-2016", "dump", "backup.2016"])
def test_a_folder_not_named_after_its_site_needs_the_address(tmp_path, name):
    with pytest.raises(CommandError, match=r"--site"):
        run(copy_of("beer-2016", tmp_path, name))
    assert not Question.objects.exists() and not ImportedObject.objects.exists()


def test_a_folder_named_after_its_site_gives_the_address(tmp_path):
    run(copy_of("bicycles-meta-2023", tmp_path, "bicycles.meta.stackexchange.com"))
    urls = set(Question.objects.values_list("source_url", flat=True))
    assert urls and all(url.startswith("https://bicycles.meta.stackexchange.com/questions/") for url in urls)


@pytest.mark.parametrize(
    "given", ["https://beer.stackexchange.com/", "Beer.StackExchange.com", "beer.stackexchange.com"]
)
def test_the_address_may_be_given_as_a_link(tmp_path, given):
    run(copy_of("beer-2016", tmp_path, "se-beer"), "--site", given)
    question = Question.objects.first()
    assert question.source_url.startswith("https://beer.stackexchange.com/questions/")


@pytest.mark.parametrize("given", ["se beer", "beer", "https://", "javascript:alert(1)", "a/b", ""])
def test_an_address_that_is_none_is_refused_clearly(tmp_path, given):
    with pytest.raises(CommandError, match=r"not a site's address"):
        run(copy_of("beer-2016", tmp_path, "se-beer"), "--site", given)
    assert not Question.objects.exists()


def test_the_summary_counts_the_tags_it_made(tmp_path):
    Tag.objects.create(name="Hops", slug="hops")  # there before, in another case: not made by the import
    output = run(DUMPS / "beer-2016", "--site", "beer.stackexchange.com")
    made = Tag.objects.exclude(name="Hops").count()
    assert made > 0 and f"tags {made}\n" in output
    assert "tags 0\n" in run(DUMPS / "beer-2016", "--site", "beer.stackexchange.com")


def test_imported_posts_credit_their_authors_with_profiles_and_the_licence(client):
    run(DUMPS / "beer-2016", "--site", "beer.stackexchange.com")
    question = Question.objects.exclude(source_author_url="").first()
    assert question.source_author_url.startswith("https://beer.stackexchange.com/users/")
    html = client.get(question.get_absolute_url()).content.decode()
    assert f'href="{question.source_author_url}"' in html
    assert f'href="{question.source_url}"' in html
    assert 'href="https://creativecommons.org/licenses/by-sa/3.0/"' in html
    reply = Reply.objects.exclude(source_author_url="").first()
    assert reply.source_author_url.startswith("https://beer.stackexchange.com/users/")


def test_an_article_from_an_imported_thread_credits_the_question_and_the_answer(client):
    run(DUMPS / "beer-2016", "--site", "beer.stackexchange.com")
    article = Article.objects.filter(status="published").select_related("answer", "question").first()
    html = client.get(article.get_absolute_url()).content.decode()
    answer, question = article.answer, article.question
    assert f'Answer by <a href="{answer.author.get_absolute_url()}">{answer.author.display_name}</a>' in html
    assert f'in the thread <a href="{question.get_absolute_url()}">' in html
    assert f'href="{answer.source_url}"' in html and f'href="{question.source_url}"' in html
    assert answer.source_author in html and "licensed under" in html
    assert "creativecommons.org/licenses/by-sa/" in html


def test_every_article_names_the_answers_author_and_links_the_thread(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(title="How do I pair the speaker over Bluetooth?", body="It is never found by my phone at all.")
    helper = UserFactory(display_name="Ada Helper")
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.post_answer(question=question, by=helper, body="Hold play for five seconds.")
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_answer(answer=answer, by=question.author)
    html = client.get(Article.objects.get(question=question).get_absolute_url()).content.decode()
    assert f'Answer by <a href="{helper.get_absolute_url()}">Ada Helper</a>' in html
    assert f'in the thread <a href="{question.get_absolute_url()}">{question.title}</a>' in html
    assert "licensed under" not in html  # nothing imported: no licence note
