"""Rebuild the daily figures from history, e.g. after a Stack Exchange import."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Min
from django.utils import timezone
from tqdm import tqdm

from forum.models import Question
from insights.services import mood, rollups


class Command(BaseCommand):
    help = "Roll up every day from the first question (or --since) to today."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--since", type=date.fromisoformat, help="First day to roll up (YYYY-MM-DD).")
        parser.add_argument(
            "--no-mood", action="store_true", help="Do not score the posts that have no mood yet before rolling up."
        )

    def handle(self, *args, since: date | None = None, no_mood: bool = False, **options) -> None:
        today = timezone.localdate()
        if since is None:
            first = Question.objects.aggregate(first=Min("created_at"))["first"]
            since = timezone.localdate(first) if first else today
        if since > today:
            raise CommandError("--since lies in the future.")
        if not no_mood:  # the days' mood comes from the posts' scores: an import brings none
            scored = mood.score_all(
                missing=True,
                progress=lambda kind, count: tqdm(total=count, desc=kind, unit="post", file=self.stderr, disable=None),
            )
            self.stdout.write(f"Scored the mood of {scored} posts.")
        days = (today - since).days + 1
        bar = tqdm(rollups.roll_up_days(since, today), total=days, unit="day", file=self.stderr, disable=None)
        for _ in bar:
            pass
        self.stdout.write(f"Rolled up {days} days from {since} to {today}.")
