"""How a post feels: a score in [-1, 1] and a label, for German and English text.

Methods, all under licences that allow commercial use:

- English: VADER (vaderSentiment, MIT; Hutto & Gilbert, ICWSM 2014), its four scores as features.
- German: the polarity lexicon of textblob-de (MIT, from Pattern, BSD) through its PatternTokenizer,
  which needs no corpus download. SentiWS and lexicons built on it are non-commercial: not used.
- Both: a logistic regression over TF-IDF word and character n-grams plus those lexicon features (for German
  with naive-Bayes weighted n-grams, NB-LR: see insights/mood_training.py),
  trained by `manage.py train_mood` on the dev splits (PotTS, MIT; VADER's Amazon snippets, MIT) and
  shipped as `insights/mood_model.json.gz`. It is only read here, never fetched: the run time needs
  neither scikit-learn nor the network, and without the file the lexicons alone decide.

score = P(positive) - P(negative); the label is the most probable class.
"""

from __future__ import annotations

import gzip
import itertools
import json
import math
import re
from collections import Counter
from functools import cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("mood_model.json.gz")
LANGUAGES = ("de", "en")
LABELS = ("negative", "neutral", "positive")
MAX_CHARS = 5000  # a long post says what it feels early enough; this bounds the work per post

_WORDS = re.compile(r"\w+|[^\w\s]{1,3}")
_SPACES = re.compile(r"\s+")


def terms(text: str) -> list[str]:
    """The TF-IDF terms of a text: words, word pairs, character 3- to 5-grams (training uses the same)."""
    text = text.lower()[:MAX_CHARS]
    words = _WORDS.findall(text)
    found = [*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))]
    padded = f" {_SPACES.sub(' ', text).strip()} "
    for n in (3, 4, 5):
        found.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return found


@cache
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@cache
def _german_tokenizer():
    from textblob_de import PatternTokenizer

    return PatternTokenizer()


# The project's own short list of how customers praise and complain in a support forum, which the general
# lexicons miss ("klappt", "kaputt", "Störung"); word stems, matched at the start of a word.
SUPPORT_WORDS = {
    "de": {
        "positive": (
            "danke",
            "dank",
            "super",
            "klappt",
            "funktioniert",
            "gelöst",
            "perfekt",
            "toll",
            "prima",
            "klasse",
            "hilfreich",
            "geholfen",
            "freue",
            "freut",
            "zufrieden",
            "top",
            "spitze",
            "genial",
            "läuft",
        ),
        "negative": (
            "kaputt",
            "defekt",
            "störung",
            "ausfall",
            "mist",
            "frechheit",
            "ärger",
            "enttäusch",
            "katastroph",
            "unzufrieden",
            "nervt",
            "nervig",
            "kündig",
            "schlecht",
            "schlimm",
            "unverschämt",
            "wütend",
            "sauer",
            "fehler",
            "problem",
            "leider",
            "abgestürzt",
            "stürzt",
            "funktioniert nicht",
            "geht nicht",
        ),
    },
    "en": {
        "positive": ("thank", "works", "solved", "fixed", "perfect", "great", "helpful", "awesome", "love"),
        "negative": (
            "broke",
            "broken",
            "outage",
            "useless",
            "terrible",
            "awful",
            "angry",
            "annoy",
            "cancel",
            "worst",
            "doesn't work",
            "does not work",
            "not working",
            "crash",
            "disappoint",
        ),
    },
}
_NEGATIONS = {
    "nicht",
    "nichts",
    "kein",
    "keine",
    "keinen",
    "nie",
    "niemand",
    "kaum",
    "not",
    "no",
    "never",
    "don't",
    "didn't",
}


