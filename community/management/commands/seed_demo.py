from django.core.management.base import BaseCommand

from community import demo
from community.accounts.models import User


class Command(BaseCommand):
    help = "Add demo people (one per role) and demo content; running it again changes nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only seed a database that has no people yet (first start).",
        )

    def handle(self, *args, if_empty: bool = False, **options) -> None:
        if if_empty and User.objects.exists():
            self.stdout.write("The database has people already; demo data left as it is.")
        else:
            demo.seed()
            self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        self.print_logins()

    def print_logins(self) -> None:
        existing = set(
            User.objects.filter(email__in=[p.email for p in demo.DEMO_PEOPLE]).values_list("email", flat=True)
        )
        if not existing:
            return
        self.stdout.write(f"\n  Demo logins (password for all: {demo.DEMO_PASSWORD})")
        for person in demo.DEMO_PEOPLE:
            if person.email in existing:
                roles = ", ".join(sorted(role.value for role in person.roles if role != "member")) or "member"
                self.stdout.write(f"    {person.email:<24} {roles}")
