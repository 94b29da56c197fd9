"""Refresh the German and English catalogs from the code, and fill English from the source text.

English is the source language, so an English entry says what its msgid says; German is translated by
hand. `tests/community/test_translations.py` fails while any entry is empty or fuzzy.
"""

from pathlib import Path

from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

IGNORE = [".venv", "var", "tests", "bench", "staticfiles", "node_modules"]


def _translated(string) -> bool:
    return all(string) if isinstance(string, tuple | list) else bool(string)


class Command(BaseCommand):
    help = "makemessages for de and en, then fill the English catalog from the msgids."

    def handle(self, *args, **options) -> None:
        call_command("makemessages", locale=["de", "en"], ignore_patterns=IGNORE, no_obsolete=True, verbosity=0)
        english = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
        with english.open("rb") as handle:
            catalog = read_po(handle)
        catalog.fuzzy = False  # makemessages marks a new header fuzzy; a fuzzy catalog is not compiled
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.id, tuple | list):
                message.string = tuple(message.id)
            else:
                message.string = message.id
            message.flags.discard("fuzzy")
        with english.open("wb") as handle:
            write_po(handle, catalog, width=100)
        german = Path(settings.LOCALE_PATHS[0]) / "de" / "LC_MESSAGES" / "django.po"
        with german.open("rb") as handle:
            catalog = read_po(handle)
        catalog.fuzzy = False
        for message in catalog:
            # msgmerge guesses a translation for new text from similar old text and marks it fuzzy;
            # the guess is usually wrong (and may not even fit the placeholders), so it goes.
            if message.id and "fuzzy" in message.flags:
                message.string = ("",) * len(message.string) if isinstance(message.string, tuple) else ""
                message.flags.discard("fuzzy")
                message.previous_id = []
        with german.open("wb") as handle:
            write_po(handle, catalog, width=100)
        open_entries = [m.id for m in catalog if m.id and (not _translated(m.string) or "fuzzy" in m.flags)]
        self.stdout.write(f"English filled; German entries still to translate: {len(open_entries)}")
        for msgid in open_entries:
            self.stdout.write(f"  {msgid!r}")