def support_polarity(text: str, language: str) -> float:
    """-1 … 1 from SUPPORT_WORDS; a negation just before a word turns it ("nicht zufrieden")."""
    words = _WORDS.findall(text.lower())
    joined = " ".join(words)
    hits = 0.0
    count = 0
    for sign, stems in ((1, SUPPORT_WORDS[language]["positive"]), (-1, SUPPORT_WORDS[language]["negative"])):
        for stem in stems:
            if " " in stem:
                found = joined.count(stem)
                hits += sign * found
                count += found
                continue
            for i, word in enumerate(words):
                if word.startswith(stem):
                    negated = any(w in _NEGATIONS for w in words[max(0, i - 2) : i])
                    hits += -sign if negated else sign
                    count += 1
    return max(-1.0, min(1.0, hits / count)) if count else 0.0


def lexicon_features(text: str, language: str) -> list[float]:
    """The lexicons' view of the text, as features beside the n-grams (first value: their polarity).

    German text also goes through VADER, for emoticons and emoji, which it knows and textblob-de does not.
    """
    text = text[:MAX_CHARS]
    support = support_polarity(text, language)
    vader = _vader().polarity_scores(text)
    if language == "de":
        from textblob_de import TextBlobDE

        polarity = float(TextBlobDE(text, tokenizer=_german_tokenizer()).sentiment.polarity)
        combined = max(-1.0, min(1.0, polarity + support + vader["compound"] / 2))
        return [combined, polarity, float(polarity > 0), float(polarity < 0), support, vader["compound"]]
    combined = max(-1.0, min(1.0, vader["compound"] + support / 2))
    return [combined, vader["compound"], vader["pos"], vader["neg"], vader["neu"], support]


@cache
def shipped_model() -> dict:
    """The trained model that ships with the code (read once per process; never fetched)."""
    if not MODEL_PATH.exists():
        return {}
    with gzip.open(MODEL_PATH, "rt", encoding="utf-8") as file:
        return json.load(file)


def reload_model() -> None:
    """Forget the loaded model (after `train_mood` wrote a new one)."""
    shipped_model.cache_clear()


def probabilities(text: str, language: str, *, model: dict | None = None) -> dict[str, float]:
    """P(label) for the text, from the shipped model (or `model`: one language's part of such a file, as
    bench/mood_quality.py passes one per fold); from the lexicon alone if there is none."""
    language = language if language in LANGUAGES else "en"
    lexicon = lexicon_features(text, language)
    if model is None:
        model = shipped_model().get(language)
    polarity = lexicon[0]
    by_lexicon = {"negative": max(-polarity, 0.0), "neutral": 1 - abs(polarity), "positive": max(polarity, 0.0)}
    if model is None:
        return by_lexicon
    vocabulary, idf = model["vocabulary"], model["idf"]
    counts = Counter(index for term in terms(text) if (index := vocabulary.get(term)) is not None)
    # sublinear tf, idf, l2 norm: what scikit-learn's TfidfVectorizer does with the training settings
    weights = {index: (1 + math.log(count)) * idf[index] for index, count in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    offset = len(idf)
    logits = []
    for coef, intercept in zip(model["coef"], model["intercept"], strict=True):
        value = intercept + sum(coef[index] * w / norm for index, w in weights.items())
        value += sum(coef[offset + i] * f for i, f in enumerate(lexicon))
        logits.append(value)
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    total = sum(exps)
    # The lexicons also vote directly, so a plain complaint is not outvoted by n-grams learnt from tweets.
    weight = model.get("lexicon_weight", 0.0)
    return {
        label: (1 - weight) * e / total + weight * by_lexicon[label]
        for label, e in zip(model["classes"], exps, strict=True)
    }


def analyse(text: str, language: str, *, model: dict | None = None) -> tuple[float, str]:
    """(score in [-1, 1], label) for the text."""
    if not text or not text.strip():
        return 0.0, "neutral"
    p = probabilities(text, language, model=model)
    score = max(-1.0, min(1.0, p["positive"] - p["negative"]))
    return round(score, 4), max(LABELS, key=lambda label: p[label])


def score(text: str, language: str) -> float:
    """How positive the text is, from -1 (negative) to 1 (positive)."""
    return analyse(text, language)[0]


def label(text: str, language: str) -> str:
    """negative, neutral or positive."""
    return analyse(text, language)[1]
