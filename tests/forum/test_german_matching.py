"""German questions find their answers across compound words (forum/search/words.py and the ranking)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from forum.models import SearchDocument, SearchPosting
from forum.search import similar, words
from forum.search.engine import query_terms, rank
from tests.accounts.factories import UserFactory

from .test_search import committed, solved  # noqa: F401  (the fixture and the helper)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("behandlungsmöglichkeiten", ("behandlungs", "möglichkeiten")),
        ("krankheitszeichen", ("krankheit", "zeichen")),
        ("atemschutzmaske", ("atem", "schutz", "maske")),
        ("kurzarbeitergeld", ("kurzarbeiter", "geld")),
        ("gesundheitsamt", ("gesundheits", "amt")),
        ("rechnungsadresse", ("rechnungs", "adresse")),
    ],
)
def test_compounds_split_into_their_parts(word, parts):
    assert words.compound_parts(word) == parts


@pytest.mark.parametrize("word", ["behandlung", "symptome", "beispiel", "password", "firmware", "understanding"])
def test_plain_words_and_english_words_stay_whole(word):
    assert words.compound_parts(word) == ()


def test_english_text_is_not_expanded():
    assert words.expand("Behandlungsmöglichkeiten", "en") == "Behandlungsmöglichkeiten"
    assert words.expand("Welche Behandlungsmöglichkeiten?", "de").endswith("behandlungs möglichkeiten")


def test_a_compound_in_the_question_finds_a_thread_about_its_part(committed):  # noqa: F811
    thread, _ = solved(
        "Welche Behandlung hilft bei Fieber?",
        "Ich habe seit zwei Tagen hohes Fieber.",
        "Viel trinken und ausruhen; bei über 39 Grad zum Arzt.",
        language="de",
        tags=("gesundheit",),
        committed=committed,
    )
    found = similar.suggestions("Welche Behandlungsmöglichkeiten gibt es?", language="de")
    assert [s.title for s in found] == [thread.title]


def test_a_compound_in_the_thread_is_found_by_its_parts(committed):  # noqa: F811
    thread, _ = solved(
        "Welche Krankheitszeichen sind typisch?",
        "Woran merke ich es, bevor ich zum Arzt gehe?",
        "Husten und Fieber.",
        language="de",
        tags=("gesundheit",),
        committed=committed,
    )
    document = SearchDocument.objects.get(kind="question", object_id=thread.pk)
    assert SearchPosting.objects.filter(document=document, lexeme="zeich", tf_a__gt=0).exists()
    hits = rank("Welche Zeichen hat die Krankheit?", language="de", solved=True)
    assert hits and hits[0].thread_id == thread.pk


def test_a_long_word_the_dictionary_cannot_split_finds_the_word_it_begins_with(committed):  # noqa: F811
    thread, _ = solved(
        "Der Zyxelrouter startet ständig neu",
        "Seit dem letzten Update jede Stunde.",
        "Das Netzteil tauschen.",
        language="de",
        tags=("router",),
        committed=committed,
    )
    assert words.compound_parts("zyxelrouterfirmware") == ()  # "zyxel" is no word the dictionary knows
    hits = rank("Zyxelrouterfirmware", language="de", solved=True)
    assert hits and hits[0].thread_id == thread.pk


def test_the_ask_page_suggests_across_compounds_in_german(client, committed):  # noqa: F811
    thread, _ = solved(
        "Wie ändere ich meine Adresse für die Rechnung?",
        "Ich bin umgezogen und die Post kommt nicht an.",
        "Im Profil unter Konto.",
        language="de",
        tags=("billing",),
        committed=committed,
    )
    client.force_login(UserFactory())
    response = client.post(
        reverse("forum:ask-similar"), {"title": "Rechnungsadresse ändern", "body": "", "language": "de"}
    )
    assert response.status_code == 200
    assert thread.title in response.content.decode()


def test_english_matching_is_unchanged(committed):  # noqa: F811
    thread, _ = solved(
        "Router password reset does not work",
        "The reset button does nothing.",
        "Hold it for 30 seconds.",
        committed=committed,
    )
    document = SearchDocument.objects.get(kind="question", object_id=thread.pk)
    assert set(query_terms("Router password reset", "en")) == {"router", "password", "reset"}
    assert not SearchPosting.objects.filter(document=document, lexeme__in=["pass", "wort"]).exists()
    hits = rank("password reset", language="en", solved=True)
    assert hits and hits[0].thread_id == thread.pk


def test_reindexing_gives_old_documents_their_compound_parts(committed):  # noqa: F811
    thread, _ = solved(
        "Der Mundschutz drückt",
        "Hinter den Ohren, nach einer Stunde schon.",
        "Ein anderes Modell nehmen.",
        language="de",
        tags=("gesundheit",),
        committed=committed,
    )
    document = SearchDocument.objects.get(kind="question", object_id=thread.pk)
    SearchPosting.objects.filter(document=document, lexeme="schutz").delete()  # as written before the parts
    call_command("reindex", language="de", stdout=open("/dev/null", "w"))  # noqa: SIM115
    document = SearchDocument.objects.get(kind="question", object_id=thread.pk)
    assert SearchPosting.objects.filter(document=document, lexeme__in=["mund", "schutz"]).count() == 2
