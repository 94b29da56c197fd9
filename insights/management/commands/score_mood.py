from django.core.management.base import BaseCommand
from tqdm import tqdm

from insights.models import PostMood
from insights.services import mood


class Command(BaseCommand):
    help = "Score the mood of every existing question, answer and reply (after an import, or a new model)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500, help="posts per batch (default 500)")
        parser.add_argument("--missing", action="store_true", help="only posts that have no score yet")

    def handle(self, *args, **options):
        size = options["batch"]
        total = 0
        for kind in PostMood.Kind.values:
            posts = mood.posts_of(kind).order_by("pk")
            if options["missing"]:
                done = PostMood.objects.filter(kind=kind).values("object_id")
                posts = posts.exclude(pk__in=done)
            with tqdm(total=posts.count(), desc=kind, unit="post", disable=options["verbosity"] == 0) as bar:
                last = 0
                while True:  # keyset batches: steady memory and speed however many posts there are
                    batch = list(posts.filter(pk__gt=last)[:size])
                    if not batch:
                        break
                    total += mood.score_posts(kind, batch)
                    last = batch[-1].pk
                    bar.update(len(batch))
        self.stdout.write(self.style.SUCCESS(f"scored {total} posts"))
