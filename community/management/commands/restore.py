from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from community import backups

from ._progress import Bars


class Command(BaseCommand):
    help = "Replace the database and the uploaded files with a backup's (stop web, worker and beat first)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, archive: Path, interactive: bool = True, **options) -> None:
        if not archive.exists():
            raise CommandError(f"{archive} does not exist")
        if interactive:
            answer = input(
                "Every table and every uploaded file will be replaced by the backup's. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        bars = Bars(self.stderr, quiet=options["verbosity"] == 0)
        try:
            manifest = backups.restore(archive, progress=bars)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        finally:
            bars.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']} ({manifest['media_files']} uploaded files). "
                "Run `manage.py migrate` if this code is newer than the backup."
            )
        )
