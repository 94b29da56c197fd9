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
C = 3.0  # inverse regularisation, chosen by 5-fold cross-validation on the dev splits (1, 3, 10 tried)
# The lexicons' direct vote in the blend, chosen the same way (0 to .5 tried): it helps German, where the
# n-grams come from political tweets, and costs English a little, where they come from product reviews.
LEXICON_WEIGHT = {"de": 0.2, "en": 0.0}
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
    """One language's model, as the JSON that sentiment.probabilities applies."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    if lexicon is None:
        lexicon = [lexicon_features(text, language) for text in texts]
    vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True, min_df=2, max_features=MAX_FEATURES)
    matrix = hstack([vectorizer.fit_transform(texts), csr_matrix(np.array(lexicon, dtype=float))]).tocsr()
    classifier = LogisticRegression(C=C, max_iter=3000, class_weight="balanced").fit(matrix, labels)
    return {
        "classes": [str(label) for label in classifier.classes_],
        "vocabulary": {term: int(index) for term, index in vectorizer.vocabulary_.items()},
        "idf": [round(float(value), 5) for value in vectorizer.idf_],
        "coef": [[round(float(value), 5) for value in row] for row in classifier.coef_],
        "intercept": [round(float(value), 5) for value in classifier.intercept_],
        "lexicon_weight": LEXICON_WEIGHT[language],
    }
