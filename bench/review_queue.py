"""The review queue with a large forum behind it: rendering 100 waiting posts, and deciding them in bulk.

    .venv/bin/python bench/review_queue.py                 # 20,000 questions x 3 answers, 100 held + flagged
    .venv/bin/python bench/review_queue.py --questions 2000
    .venv/bin/python bench/review_queue.py --keep          # keep the seeded database; a rerun reuses it

It seeds a database of its own with bulk inserts: members, questions with answers and replies, ideas with
comments; then, for each round, 100 posts that wait (held answers, held replies, flagged ideas and idea
comments, hidden questions whose authors ask for a review). It prints the queries and time of the queue
page (a moderator's GET of /moderation/, through Django's test client, in this process) and the time of
approving, hiding and deleting 100 queued posts in one bulk request (target: under 2 s each).

Without DATABASE_URL it starts an embedded PostgreSQL under var/bench/ (never the dev data in var/pg);
with DATABASE_URL it uses that server, in a database of its own (peerdesk_bench_review).
"""

from __future__ import annotations

import argparse
import os
import time

from _support import BASE_DIR, insert, own_database, vacuum_analyze

DATABASE = "peerdesk_bench_review"
TARGET_SECONDS = 2.0
WAITING = 100
BODY = "Hold the reset button for ten seconds, then pair the device again in the app."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=int, default=20_000, help="questions (20,000)")
    parser.add_argument("--keep", action="store_true", help="keep the seeded database; reuse it when it is there")
    args = parser.parse_args()
    os.chdir(BASE_DIR)
    os.environ["DEBUG"] = "0"
    marker = f"peerdesk bench review queue: questions={args.questions}"
    with own_database(DATABASE, marker=marker, keep=args.keep) as database:
        if database.reused:
            print(f"Reusing the seeded database {DATABASE} (--keep)")
        else:
            seed(args.questions)
            database.set_marker(marker)
        return measure()


def seed(questions: int) -> None:
    from django.contrib.auth.models import Group

    from community.accounts.models import Role, User
    from community.markdown import render
    from forum.models import Answer, Category, Question, Reply
    from ideas.models import Idea, IdeaComment

    html = str(render(BODY))
    people = [
        User(email=f"member{n}@example.com", handle=f"member{n}", display_name=f"Member {n}", password="!")
        for n in range(200)
    ]
    insert(User, people, "members")
    people = list(User.objects.order_by("pk"))
    moderator = people[0]
    moderator.groups.add(Group.objects.get_or_create(name=Role.MODERATOR)[0])
    category = Category.objects.create(name="Devices", slug="devices")
    insert(
        Question,
        [
            Question(
                author=people[n % 200],
                title=f"How do I pair device number {n} with the hub?",
                body=BODY,
                body_html=html,
                excerpt=BODY,
                category=category,
                answer_count=3,
            )
            for n in range(questions)
        ],
        "questions",
    )
    ids = list(Question.objects.values_list("pk", flat=True))
    insert(
        Answer,
        [
            Answer(question_id=q, author=people[(q + k) % 200], body=BODY, body_html=html)
            for q in ids
            for k in (1, 2, 3)
        ],
        "answers",
    )
    insert(
        Reply, [Reply(question_id=q, author=people[(q + 5) % 200], body=BODY, body_html=html) for q in ids], "replies"
    )
    insert(
        Idea,
        [Idea(author=people[n % 200], title=f"Idea number {n}", body=BODY, body_html=html) for n in range(2000)],
        "ideas",
    )
    idea_ids = list(Idea.objects.values_list("pk", flat=True))
    insert(
        IdeaComment,
        [IdeaComment(idea_id=i, author=people[(i + 3) % 200], body=BODY, body_html=html) for i in idea_ids],
        "idea comments",
    )
    Category.objects.filter(pk=category.pk).update(question_count=questions)
    vacuum_analyze()


def queue_up(round_number: int) -> None:
    """100 posts that wait: held answers and replies, flagged ideas and comments, re-asked hidden questions."""
    from django.utils import timezone

    from community.accounts.models import User
    from forum.models import Answer, Question, Reply
    from ideas.models import Idea, IdeaComment
    from moderation.models import Flag

    now = timezone.now()
    held = {"deleted_at": now, "removal": "held", "removal_note": "First post of a new member"}
    public = {"deleted_at__isnull": True}
    reporter = User.objects.order_by("pk")[1]
    for model, count in ((Answer, 30), (Reply, 20)):
        ids = list(model.objects.filter(**public).order_by("pk").values_list("pk", flat=True)[:count])
        model.objects.filter(pk__in=ids).update(**held)
    for model, kind in ((Idea, "idea"), (IdeaComment, "idea_comment")):
        flagged = Flag.objects.filter(kind=kind).values("object_id")  # a flag per person and post, ever
        rows = list(model.objects.filter(**public).exclude(author=reporter).exclude(pk__in=flagged).order_by("pk")[:20])
        Flag.objects.bulk_create(
            [Flag(reporter=reporter, kind=kind, object_id=r.pk, author_id=r.author_id, reason="spam") for r in rows]
        )
    ids = list(Question.objects.filter(**public).order_by("-pk").values_list("pk", flat=True)[:10])
    Question.objects.filter(pk__in=ids).update(
        deleted_at=now, removal="hidden", removal_note="An advert", review_asked_at=now
    )


def measure() -> int:
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from community.accounts.models import User
    from moderation import selectors

    # The test client in this process, as production is configured (DEBUG off): a host it allows, over HTTPS.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "bench.invalid"]
    moderator = User.objects.order_by("pk").first()
    client = Client(HTTP_HOST="bench.invalid")
    client.force_login(moderator)
    worst = 0.0
    for round_number, action in enumerate(("approve", "hide", "delete")):
        queue_up(round_number)
        client.get("/moderation/", secure=True)  # warm: sessions, menus
        reset_queries()  # each request clears the log; the count starts from an empty one
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            page = client.get("/moderation/", secure=True)
            render_seconds = time.perf_counter() - started
        keys = [item.key for item in selectors.queue(moderator)]
        reset_queries()
        with CaptureQueriesContext(connection) as bulk_queries:
            started = time.perf_counter()
            if os.environ.get("PROFILE"):
                import cProfile
                import pstats

                with cProfile.Profile() as profile:
                    done = client.post("/moderation/bulk/", {"items": keys, "action": action}, secure=True)
                pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
            else:
                done = client.post("/moderation/bulk/", {"items": keys, "action": action}, secure=True)
            bulk_seconds = time.perf_counter() - started
        worst = max(worst, bulk_seconds)
        print(
            f"{action:8} queue page: {len(keys)} waiting, {len(captured)} queries, {render_seconds * 1000:.0f} ms "
            f"(status {page.status_code}); bulk {action} of {len(keys)}: {bulk_seconds:.2f} s, "
            f"{len(bulk_queries)} queries (status {done.status_code})"
        )
    print(f"slowest bulk decision: {worst:.2f} s (target under {TARGET_SECONDS:.0f} s)")
    return 0 if worst < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
