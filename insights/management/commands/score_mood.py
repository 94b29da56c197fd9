from django.core.management.base import BaseCommand
from tqdm import tqdm

from insights.services import mood


class Command(BaseCommand):
    help = "Score the mood of every existing question, answer and reply (after an import, or a new model)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500, help="posts per batch (default 500)")
        parser.add_argument("--missing", action="store_true", help="only posts that have no score yet")
        parser.add_argument("--category", type=int, help="only this category's posts (its id)")

    def handle(self, *args, **options):
        quiet = options["verbosity"] == 0
        total = mood.score_all(
            category_id=options["category"],
            missing=options["missing"],
            batch=options["batch"],
            progress=lambda kind, count: tqdm(total=count, desc=kind, unit="post", disable=quiet),
        )
        self.stdout.write(self.style.SUCCESS(f"scored {total} posts"))
