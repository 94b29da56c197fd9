"""Compare every stored reputation total with its ledger; report the drift, fix it with --fix."""

from django.core.management.base import BaseCommand

from superusers import services


class Command(BaseCommand):
    help = "Recompute reputation totals from the ledger and report (or --fix) any difference."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--fix", action="store_true", help="Set the stored totals to the ledger's sums.")

    def handle(self, *args, fix: bool = False, **options) -> None:
        drift = services.recompute(fix=fix)
        if not drift:
            self.stdout.write(self.style.SUCCESS("Reputation totals match the ledger: no drift."))
            return
        self.stdout.write(f"{len(drift)} {'person' if len(drift) == 1 else 'people'} with a different total:")
        for user_id, stored, ledger in drift:
            self.stdout.write(f"  person {user_id}: stored {stored}, ledger {ledger} ({ledger - stored:+d})")
        if fix:
            self.stdout.write(self.style.SUCCESS("Fixed: the stored totals are the ledger's sums now."))
