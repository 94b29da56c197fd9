from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from community import backups

from ._progress import Bars


class Command(BaseCommand):
    help = "Write the database and the uploaded files into one archive (see community/backups.py)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output", "-o", type=Path, help="The archive to write (default: peerdesk-backup-<time>.tar)."
        )

    def handle(self, *args, output: Path | None = None, **options) -> None:
        output = output or Path(f"peerdesk-backup-{datetime.now(UTC):%Y%m%d-%H%M%S}.tar")
        bars = Bars(self.stderr, quiet=options["verbosity"] == 0)
        try:
            manifest = backups.backup(output, progress=bars)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        finally:
            bars.close()
        size = output.stat().st_size / 1_000_000
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {output} ({size:.1f} MB): the database with {len(manifest['migrations'])} "
                f"migrations applied, and {manifest['media_files']} uploaded files."
            )
        )
