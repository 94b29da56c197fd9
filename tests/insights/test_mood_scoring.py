"""The scoring function: clear sentences come out on the right side, in both languages."""

import pytest

from insights import sentiment


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Danke, das hat super funktioniert! Ich bin total begeistert.", "de"),
        ("Toller Support, sehr freundlich und schnell. Vielen Dank!", "de"),
        ("Thank you so much, this works perfectly. Great help!", "en"),
        ("I love this router, the setup was easy and fast.", "en"),
    ],
)
def test_clear_praise_scores_positive(text, language):
    value, label = sentiment.analyse(text, language)
    assert value > 0.2
    assert label == "positive"
    assert sentiment.score(text, language) == value


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Das ist eine Katastrophe. Der Router ist schon wieder kaputt und der Service ist schlecht.", "de"),
        ("Ich bin total enttäuscht und wütend, nichts funktioniert, so ein Mist.", "de"),
        ("This is terrible. The router broke again and support is useless.", "en"),
        ("I hate this update, it is awful and nothing works.", "en"),
    ],
)
def test_clear_complaints_score_negative(text, language):
    value, label = sentiment.analyse(text, language)
    assert value < 0
    assert label == "negative"


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_text_is_neutral(text):
    assert sentiment.analyse(text, "de") == (0.0, "neutral")


def test_scores_stay_within_bounds_and_an_unknown_language_reads_as_english():
    for text in ("Super!!! :)", "Mist :(", "Der Zug fährt um 8 Uhr.", "x" * 20000):
        for language in ("de", "en", "fr"):
            assert -1.0 <= sentiment.score(text, language) <= 1.0
    assert sentiment.analyse("Great, thanks!", "fr") == sentiment.analyse("Great, thanks!", "en")


def test_the_shipped_model_is_loaded_and_no_download_is_needed():
    model = sentiment.shipped_model()
    assert set(model) == {"de", "en"}
    for part in model.values():
        assert part["classes"] == ["negative", "neutral", "positive"]
        assert len(part["coef"][0]) > len(part["idf"])  # the lexicon features follow the n-grams
