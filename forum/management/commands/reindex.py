"""Rebuild the search index (questions and articles) from the posts, with a progress bar."""

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from forum.models import Article, Question, SearchDocument
from forum.search.index import index_article, index_question


class Command(BaseCommand):
    help = "Rebuild every search document; run after an import or a change of the search configuration."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", type=int, default=500, help="Documents per transaction.")
        parser.add_argument(
            "--language",
            choices=["de", "en"],
            help="Only the posts in this language (after a change to how its words are indexed, as German "
            "compounds were); stale documents are removed only without it.",
        )

    def handle(self, *args, batch: int = 500, language: str | None = None, **options) -> None:
        posts = {"language": language} if language else {}
        questions = list(Question.objects.filter(deleted_at__isnull=True, **posts).values_list("pk", flat=True))
        articles = list(Article.objects.filter(status=Article.Status.PUBLISHED, **posts).values_list("pk", flat=True))
        removed = 0
        if not language:  # documents of questions and articles that no longer exist or no longer show
            stale = SearchDocument.objects.exclude(kind="question", object_id__in=questions).exclude(
                kind="article", object_id__in=articles
            )
            removed, _ = stale.delete()
        with tqdm(total=len(questions) + len(articles), unit="doc", desc="reindex", disable=None) as bar:
            for ids, index in ((questions, index_question), (articles, index_article)):
                for start in range(0, len(ids), batch):
                    with transaction.atomic():
                        for object_id in ids[start : start + batch]:
                            index(object_id)
                    bar.update(len(ids[start : start + batch]))
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {len(questions)} questions and {len(articles)} articles; removed {removed} stale documents."
            )
        )
