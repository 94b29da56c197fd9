"""Run the routing once, now or at another moment: `manage.py route_questions --now 2026-12-07T18:00`."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from helpdesk.services.routing import route_waiting_questions


def moment(value: str) -> datetime:
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--now takes a date and time such as 2026-12-07T18:00, not {value!r}") from None
    return timezone.make_aware(when) if timezone.is_naive(when) else when


class Command(BaseCommand):
    help = (
        "Offer unanswered questions to super users of their topic and put those past the response target "
        "in the agent queue, as the minute's Celery task does; --now moves the clock (in the site's time zone "
        "unless an offset is given)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", type=moment, default=None, help="the moment to route at, ISO 8601")

    def handle(self, *args, now=None, **options):
        result = route_waiting_questions(now=now)
        at = now or timezone.now()
        self.stdout.write(
            f"Routed at {timezone.localtime(at):%Y-%m-%d %H:%M %Z}. Offers made: {result['offered']}. "
            f"Entered the agent queue: {result['queued']}."
        )
