"""Automatic first replies on labelled data: how often a new question gets one, how often it is right, how fast.

    .venv/bin/python bench/instant_answers.py --fit     # fit forum/instant/calibration.json on the dev splits
    .venv/bin/python bench/instant_answers.py           # post the dev queries, one real worker, print figures
    .venv/bin/python bench/instant_answers.py --burst   # all questions at once: the queue's wait counts too
    .venv/bin/python bench/instant_answers.py --keep    # keep the imported database for a rerun (any mode)

The corpora are imported as bench/search_quality.py imports them: the 9 sites of se-dupes-small through the
real Stack Exchange importer (a category per site), the German FAQ of covid-qa-de as knowledge-base articles
through the real service. The queries are the dev splits only: each duplicate of se-dupes-small's
dev_pairs.tsv (its title and text, in its site's category; the imported copy of the query itself is taken
out of the search index first, or it would find itself), and each user question of covid-qa-de's similar
pairs whose FAQ entry is in the knowledge base (the question is title and text; text under 20 characters,
which the ask form refuses, is said twice). The right reply contains the thread the query was closed as a
duplicate of, or the FAQ article of its pair.

--fit: every query goes through the matching in this process (forum.instant.matching.candidates, what the
task runs); a logistic regression on the features of the three best hits (label: the hit is the right
thread) gives the calibrated confidence. The threshold per language is the lowest at which the replies of
the leave-one-query-out model are wrong at most MAX_WRONG_SHARE of the time; the model fitted on all queries
and the thresholds are written to forum/instant/calibration.json.

Default: ONE real Celery worker (as the other worker benches start it); each query is posted as a new
question through forum.services.ask_question by an asker of its own (a super user, so no first-post review
holds it), one after the other. The clock starts when ask_question is called and stops when the automatic
reply's row is there, or when the task's hand-off is done without one. Printed per language and overall,
with n: the share that got a reply, precision (replies containing the right thread), the share of wrong
replies among replies, and the time to the reply (p50, p95; target p95 < 60 s, wrong under 10% of replies).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import date

import search_quality
from _support import BENCH_VAR_DIR, ignore_signals, own_database

# search_quality (imported for its loaders) points the var folder at var/bench-search: this bench's is var/bench.
os.environ["PEERDESK_VAR_DIR"] = str(BENCH_VAR_DIR)

DATABASE = "peerdesk_bench_instant"
MARKER = "se-dupes-small + covid-qa-de v1"
MAX_WRONG_SHARE = 0.05  # on dev, leave-one-out: room below the 10% target for questions never seen
LINK_FLOOR_SHARE = 0.5
TARGET_P95 = 60.0
TARGET_WRONG = 0.10
TIMEOUT = 90.0
# What the model weighs, of the features forum.instant.matching computes. Tried on dev (leave one query out):
# all ten (score, coverage of the query's IDF weight overall and in the title, title likeness, query length,
# article) rank the replies worse than these four; the margins to the best and to the next hit carry it.
FEATURES = ("ahead_of_next", "below_best", "position", "german")
MIN_REPLIES = 3  # a threshold needs this many replies on dev to say anything about their share of wrong ones


@dataclass
class Query:
    language: str
    title: str
    body: str
    category_id: int
    target: tuple[str, int]  # ("thread", question id) or ("article", article id)


def load(keep: bool) -> list[Query]:
    """Import both corpora (unless this database has them) and return the dev queries."""
    from forum.models import Article, Question, SearchDocument

    print("Loading se-dupes-small (9 sites) and covid-qa-de ...", flush=True)
    ids, pairs = search_quality.load_dupes()
    faq = search_quality.load_faq()
    queries = []
    twins = []
    for query_id, target_id in pairs:
        if query_id not in ids or target_id not in ids:
            continue
        twin = Question.objects.get(pk=ids[query_id])
        twins.append(twin.pk)
        queries.append(Query("en", twin.title, twin.body, twin.category_id, ("thread", ids[target_id])))
    # The imported copies of the queries would find themselves: out of the index (threads and articles).
    SearchDocument.objects.filter(thread_id__in=twins).delete()
    SearchDocument.objects.filter(kind="question", object_id__in=twins).delete()
    folder = search_quality.DATASETS / "covid-qa-de"
    texts = {row["id"]: row["text"] for row in map(json.loads, (folder / "questions.jsonl").read_text().splitlines())}
    category_id = Article.objects.filter(pk__in=faq.values()).values_list("category_id", flat=True).first()
    for line in (folder / "dev_pairs.tsv").read_text().splitlines()[1:]:
        faq_id, user_id, similar = line.split("\t")
        if similar.strip() != "1" or faq_id not in faq:
            continue
        text = texts[user_id]
        body = text if len(text) >= 20 else f"{text} {text}"
        queries.append(Query("de", text, body, category_id, ("article", faq[faq_id])))
    return queries


def right(link: dict | object, target: tuple[str, int]) -> bool:
    kind, object_id = target
    link_kind = link["kind"] if isinstance(link, dict) else link.kind
    link_object = link["object_id"] if isinstance(link, dict) else link.object_id
    thread = link["thread_id"] if isinstance(link, dict) else link.thread_id
    if kind == "thread":
        return thread == object_id or (link_kind == "question" and link_object == object_id)
    return link_kind == "article" and link_object == object_id


# --fit


def fit(queries: list[Query]) -> None:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from forum.instant import matching

    categories = matching.public_categories()
    rows = []  # (query index, language, features, label)
    started = time.perf_counter()
    for index, query in enumerate(queries):
        for candidate in matching.candidates(query.title, query.body, language=query.language, category_ids=categories):
            rows.append((index, query.language, candidate.features, right(candidate, query.target)))
    print(f"Features of {len(rows)} hits of {len(queries)} queries in {time.perf_counter() - started:.1f} s")
    (BENCH_VAR_DIR / "instant_hits.json").write_text(json.dumps(rows))  # for trying other features
    x = np.array([[r[2][name] for name in FEATURES] for r in rows])
    y = np.array([int(r[3]) for r in rows])
    groups = np.array([r[0] for r in rows])

    def model(train):
        scaler = StandardScaler().fit(x[train])
        classifier = LogisticRegression(C=1.0, max_iter=1000).fit(scaler.transform(x[train]), y[train])
        return scaler, classifier

    held_out = np.zeros(len(rows))
    for index in range(len(queries)):  # leave one query out: its hits scored by a model that never saw it
        test = groups == index
        if not test.any():
            continue
        if y[~test].sum() == 0:
            continue
        scaler, classifier = model(~test)
        held_out[test] = classifier.predict_proba(scaler.transform(x[test]))[:, 1]
    thresholds = {}
    for language in ("de", "en"):
        thresholds[language], figures = choose_threshold(queries, rows, held_out, language)
        print(f"  {language}: threshold {thresholds[language]:.3f} (leave-one-query-out on dev) -> {figures}")
        tops = sorted({c for r, c in zip(rows, held_out, strict=True) if r[1] == language and r[2]["position"] == 0})
        curve = [replies_at(queries, rows, held_out, language, t) for t in tops[::-1][:12]]
        falling = " ".join(f"{c['right']}/{c['replies']}" for c in curve)
        print(f"      right/replies as the threshold falls: {falling}")
    scaler, classifier = model(np.ones(len(rows), dtype=bool))
    # Folded into the raw features: the project computes z = bias + sum(weight * feature) without numpy.
    weights = classifier.coef_[0] / scaler.scale_
    bias = float(classifier.intercept_[0] - (weights * scaler.mean_).sum())
    calibration = {
        "about": "Logistic calibration of the automatic reply's confidence; written by bench/instant_answers.py "
        "--fit from the dev splits of se-dupes-small and covid-qa-de.",
        "fitted": date.today().isoformat(),
        "hits": len(rows),
        "queries": {"de": sum(q.language == "de" for q in queries), "en": sum(q.language == "en" for q in queries)},
        "bias": round(bias, 6),
        "weights": {name: round(float(w), 6) for name, w in zip(FEATURES, weights, strict=True)},
        "thresholds": {language: round(value, 4) for language, value in thresholds.items()},
        "link_floor_share": LINK_FLOOR_SHARE,
        "max_wrong_share_on_dev": MAX_WRONG_SHARE,
    }
    matching.CALIBRATION.write_text(json.dumps(calibration, indent=2) + "\n")
    print(f"Wrote {matching.CALIBRATION.relative_to(search_quality.BASE_DIR)}")
    in_sample = classifier.predict_proba(scaler.transform(x))[:, 1]
    for language in ("de", "en"):
        print(
            f"  {language}, the final model in-sample at its threshold: "
            f"{replies_at(queries, rows, in_sample, language, thresholds[language])}"
        )


def replies_at(queries, rows, confidences, language: str, threshold: float) -> dict:
    """What the task would do for every query of a language at this threshold: replies, right ones."""
    by_query: dict[int, list[tuple[float, bool]]] = {}
    for (index, row_language, _features, label), confidence in zip(rows, confidences, strict=True):
        if row_language == language:
            by_query.setdefault(index, []).append((confidence, label))
    n = sum(q.language == language for q in queries)
    replies = correct = 0
    for hits in by_query.values():
        if not hits or hits[0][0] < threshold:
            continue
        offered = [hits[0]] + [h for h in hits[1:] if h[0] >= threshold * LINK_FLOOR_SHARE]
        replies += 1
        correct += any(label for _, label in offered)
    return {"n": n, "replies": replies, "right": correct, "wrong": replies - correct}


def choose_threshold(queries, rows, confidences, language: str) -> tuple[float, dict]:
    """The lowest threshold whose replies are wrong at most MAX_WRONG_SHARE of the time (most replies); 1.0,
    no replies in the language, when none is."""
    tops = sorted({c for (_i, lang, _f, _l), c in zip(rows, confidences, strict=True) if lang == language})
    best = (1.0, replies_at(queries, rows, confidences, language, 1.0))
    for candidate in tops:
        figures = replies_at(queries, rows, confidences, language, candidate)
        within = figures["replies"] >= MIN_REPLIES and figures["wrong"] <= MAX_WRONG_SHARE * figures["replies"]
        if within and figures["replies"] > best[1]["replies"]:
            best = (candidate, figures)
    return best


# the live run


def askers(n: int) -> list:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    from community.accounts.models import Role, User

    start = User.objects.filter(handle__startswith="instant-asker-").count()
    people = User.objects.bulk_create(
        [
            User(email=f"instant-asker-{i}@example.com", handle=f"instant-asker-{i}", display_name=f"Asker {i}")
            for i in range(start, start + n)
        ]
    )
    EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in people])
    for role in (Role.MEMBER, Role.SUPER_USER):
        group = Group.objects.get_or_create(name=role.value)[0]
        User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=group.pk) for u in people])
    return people


def post(query: Query, asker) -> tuple[float, object]:
    """Ask the query as a new question through the service: (when it was posted, the question)."""
    from forum import services
    from forum.models import Category

    category = Category.objects.get(pk=query.category_id)
    started = time.perf_counter()
    question = services.ask_question(
        by=asker, title=query.title[:150], body=query.body, category=category, language=query.language
    )
    return started, question


def outcome(question) -> tuple[bool, object]:
    """(decided?, the automatic reply or None): decided once the reply is there or the task ran without one."""
    from community.models import Handoff
    from forum import tasks
    from forum.models import InstantAnswer

    instant = InstantAnswer.objects.filter(question=question).first()
    if instant is not None:
        return True, instant
    done = Handoff.objects.filter(
        task=tasks.answer_instantly.name, kwargs__event__question_id=question.pk, done_at__isnull=False
    ).exists()
    return done, None


def wait_for_all(worker, posted: list) -> list[tuple[float, object]]:
    """(seconds from posting to the outcome, the reply or None) for every (started, question), polled together."""
    from _support.worker import POLL_SECONDS, log_tail

    results: dict[int, tuple[float, object]] = {}
    deadline = time.monotonic() + TIMEOUT + len(posted)
    while len(results) < len(posted):
        for index, (started, question) in enumerate(posted):
            if index not in results:
                decided, instant = outcome(question)
                if decided:
                    results[index] = (time.perf_counter() - started, instant)
        if worker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"{len(posted) - len(results)} questions were not decided:\n{log_tail()}")
        time.sleep(POLL_SECONDS)
    return [results[index] for index in range(len(posted))]


def live(queries: list[Query], *, burst: bool) -> int:
    from _support.worker import forget_queued_messages, start_worker, stop_worker
    from django.conf import settings
    from tqdm import tqdm

    from forum.instant import matching
    from forum.models import Category

    Category.objects.filter(pk__in={q.category_id for q in queries}).update(instant_answers=Category.InstantAnswers.ON)
    people = askers(len(queries) + 1)
    forget_queued_messages()
    worker = start_worker()
    try:
        print("Starting the worker (warm-up: one question) ...", flush=True)
        wait_for_all(worker, [post(queries[0], people[-1])])
        pairs = list(zip(queries, people, strict=False))
        if burst:  # all at once, as after an outage: the queue's wait is in the times
            print(f"Posting {len(pairs)} questions back to back ...", flush=True)
            outcomes = wait_for_all(worker, [post(query, asker) for query, asker in pairs])
        else:
            outcomes = [wait_for_all(worker, [post(q, a)])[0] for q, a in tqdm(pairs, desc="ask and wait", unit="q")]
    finally:
        ignore_signals()
        stop_worker(worker)
    results = [(query, seconds, instant) for query, (seconds, instant) in zip(queries, outcomes, strict=True)]
    print()
    print(
        f"Automatic replies to the dev queries posted as new questions{' all at once' if burst else ', one by one'}, "
        f"one real worker (thresholds: de {matching.threshold('de'):.3f}, en {matching.threshold('en'):.3f}; "
        f"broker {'Redis' if settings.CELERY_BROKER_URL.startswith('redis') else settings.CELERY_BROKER_URL})"
    )
    ok = True
    for label, chosen in (("de (covid-qa-de)", "de"), ("en (se-dupes-small)", "en"), ("all", None)):
        part = [r for r in results if chosen is None or r[0].language == chosen]
        ok &= report(label, part)
    return 0 if ok else 1


def report(label: str, results: list) -> bool:
    n = len(results)
    replied = [(q, s, i) for q, s, i in results if i is not None]
    correct = [r for r in replied if any(right(link, r[0].target) for link in r[2].links)]
    wrong = len(replied) - len(correct)
    times = sorted(s for _, s, _ in replied) or [math.nan]
    every = sorted(s for _, s, _ in results)
    p95 = times[max(0, math.ceil(0.95 * len(times)) - 1)]
    wrong_share = wrong / len(replied) if replied else 0.0
    print(
        f"  {label:22} n={n:3}  replied {len(replied):3} ({len(replied) / n:5.1%})  "
        f"precision {len(correct) / len(replied) if replied else math.nan:5.1%} ({len(correct)}/{len(replied)})  "
        f"wrong {wrong_share:5.1%} of replies ({wrong / n:5.1%} of questions)"
    )
    print(
        f"  {'':22} time to the reply p50 {statistics.median(times):5.2f} s  p95 {p95:5.2f} s  "
        f"(to the decision, with or without a reply: p50 {statistics.median(every):5.2f} s, "
        f"max {every[-1]:5.2f} s)   targets: p95 < {TARGET_P95:g} s "
        f"{'met' if not replied or p95 < TARGET_P95 else 'MISSED'}, wrong < {TARGET_WRONG:.0%} of replies "
        f"{'met' if wrong_share < TARGET_WRONG else 'MISSED'}"
    )
    return (not replied or p95 < TARGET_P95) and wrong_share < TARGET_WRONG


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fit", action="store_true", help="fit the calibration on the dev splits and write it")
    parser.add_argument("--keep", action="store_true", help="keep the imported database (a rerun reuses it)")
    parser.add_argument("--burst", action="store_true", help="post every query at once, then wait for all")
    args = parser.parse_args()
    os.chdir(search_quality.BASE_DIR)
    os.environ.pop("EMAIL_URL", None)  # never deliver real mail: .eml files under var/bench/mail
    os.environ["DEBUG"] = "0"
    BENCH_VAR_DIR.mkdir(parents=True, exist_ok=True)
    with own_database(DATABASE, marker=MARKER, keep=args.keep) as database:
        queries = load(args.keep)
        if args.keep and not database.reused:
            database.set_marker(MARKER)
        print(
            f"{len(queries)} dev queries: {sum(q.language == 'en' for q in queries)} English duplicates, "
            f"{sum(q.language == 'de' for q in queries)} German FAQ questions"
        )
        if args.fit:
            fit(queries)
            return 0
        return live(queries, burst=args.burst)


if __name__ == "__main__":
    sys.exit(main())
