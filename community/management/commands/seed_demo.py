from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

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
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with DEBUG off. The demo people's password is public: never on a real site.",
        )

    def handle(self, *args, if_empty: bool = False, force: bool = False, **options) -> None:
        # Demo people sign in with a password printed in the README; on a real site that is an open door.
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to add demo data: DEBUG is off, so this looks like a real site, and every demo "
                f"person (an admin among them) has the published password {demo.DEMO_PASSWORD!r}. "
                "Run it with DEBUG=1 on a machine for trying Peerdesk, or add --force if you really mean it."
            )
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
