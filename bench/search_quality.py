"""How well Peerdesk finds the question someone already asked, beside a BM25 baseline, on labelled data.

    .venv/bin/python bench/search_quality.py            # both sets, dev splits
    .venv/bin/python bench/search_quality.py --keep     # keep the imported database; a rerun reindexes it

(a) se-dupes-small: the raw dumps of its 9 sites go through the real importer (one category per
    site); each duplicate query of dev_pairs.tsv (title + body) ranks the other questions of its
    site through forum.search.similar.similar_documents; the target is the original it was closed
    against.
(b) covid-qa-de: the German FAQ entries become knowledge-base articles through the real service;
    each user question of a similar=1 pair ranks the 395 articles; the target is its FAQ entry.

The baseline is rank-bm25 (BM25Okapi, lower-cased \\w+ tokens) over the same texts, in the same run.
Ties count half (a tie with the target costs half a place). Only the dev splits are read.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

import _support  # noqa: F401  (points the project at the bench's var folder before it is imported)

BASE_DIR = Path(__file__).resolve().parent.parent
DATASETS = Path(os.environ.get("PEERDESK_DATASETS", BASE_DIR.parent / "shared" / "datasets"))
# A server of its own (PostgreSQL and Redis), so it runs beside the load benches without sharing theirs.
os.environ["PEERDESK_VAR_DIR"] = str(BASE_DIR / "var" / "bench-search")
DATABASE = "peerdesk_search_quality"
MARKER = "se-dupes-small (9 sites) + covid-qa-de FAQ"
KS = (1, 5, 10)


def ranks_to_metrics(ranks: list[float]) -> dict[str, float]:
    n = len(ranks)
    metrics = {f"R@{k}": sum(1.0 for r in ranks if r <= k) / n for k in KS}
    metrics["MRR"] = sum(1.0 / r for r in ranks) / n
    return metrics


def rank_of(target, scored: list[tuple[object, float]]) -> float:
    """Place of the target in a scored list (ties count half); missing = after everything."""
    score = dict(scored).get(target)
    if score is None:
        return float(len(scored) + 1)
    better = sum(1 for key, s in scored if s > score)
    ties = sum(1 for key, s in scored if s == score and key != target)
    return 1 + better + ties / 2


TOKENS = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return TOKENS.findall((text or "").lower())


# (a) se-dupes-small


def load_dupes() -> tuple[dict, list[tuple[str, str]]]:
    """Import the 9 sites (skipped when already there) and return {dataset id: question id} and pairs."""
    from forum.importers.stackexchange import StackExchangeImport
    from forum.models import Category, ImportedObject, Question
    from forum.search.index import index_question

    folder = DATASETS / "se-dupes-small"
    pairs = [
        tuple(line.split("\t")[:2])
        for line in (folder / "dev_pairs.tsv").read_text().splitlines()[1:]
        if line.endswith("\tduplicate")
    ]
    ids: dict[str, int] = {}
    for site_dir in sorted((folder / "raw").iterdir()):
        site = site_dir.name
        short = site.removesuffix(".stackexchange.com")
        category, _ = Category.objects.get_or_create(
            slug=re.sub(r"\W+", "-", short)[:50], defaults={"name": short, "name_en": short, "name_de": short}
        )
        if not ImportedObject.objects.filter(source=site, kind="question").exists():
            started = time.perf_counter()
            importer = StackExchangeImport(site_dir, site=site, category=category)
            counts = importer.run()
            for question_id in importer.questions.values():
                index_question(question_id)
            print(
                f"  imported {site}: {counts.questions} questions, {counts.answers} answers "
                f"in {time.perf_counter() - started:.1f} s"
            )
        for source_id, object_id in ImportedObject.objects.filter(source=site, kind="question").values_list(
            "source_id", "object_id"
        ):
            ids[f"{short}:{source_id}"] = object_id
    del Question
    return ids, pairs


def evaluate_dupes(ids: dict, pairs: list[tuple[str, str]]) -> tuple[dict, dict, int]:
    from rank_bm25 import BM25Okapi

    from forum.models import Answer, Question
    from forum.search.similar import similar_documents

    questions = {q.pk: q for q in Question.objects.filter(pk__in=ids.values())}
    answers: dict[int, list[str]] = {}
    for question_id, body in Answer.objects.filter(question_id__in=questions).values_list("question_id", "body"):
        answers.setdefault(question_id, []).append(body)
    ours, theirs = [], []
    for query_id, target_id in pairs:
        if query_id not in ids or target_id not in ids:
            continue
        query, target = questions[ids[query_id]], ids[target_id]
        hits = similar_documents(
            query.title, query.body, category_ids=[query.category_id], limit=100, exclude_question=query.pk
        )
        ours.append(rank_of(target, [(hit.thread_id, hit.score) for hit in hits]))
        # The baseline over the same texts: the site's other questions, title + text + answers.
        site = [q for q in questions.values() if q.category_id == query.category_id and q.pk != query.pk]
        corpus = [tokens(f"{q.title} {q.body} {' '.join(answers.get(q.pk, []))}") for q in site]
        scores = BM25Okapi(corpus).get_scores(tokens(f"{query.title} {query.body}"))
        theirs.append(rank_of(target, [(q.pk, float(s)) for q, s in zip(site, scores, strict=True)]))
    return ranks_to_metrics(ours), ranks_to_metrics(theirs), len(ours)


# (b) covid-qa-de


def load_faq() -> dict[str, int]:
    from forum.models import Article, Category
    from forum.services import publish_article

    folder = DATASETS / "covid-qa-de"
    category, _ = Category.objects.get_or_create(
        slug="covid-faq", defaults={"name": "COVID FAQ", "name_en": "COVID FAQ", "name_de": "COVID-FAQ"}
    )
    entries = [json.loads(line) for line in (folder / "faq_de.jsonl").read_text().splitlines() if line.strip()]
    existing = dict(Article.objects.filter(category=category).values_list("source_url", "pk"))
    ids = {}
    for entry in entries:
        key = f"faq:{entry['id']}"
        if key not in existing:
            article = publish_article(
                title=entry["question"], summary=entry["answer"], category=category, language="de", source_url=key
            )
            existing[key] = article.pk
        ids[entry["id"]] = existing[key]
    return ids


def evaluate_faq(ids: dict[str, int]) -> tuple[dict, dict, int]:
    from rank_bm25 import BM25Okapi

    from forum.models import Article
    from forum.search.similar import similar_documents

    folder = DATASETS / "covid-qa-de"
    texts = {row["id"]: row["text"] for row in map(json.loads, (folder / "questions.jsonl").read_text().splitlines())}
    pairs = [line.split("\t") for line in (folder / "dev_pairs.tsv").read_text().splitlines()[1:]]
    articles = list(Article.objects.filter(pk__in=ids.values()))
    by_id = {a.pk: a for a in articles}
    corpus_ids = list(ids.values())
    bm25 = BM25Okapi([tokens(f"{by_id[a].title} {by_id[a].summary}") for a in corpus_ids])
    category_id = articles[0].category_id
    ours, theirs = [], []
    for faq_id, user_id, similar in pairs:
        if similar.strip() != "1" or faq_id not in ids:
            continue
        query, target = texts[user_id], ids[faq_id]
        hits = similar_documents(query, language="de", category_ids=[category_id], limit=100)
        ours.append(rank_of(target, [(hit.object_id, hit.score) for hit in hits]))
        scores = bm25.get_scores(tokens(query))
        theirs.append(rank_of(target, [(a, float(s)) for a, s in zip(corpus_ids, scores, strict=True)]))
    return ranks_to_metrics(ours), ranks_to_metrics(theirs), len(ours)


def table(name: str, ours: dict, theirs: dict, n: int) -> list[str]:
    rows = [f"{name}  (n = {n} queries)"]
    rows.append(f"  {'':10}" + "".join(f"{k:>8}" for k in ours))
    rows.append(f"  {'Peerdesk':10}" + "".join(f"{v:8.3f}" for v in ours.values()))
    rows.append(f"  {'BM25':10}" + "".join(f"{v:8.3f}" for v in theirs.values()))
    ahead = all(ours[k] > theirs[k] for k in ours)
    rows.append(f"  ahead of BM25 on every figure: {'yes' if ahead else 'NO'}")
    return rows


def reindex() -> None:
    """Every document again, so the figures are those of the index the code writes now (a kept database
    was indexed by the code of its day)."""
    from django.core.management import call_command

    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("reindex", stdout=quiet)
    print(f"  reindexed in {time.perf_counter() - started:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="Keep the database (a rerun skips the import).")
    args = parser.parse_args()
    from _support import own_database

    with own_database(DATABASE, marker=MARKER, keep=args.keep) as database:
        print("Loading se-dupes-small (9 sites) and covid-qa-de ...")
        ids, pairs = load_dupes()
        faq = load_faq()
        if database.reused:
            reindex()
        else:
            database.set_marker(MARKER)
        started = time.perf_counter()
        dupes = evaluate_dupes(ids, pairs)
        covid = evaluate_faq(faq)
        print()
        print("\n".join(table("se-dupes-small, dev duplicates: rank the other questions of the site", *dupes)))
        print("\n".join(table("covid-qa-de, dev similar pairs: find the FAQ article of a user question", *covid)))
        print(f"(evaluation took {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
