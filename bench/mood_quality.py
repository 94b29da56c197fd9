"""How well insights.sentiment labels German and English text, beside the majority class, on the dev splits.

    .venv/bin/python bench/mood_quality.py

The model is trained on the dev splits themselves (`manage.py train_mood`), so scoring the shipped model on
them would overstate. The figures printed are 5-fold cross-validated instead: each fifth is scored through
the real scoring function (insights.sentiment.analyse) by a model trained, the same way, on the other four.
Targets (held-back test splits, measured outside the project): German macro-F1 >= .64, English >= .62.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")

FOLDS = 5
TARGETS = {"de": 0.64, "en": 0.62}


def macro_f1(truth: list[str], predicted: list[str]) -> float:
    scores = []
    for label in sorted(set(truth)):
        tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t == p == label)
        fp = sum(1 for t, p in zip(truth, predicted, strict=True) if p == label != t)
        fn = sum(1 for t, p in zip(truth, predicted, strict=True) if t == label != p)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def accuracy(truth: list[str], predicted: list[str]) -> float:
    return sum(1 for t, p in zip(truth, predicted, strict=True) if t == p) / len(truth)


def cross_validated(language: str) -> tuple[list[str], list[str]]:
    from sklearn.model_selection import StratifiedKFold

    from insights import mood_training, sentiment

    texts, labels = mood_training.load_dev(language)
    lexicon = [sentiment.lexicon_features(text, language) for text in texts]
    predicted = [""] * len(texts)
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(texts, labels):
        model = mood_training.fit(
            [texts[i] for i in train], [labels[i] for i in train], language, lexicon=[lexicon[i] for i in train]
        )
        for i in test:
            predicted[i] = sentiment.analyse(texts[i], language, model=model)[1]
    return labels, predicted


def main() -> int:
    import django

    django.setup()
    print(f"Mood quality on the dev splits, {FOLDS}-fold cross-validated (trained on 4/5, scored on 1/5)")
    print(f"{'language':<9}{'n':>6}  {'method':<34}{'accuracy':>9}{'macro-F1':>10}{'target':>8}")
    ok = True
    for language in ("de", "en"):
        truth, predicted = cross_validated(language)
        majority = Counter(truth).most_common(1)[0][0]
        baseline = [majority] * len(truth)
        print(
            f"{language:<9}{len(truth):>6}  {'majority class (' + majority + ')':<34}"
            f"{accuracy(truth, baseline):>9.3f}{macro_f1(truth, baseline):>10.3f}"
        )
        f1 = macro_f1(truth, predicted)
        method = "lexicons + TF-IDF (NB-)LR" if language == "de" else "lexicons + TF-IDF log. regression"
        figures = f"{accuracy(truth, predicted):>9.3f}{f1:>10.3f}{TARGETS[language]:>8.2f}"
        print(f"{language:<9}{len(truth):>6}  {method:<34}{figures}")
        ok = ok and f1 >= TARGETS[language]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
