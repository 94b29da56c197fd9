"""How fast similar questions come while someone types, at 110,000 posts: with the German matching and without.

    .venv/bin/python bench/suggest_latency.py           # seeds the large forum (as forum_pages.py --large)
    .venv/bin/python bench/suggest_latency.py --keep    # keep it; forum_pages.py --large --keep reuses it too

The forum is the shared workload's large shape (10,000 questions x 5 answers + 5 replies: 110,000 posts), in
the database `peerdesk_bench_large` that bench/forum_pages.py --large seeds (the same marker, so either
reuses the other's with --keep). Half of the questions count as solved while it measures (in a transaction
rolled back at the end): the ask page suggests solved threads only, and an index of none would cost nothing.

Typed queries: the workload's titles cut after 3, 5 and all of their words (English), and the user questions
of covid-qa-de's dev pairs (German; the forum holds no German post, so they cost the lookups, not the
matches). Each goes in-process through the functions the pages call: the ask page's
`forum.search.similar.suggestions` (solved threads, the asker's language) and the header box's ranking
(`forum.search.engine.rank`, both languages, everything the reader sees). "before" switches the German
matching off (no compound parts in queries, no word beginnings), which is what the code did before it.
Prints n, p50, p95 and max in milliseconds; the target is p95 under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

from _support import BASE_DIR, own_database
from _support.forum_content import Shape, seed

TARGET_MS = 100
WARM_UP = 20


def typed_queries() -> dict[str, list[str]]:
    """English: what the title box holds after some words of a workload title; German: covid-qa-de questions."""
    from forum.models import Question

    titles = list(Question.objects.order_by("pk").values_list("title", flat=True)[::50])
    english = [" ".join(title.split()[:n]) for title in titles for n in (3, 5, 99)]
    folder = BASE_DIR.parent / "shared" / "datasets" / "covid-qa-de"
    texts = {row["id"]: row["text"] for row in map(json.loads, (folder / "questions.jsonl").read_text().splitlines())}
    users = {line.split("\t")[1] for line in (folder / "dev_pairs.tsv").read_text().splitlines()[1:]}
    german = [texts[user] for user in sorted(users) if user in texts]
    return {"en": english, "de": german}


def timings(call, queries: list[str]) -> list[float]:
    for query in queries[:WARM_UP]:
        call(query)
    spent = []
    for query in queries:
        started = time.perf_counter()
        call(query)
        spent.append((time.perf_counter() - started) * 1000)
    return spent


def without_german_matching():
    """The ranking as it was: the query's German words without compound parts, no word beginnings."""
    from forum.search import engine

    saved = engine.query_texts, engine.SHORTEST_BEGINNING
    engine.query_texts = lambda text, language: {"text": text, "text_de": text}
    engine.SHORTEST_BEGINNING = 10_000  # no word is that long: the beginnings' branch finds nothing

    def restore():
        engine.query_texts, engine.SHORTEST_BEGINNING = saved

    return restore


def measure() -> list[tuple]:
    from django.db import connection, transaction

    from forum.models import Category, Question, SearchDocument
    from forum.search import engine, similar

    categories = list(Category.objects.values_list("pk", flat=True))
    queries = typed_queries()
    rows = []
    with transaction.atomic():
        solved = [pk for pk in Question.objects.values_list("pk", flat=True) if pk % 2 == 0]
        SearchDocument.objects.filter(kind="question", object_id__in=solved).update(is_solved=True)
        with connection.cursor() as cursor:
            # The planner must know that half are solved (as it would in a forum that has them): ANALYZE in
            # the transaction sees its own rows, and its statistics go with the rollback.
            cursor.execute(f"ANALYZE {SearchDocument._meta.db_table}")
        for when in ("before", "now"):
            restore = without_german_matching() if when == "before" else (lambda: None)
            try:
                for language, texts in queries.items():
                    ask = timings(
                        lambda q, lang=language: similar.suggestions(q, language=lang, category_ids=categories), texts
                    )
                    header = timings(lambda q: engine.rank(q, limit=6, category_ids=categories), texts)
                    rows.append((when, language, "ask page", ask))
                    rows.append((when, language, "header box", header))
            finally:
                restore()
        transaction.set_rollback(True)
    return rows


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="Keep the seeded database; a rerun reuses it.")
    args = parser.parse_args()
    shape = Shape.large()
    os.chdir(BASE_DIR)
    with own_database(shape.database, marker=shape.marker(), keep=args.keep) as database:
        if database.reused:
            print(f"Reusing the seeded database {shape.database} (--keep): {shape.describe()}")
        else:
            seed(shape)
            database.set_marker(shape.marker())
        rows = measure()
    print(f"\nSuggestions while typing, {shape.describe()}; milliseconds per call, in-process (database included)")
    print(f"  {'':8}{'language':>9}{'where':>12}{'n':>6}{'p50':>8}{'p95':>8}{'max':>8}  target p95 < {TARGET_MS}")
    for when, language, where, spent in rows:
        p95 = percentile(spent, 0.95)
        verdict = "yes" if p95 < TARGET_MS else "NO"
        print(
            f"  {when:8}{language:>9}{where:>12}{len(spent):>6}{statistics.median(spent):8.1f}{p95:8.1f}"
            f"{max(spent):8.1f}  {verdict}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
