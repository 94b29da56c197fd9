"""Rebuild the daily figures from history, e.g. after a Stack Exchange import."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Min
from django.utils import timezone
from tqdm import tqdm

from forum.models import Question
from insights.services import rollups


class Command(BaseCommand):
    help = "Roll up every day from the first question (or --since) to today."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--since", type=date.fromisoformat, help="First day to roll up (YYYY-MM-DD).")

    def handle(self, *args, since: date | None = None, **options) -> None:
        today = timezone.localdate()
        if since is None:
            first = Question.objects.aggregate(first=Min("created_at"))["first"]
            since = timezone.localdate(first) if first else today
        if since > today:
            raise CommandError("--since lies in the future.")
        days = (today - since).days + 1
        bar = tqdm(rollups.roll_up_days(since, today), total=days, unit="day", file=self.stderr, disable=None)
        for _ in bar:
            pass
        self.stdout.write(f"Rolled up {days} days from {since} to {today}.")
