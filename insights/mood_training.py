"""Training the mood model (`manage.py train_mood`, bench/mood_quality.py): scikit-learn is needed here only.

The result is plain JSON (vocabulary, idf, coefficients) that insights/sentiment.py applies without
scikit-learn, so the file loads in any version and holds no pickled code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .sentiment import lexicon_features, terms

DATASETS = {"de": "potts_de", "en": "vader_amazon_en"}
# Inverse regularisation per language, chosen by 5-fold cross-validation on the dev splits (1, 3, 10, 30 tried).
C = {"de": 10.0, "en": 3.0}
# NB-LR where it measured better (German macro-F1 .632 -> .646); English stays a plain multinomial regression
# (.626, against .614 with NB-LR).
NAIVE_BAYES_RATIOS = {"de": True, "en": False}
# The lexicons' direct vote in the blend, chosen the same way (0 to .5 tried). German's n-grams come from
# political tweets, so a plain support complaint ("enttäuscht ... so ein Mist") can read as positive to them;
# macro-F1 stays at .643-.646 for weights 0 to .4 and falls after, so German takes the highest of those. English
# n-grams come from product reviews, where any weight costs a little.
LEXICON_WEIGHT = {"de": 0.4, "en": 0.0}
MAX_FEATURES = 30000  # keeps the shipped file small; fewer barely changes the figures


def datasets_dir() -> Path:
    """Where the labelled sets are: $PEERDESK_DATASETS, else a `shared/datasets` beside a parent folder."""
    if os.environ.get("PEERDESK_DATASETS"):
        return Path(os.environ["PEERDESK_DATASETS"])
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "datasets"
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("no shared/datasets folder found; set PEERDESK_DATASETS")


def load_dev(language: str, folder: Path | None = None) -> tuple[list[str], list[str]]:
    """(texts, labels) of a language's dev split."""
    path = (folder or datasets_dir()) / DATASETS[language] / "dev.jsonl"
    texts, labels = [], []
    with path.open(encoding="utf-8") as file:
        for line in file:
            row = json.loads(line)
            texts.append(row["text"])
            labels.append(row["label"])
    return texts, labels


def fit(texts: list[str], labels: list[str], language: str, *, lexicon: list[list[float]] | None = None) -> dict:
    """One language's model, as the JSON that sentiment.probabilities applies.

    A multinomial logistic regression over TF-IDF n-grams and the lexicon features; for German
    NB-LR (Wang & Manning, ACL 2012, "Baselines and Bigrams"): for each label, a logistic regression of
    that label against the others over the TF-IDF features scaled by their naive-Bayes log-count ratio
    (how much more often a term occurs with the label than without). The ratio is folded into the
    coefficients, so applying the model stays a dot product and a softmax over the three labels.
    """
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    if lexicon is None:
        lexicon = [lexicon_features(text, language) for text in texts]
    vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True, min_df=2, max_features=MAX_FEATURES)
    words = vectorizer.fit_transform(texts)
    present = (words > 0).astype(float)
    extra = csr_matrix(np.array(lexicon, dtype=float))
    labels = np.array(labels)
    classes = sorted(set(labels))
    coef, intercept = [], []
    if not NAIVE_BAYES_RATIOS[language]:
        matrix = hstack([words, extra]).tocsr()
        classifier = LogisticRegression(C=C[language], max_iter=3000, class_weight="balanced").fit(matrix, labels)
        coef = [[round(float(value), 5) for value in row] for row in classifier.coef_]
        intercept = [round(float(value), 5) for value in classifier.intercept_]
    for label in classes if NAIVE_BAYES_RATIOS[language] else ():
        mine = labels == label
        with_label = 1 + np.asarray(present[mine].sum(axis=0)).ravel()
        without = 1 + np.asarray(present[~mine].sum(axis=0)).ravel()
        ratio = np.log((with_label / with_label.sum()) / (without / without.sum()))
        matrix = hstack([words.multiply(ratio).tocsr(), extra]).tocsr()
        classifier = LogisticRegression(C=C[language], max_iter=3000, class_weight="balanced").fit(matrix, mine)
        weights = classifier.coef_[0]
        coef.append([round(float(value), 5) for value in [*(weights[: len(ratio)] * ratio), *weights[len(ratio) :]]])
        intercept.append(round(float(classifier.intercept_[0]), 5))
    return {
        "classes": [str(label) for label in classes],
        "vocabulary": {term: int(index) for term, index in vectorizer.vocabulary_.items()},
        "idf": [round(float(value), 5) for value in vectorizer.idf_],
        "coef": coef,
        "intercept": intercept,
        "lexicon_weight": LEXICON_WEIGHT[language],
    }
