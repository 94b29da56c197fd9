"""The insights dashboard over a long history: one day's rollup, and the dashboard's time from the rollups.

    .venv/bin/python bench/insights_speed.py                    # 1,000,000 posts over a year
    .venv/bin/python bench/insights_speed.py --posts 100000
    .venv/bin/python bench/insights_speed.py --keep             # keep the seeded database; a rerun reuses it

It seeds a database of its own with bulk inserts: members, three categories, questions and answers (a
quarter questions) spread over the last 365 days, a mood score for every post, then rolls up the last
120 days with `roll_up_day` (the nightly task's work, timed per day: target "seconds"). Then a moderator
GETs /insights/ through Django's test client in this process, for the last 30 and 90 days, overall and for
one category, 50 times each, and it prints p50 and p99 (target p99 under 200 ms).

Without DATABASE_URL it starts an embedded PostgreSQL under var/bench/ (never the dev data in var/pg);
with DATABASE_URL it uses that server, in a database of its own (peerdesk_bench_insights).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from _support import BASE_DIR, insert, own_database, vacuum_analyze

DATABASE = "peerdesk_bench_insights"
TARGET_MS = 200
ROLLED_DAYS = 120
BODY = "The display shows E42 after the update and the heating stays off. Thanks for any help!"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=1_000_000, help="questions and answers in all (1,000,000)")
    parser.add_argument("--keep", action="store_true", help="keep the seeded database; reuse it when it is there")
    args = parser.parse_args()
    os.chdir(BASE_DIR)
    os.environ["DEBUG"] = "0"
    marker = f"peerdesk bench insights: posts={args.posts}"
    with own_database(DATABASE, marker=marker, keep=args.keep) as database:
        if database.reused:
            print(f"Reusing the seeded database {DATABASE} (--keep)")
        else:
            seed(args.posts)
            database.set_marker(marker)
        return measure()


def seed(posts: int) -> None:
    from datetime import timedelta

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from community.accounts.models import Role, User
    from community.markdown import render
    from forum.models import Answer, Category, Question
    from insights.models import PostMood

    html = str(render(BODY))
    now = timezone.now()
    people = [
        User(email=f"member{n}@example.com", handle=f"member{n}", display_name=f"Member {n}", password="!")
        for n in range(500)
    ]
    insert(User, people, "members")
    people = list(User.objects.order_by("pk"))
    people[0].groups.add(Group.objects.get_or_create(name=Role.MODERATOR)[0])
    categories = [Category.objects.create(name=name, slug=name.lower()) for name in ("Devices", "App", "Billing")]
    questions = posts // 4
    minutes_per_question = 365 * 24 * 60 / questions

    def asked(n: int):
        return now - timedelta(minutes=(questions - n) * minutes_per_question)

    insert(
        Question,
        [
            Question(
                author=people[n % 500],
                title=f"Error E42 on thermostat number {n}",
                body=BODY,
                body_html=html,
                excerpt=BODY,
                category=categories[n % 3],
                created_at=asked(n),
                last_activity_at=asked(n),
                answer_count=3,
                is_solved=n % 2 == 0,
            )
            for n in range(questions)
        ],
        "questions",
    )
    rows = list(Question.objects.order_by("pk").values_list("pk", "created_at", "category_id"))
    insert(
        Answer,
        [
            Answer(
                question_id=pk,
                author=people[(pk + k) % 500],
                body=BODY,
                body_html=html,
                created_at=created + timedelta(minutes=20 * k),
                is_accepted=k == 1 and pk % 2 == 0,
                accepted_at=created + timedelta(hours=2) if k == 1 and pk % 2 == 0 else None,
            )
            for pk, created, _category in rows
            for k in (1, 2, 3)
        ],
        "answers",
    )
    category_of = {pk: category for pk, _created, category in rows}
    moods = [
        PostMood(
            kind="question",
            object_id=pk,
            question_id=pk,
            category_id=category,
            language="en",
            score=((pk * 37) % 200 - 100) / 100,
            label="neutral",
            posted_at=created,
        )
        for pk, created, category in rows
    ]
    moods += [
        PostMood(
            kind="answer",
            object_id=pk,
            question_id=question_id,
            category_id=category_of[question_id],
            language="en",
            score=((pk * 53) % 200 - 100) / 100,
            label="neutral",
            posted_at=created,
        )
        for pk, question_id, created in Answer.objects.values_list("pk", "question_id", "created_at").iterator()
    ]
    insert(PostMood, moods, "mood scores", batch=5000)
    vacuum_analyze()


def measure() -> int:
    from datetime import timedelta

    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from tqdm import tqdm

    from community.accounts.models import User
    from forum.models import Answer, Category, Question
    from insights.services import mood
    from insights.services.rollups import roll_up_day

    posts = Question.objects.count() + Answer.objects.count()
    started = time.perf_counter()
    threads = mood.rebuild_threads()  # what each scoring keeps up; the bulk-inserted scores skipped it
    print(f"thread moods rebuilt: {threads:,} threads in {time.perf_counter() - started:.1f} s")
    today = timezone.localdate()
    seconds = []
    for days_ago in tqdm(range(ROLLED_DAYS, -1, -1), desc="roll up", unit="day"):
        started = time.perf_counter()
        roll_up_day(today - timedelta(days=days_ago))
        seconds.append(time.perf_counter() - started)
    print(
        f"rollup of one day over {posts:,} posts: median {statistics.median(seconds):.2f} s, "
        f"slowest {max(seconds):.2f} s (n={len(seconds)} days)"
    )

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "bench.invalid"]
    client = Client(HTTP_HOST="bench.invalid")
    client.force_login(User.objects.order_by("pk").first())
    category = Category.objects.order_by("pk").first()
    worst = 0.0
    for label, query in (
        ("30 days, all", {"period": "30"}),
        ("90 days, all", {"period": "90"}),
        ("30 days, one category", {"period": "30", "category": category.pk}),
    ):
        client.get("/insights/", query, secure=True)  # warm: sessions, menus
        times = []
        for _ in range(50):
            started = time.perf_counter()
            response = client.get("/insights/", query, secure=True)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            client.get("/insights/", query, secure=True)
        times.sort()
        p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
        worst = max(worst, p99)
        print(
            f"dashboard {label:22} p50 {statistics.median(times):6.1f} ms  p99 {p99:6.1f} ms  "
            f"{len(captured)} queries (n={len(times)})"
        )
    print(f"slowest p99: {worst:.0f} ms (target under {TARGET_MS} ms) over {posts:,} posts")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
