"""The nightly super-user run over 10,000 members: how long ranking the candidates and the badge sweep take.

    .venv/bin/python bench/superusers_nightly.py                 # 10,000 members, 90 days of activity
    .venv/bin/python bench/superusers_nightly.py --members 2000  # fewer
    .venv/bin/python bench/superusers_nightly.py --keep          # keep the seeded database; a rerun reuses it

It seeds a database of its own with bulk inserts: members, and over the last 120 days questions, answers
(some accepted), replies, up votes and upheld flags, spread so that the people active in the last two days
are as many as a community of that size has. Then it runs, in this process, what the nightly Celery task
runs: `superusers.services.rank_candidates()` (every member measured over 90 days) and the badge check of
everyone active in the last two days (`superusers.tasks.nightly`). It prints the time of each (target: the
candidate ranking under 60 s) and how many members, candidates and badges there were.

Without DATABASE_URL it starts an embedded PostgreSQL under var/bench/ (never the dev data in var/pg);
with DATABASE_URL it uses that server, in a database of its own (peerdesk_bench_nightly).
"""

from __future__ import annotations

import argparse
import os
import random
import time
import uuid
from datetime import timedelta

from _support import BASE_DIR, insert, own_database, vacuum_analyze

DATABASE = "peerdesk_bench_nightly"
TARGET_SECONDS = 60
DAYS = 120
BODY = "Hold the reset button for ten seconds, then pair the device again in the app."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=10_000, help="members (10,000)")
    parser.add_argument("--keep", action="store_true", help="keep the seeded database; reuse it when it is there")
    args = parser.parse_args()
    os.chdir(BASE_DIR)
    os.environ["DEBUG"] = "0"
    marker = f"peerdesk bench nightly: members={args.members}"
    with own_database(DATABASE, marker=marker, keep=args.keep) as database:
        if database.reused:
            print(f"Reusing the seeded database {DATABASE} (--keep)")
            counts = None
        else:
            counts = seed(args.members)
            database.set_marker(marker)
        return measure(args.members, counts)


def seed(members: int) -> dict:
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from community.accounts.models import Role, User
    from forum.models import Answer, Category, Question, Reply, Vote
    from superusers.models import PointRule, ReputationEntry

    rng = random.Random(8)
    now = timezone.now()
    started = time.perf_counter()
    print(f"Seeding {members:,} members and {DAYS} days of activity into {DATABASE} ...", flush=True)

    def when(days_back: float):
        return now - timedelta(days=days_back)

    with transaction.atomic():
        people = [
            User(
                email=f"m{n:05d}@example.com",
                handle=f"m{n:05d}",
                display_name=f"Member {n:05d}",
                date_joined=when(DAYS + rng.random() * 300),
            )
            for n in range(members)
        ]
        insert(User, people, "members")
        group = Group.objects.get_or_create(name=Role.MEMBER.value)[0]
        insert(User.groups.through, [User.groups.through(user_id=p.pk, group_id=group.pk) for p in people], "roles")
        categories = Category.objects.bulk_create(
            [
                Category(slug=f"c{n}", name=f"Category {n}", name_en=f"Category {n}", name_de=f"Kategorie {n}")
                for n in range(5)
            ]
        )
        # A few very active helpers, many occasional ones (a long tail, as in real communities).
        weights = [1.0 / (1 + n) ** 0.8 for n in range(members)]
        rng.shuffle(weights)

        def someone() -> User:
            return rng.choices(people, weights=weights)[0]

        questions = [
            Question(
                author=people[rng.randrange(members)],
                category=categories[n % 5],
                title=f"Question {n}: the device drops off the network every evening",
                body=BODY,
                body_html=f"<p>{BODY}</p>",
                excerpt=BODY,
                created_at=when(rng.random() * DAYS),
            )
            for n in range(members * 2)
        ]
        insert(Question, questions, "questions")
        answers = []
        for question in questions:
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                answers.append(
                    Answer(
                        question=question,
                        author=someone(),
                        body=BODY,
                        body_html=f"<p>{BODY}</p>",
                        created_at=min(question.created_at + timedelta(minutes=rng.expovariate(1 / 240)), now),
                    )
                )
        firsts = list({answer.question.pk: answer for answer in reversed(answers)}.values())  # one per question
        accepted = rng.sample(firsts, len(firsts) // 3)
        for answer in accepted:
            answer.is_accepted, answer.accepted_at = True, answer.created_at + timedelta(hours=2)
        insert(Answer, answers, "answers")
        replies = [
            Reply(
                question=rng.choice(questions),
                author=someone(),
                body="Thanks, that helped!",
                body_html="<p>Thanks, that helped!</p>",
                created_at=when(rng.random() * DAYS),
            )
            for _ in range(members * 2)
        ]
        insert(Reply, replies, "replies")
        votes, seen = [], set()
        for _ in range(members * 8):
            answer, voter = rng.choice(answers), people[rng.randrange(members)]
            if voter.pk != answer.author_id and (voter.pk, answer.pk) not in seen:
                seen.add((voter.pk, answer.pk))
                votes.append(
                    Vote(user=voter, answer=answer, value=1, created_at=answer.created_at, cast_event_id=uuid.uuid4())
                )
        insert(Vote, votes, "votes")
        # Upheld flags reach the program as ledger lines (moderation's FlagUpheld event), one per hidden post.
        flags = [
            ReputationEntry(
                user_id=answer.author_id,
                points=-10,
                reason=PointRule.Code.POST_FLAGGED,
                event_id=uuid.uuid4(),
                question_id=answer.question_id,
                answer_id=answer.pk,
                created_at=answer.created_at,
            )
            for answer in rng.sample(answers, members // 100)
        ]
        insert(ReputationEntry, flags, "upheld flags")
    vacuum_analyze()
    counts = {
        "questions": len(questions),
        "answers": len(answers),
        "accepted": len(accepted),
        "replies": len(replies),
        "votes": len(votes),
        "flags": len(flags),
        "seed": time.perf_counter() - started,
    }
    print(
        "Seeded {questions:,} questions, {answers:,} answers ({accepted:,} accepted), {replies:,} replies, "
        "{votes:,} votes, {flags:,} upheld flags in {seed:.1f} s".format(**counts)
    )
    return counts


def measure(members: int, counts: dict | None) -> int:
    from superusers import services, tasks
    from superusers.models import BadgeAward, Candidate

    BadgeAward.objects.all().delete()  # a reused database starts where a fresh one does
    print("Ranking the candidates ...", flush=True)
    started = time.perf_counter()
    measured = services.rank_candidates()
    ranking = time.perf_counter() - started
    print("The whole nightly task (candidates again, then the badge check of the recently active) ...", flush=True)
    started = time.perf_counter()
    result = tasks.nightly()
    whole = time.perf_counter() - started
    active = tasks.recently_active().count()
    print()
    print(f"Nightly super-user run, {members:,} members, {DAYS} days of activity (n=1 run each)")
    print(
        f"  candidate ranking: {ranking:6.2f} s  ({measured:,} members with activity measured, "
        f"{Candidate.objects.count()} candidates kept)  target < {TARGET_SECONDS} s: "
        f"{'met' if ranking < TARGET_SECONDS else 'MISSED'}"
    )
    print(
        f"  whole nightly task: {whole:6.2f} s  ({active:,} people active in the last two days checked, "
        f"{result['badges']:,} badges awarded)"
    )
    return 0 if ranking < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
