"""Our German for allauth's and Django's strings (community/locale_overrides) stays in step with the libraries."""

from pathlib import Path

import django
import pytest
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.utils import translation

OVERRIDES = Path(settings.LOCALE_PATHS[1]) / "de" / "LC_MESSAGES" / "django.po"
OURS = Path(settings.LOCALE_PATHS[0]) / "de" / "LC_MESSAGES" / "django.po"


def read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def library_msgids() -> set:
    """(context, msgid) of every German string that Django and the installed apps ship."""
    catalogs = [Path(django.__file__).parent / "conf" / "locale" / "de" / "LC_MESSAGES" / "django.po"]
    catalogs += [Path(config.path) / "locale" / "de" / "LC_MESSAGES" / "django.po" for config in apps.get_app_configs()]
    return {(m.context, m.id) for path in catalogs if path.exists() for m in read(path) if m.id}


def test_the_overrides_sit_after_our_own_catalog():
    assert [Path(path).name for path in settings.LOCALE_PATHS] == ["locale", "locale_overrides"]


def test_every_override_replaces_a_string_the_libraries_still_have():
    overrides = [m for m in read(OVERRIDES) if m.id]
    assert len(overrides) > 50
    known = library_msgids()
    gone = [m.id for m in overrides if (m.context, m.id) not in known]
    assert gone == [], "allauth or Django changed these msgids: copy the new text into locale_overrides"


@pytest.mark.parametrize("path", [OURS, OVERRIDES], ids=["ours", "overrides"])
def test_translations_keep_the_placeholders_and_none_is_fuzzy(path):
    catalog = read(path)
    problems = [(message.id, [str(error) for error in errors]) for message, errors in catalog.check()]
    assert problems == []
    assert [m.id for m in catalog if m.id and ("fuzzy" in m.flags or not m.string)] == []


def test_the_overrides_win_over_allauth_and_django():
    with translation.override("de"):
        assert translation.gettext("Sign In") == "Anmelden"  # allauth: "Anmeldung"
        assert translation.gettext("This account is inactive.") == "Dieses Konto ist inaktiv."  # Django's wording
        assert translation.gettext("Enter your password:") == "Gib dein Passwort ein:"
        assert translation.pgettext("field label", "Login") == "Anmeldung"  # not overridden: the library's
