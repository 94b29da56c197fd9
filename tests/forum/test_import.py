import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from community.accounts.models import User
from forum.models import Answer, Article, Category, ImportedObject, Question, Reply, SearchDocument

pytestmark = pytest.mark.django_db
DUMPS = Path(__file__).parent / "dumps"


def run(folder: Path, site: str) -> str:
    out = StringIO()
    call_command("import_stackexchange", str(folder), "--site", site, stdout=out, stderr=StringIO())
    return out.getvalue()


def totals() -> tuple:
    return (
        User.objects.count(),
        Question.objects.count(),
        Answer.objects.count(),
        Reply.objects.count(),
        Article.objects.count(),
        ImportedObject.objects.count(),
    )


@pytest.mark.parametrize(
    ("dump", "site"),
    [("beer-2016", "beer.stackexchange.com"), ("bicycles-meta-2023", "bicycles.meta.stackexchange.com")],
)
def test_both_dump_layouts_import_completely_and_twice_changes_nothing(dump, site):
    output = run(DUMPS / dump, site)
    assert "questions 16" in output and "comments (as replies)" in output
    question = Question.objects.exclude(tags=None).first()
    assert question.tags.exists()
    assert question.source_url.startswith(f"https://{site}/questions/")
    assert question.source_licence.startswith("CC BY-SA")
    assert question.author.is_claimed is False and question.author.email is None
    assert not question.author.has_usable_password()
    assert Answer.objects.filter(is_accepted=True).exists()
    assert Question.objects.filter(is_solved=True).count() == Answer.objects.filter(is_accepted=True).count()
    assert Question.objects.filter(duplicate_of__isnull=False, close_reason="duplicate").exists()
    assert Article.objects.filter(status="published").count() == Question.objects.filter(is_solved=True).count()
    assert SearchDocument.objects.filter(kind="question").count() == 16
    category = Category.objects.get(slug=site.split(".")[0])
    assert category.question_count == 16
    assert all(q.answer_count == q.answers.count() for q in Question.objects.all())
    before = totals()
    second = run(DUMPS / dump, site)
    assert "questions 0" in second and "people 0" in second
    assert totals() == before


def test_licence_per_post_in_2023_and_by_date_in_2016():
    run(DUMPS / "bicycles-meta-2023", "bicycles.meta.stackexchange.com")
    licences = set(Question.objects.values_list("source_licence", flat=True))
    assert licences <= {"CC BY-SA 2.5", "CC BY-SA 3.0", "CC BY-SA 4.0"}
    Question.objects.all().delete()


def test_html_becomes_safe_markdown_and_duplicate_notices_go():
    run(DUMPS / "bicycles-meta-2023", "bicycles.meta.stackexchange.com")
    for question in Question.objects.all():
        assert "<script" not in question.body_html
        assert "Possible Duplicate" not in question.body


def test_imported_people_cannot_sign_in(client):
    run(DUMPS / "beer-2016", "beer.stackexchange.com")
    person = User.objects.filter(is_claimed=False).first()
    assert client.login(email=person.email, password="") is False


def test_a_truncated_file_stops_with_its_name_and_line_and_keeps_nothing(tmp_path):
    broken = tmp_path / "dump"
    shutil.copytree(DUMPS / "beer-2016", broken)
    text = (broken / "Comments.xml").read_text()
    (broken / "Comments.xml").write_text(text[: len(text) // 2])
    with pytest.raises(CommandError, match=r"Comments\.xml: line \d+"):
        run(broken, "beer.stackexchange.com")
    assert totals() == (0, 0, 0, 0, 0, 0) or Question.objects.count() == 0
    assert not ImportedObject.objects.exists()


def test_malformed_xml_is_reported_too(tmp_path):
    broken = tmp_path / "dump"
    broken.mkdir()
    (broken / "Posts.xml").write_text('<?xml version="1.0"?>\n<posts>\n<row Id="1" PostTypeId="1" <row>\n</posts>')
    with pytest.raises(CommandError, match=r"Posts\.xml: line 3"):
        run(broken, "example.stackexchange.com")
    assert not Question.objects.exists()


def test_a_folder_without_posts_is_refused(tmp_path):
    with pytest.raises(CommandError, match=r"no Posts\.xml"):
        run(tmp_path, "example.stackexchange.com")


def test_imported_posts_show_their_source_and_licence(client):
    run(DUMPS / "beer-2016", "beer.stackexchange.com")
    question = Question.objects.first()
    html = client.get(question.get_absolute_url()).content.decode()
    assert question.source_url in html and "CC BY-SA" in html and question.source_author in html
