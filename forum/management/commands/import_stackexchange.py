"""manage.py import_stackexchange DIR: a Stack Exchange site dump into Peerdesk, twice changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify
from tqdm import tqdm

from forum.importers.attribution import site_address, site_of_folder
from forum.importers.stackexchange import DumpError, StackExchangeImport
from forum.models import Category, Question
from forum.search.index import index_question
from forum.services import sync_article


class Command(BaseCommand):
    help = "Import a Stack Exchange dump (Posts, Users, Comments, Votes, PostLinks, Tags .xml or .xml.gz)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--site",
            help="The site's address, for the links to the original posts and their authors, e.g. "
            "beer.stackexchange.com (default: the folder's name, when it is a Stack Exchange site's address).",
        )
        parser.add_argument("--category", help="Slug of the category to import into (made if missing).")
        parser.add_argument("--language", default="en", choices=["en", "de"])

    def handle(self, *args, directory: Path, site=None, category=None, language="en", **options) -> None:
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a folder.")
        site = self._site(directory, site)
        slug = category or slugify(site.split(".")[0])[:50] or "imported"
        target, _ = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": site,
                "name_en": site,
                "name_de": site,
                "description": f"Imported from {site} (CC BY-SA).",
            },
        )
        bars: dict[str, tqdm] = {}

        def progress(label: str):
            bars[label] = tqdm(desc=f"{label:10}", unit=" rows", disable=None, leave=False)
            return bars[label].update

        importer = StackExchangeImport(directory, site=site, category=target, language=language, progress=progress)
        try:
            counts = importer.run()
        except DumpError as error:
            raise CommandError(f"Import stopped, nothing was kept: {error}") from error
        finally:
            for bar in bars.values():
                bar.close()
        imported = list(Question.objects.filter(pk__in=importer.questions.values()).values_list("pk", "is_solved"))
        for question_id, solved in tqdm(imported, desc="index     ", unit=" questions", disable=None):
            index_question(question_id)
            if solved:
                sync_article(question_id=question_id)
        self.stdout.write(self.style.SUCCESS(f"Imported from {site} into “{target.name}”:"))
        for line in counts.lines():
            self.stdout.write(f"  {line}")

    @staticmethod
    def _site(directory: Path, given: str | None) -> str:
        """The site the dump is from: as given, or as its folder is named; its files do not say."""
        if given is not None:
            site = site_address(given)
            if site is None:
                raise CommandError(f"--site {given!r} is not a site's address: give it like beer.stackexchange.com.")
            return site
        site = site_of_folder(directory)
        if site is None:
            raise CommandError(
                f"Which site is the dump in {directory} from? Its files do not say, and the folder is not named "
                "after a Stack Exchange site. Give its address with --site, e.g. --site beer.stackexchange.com: "
                "every imported post links to its original there, as its licence (CC BY-SA) requires."
            )
        return site
