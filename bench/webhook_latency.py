"""From "accept" to the webhook delivered, with a real Celery worker and Redis: how long it takes.

    .venv/bin/python bench/webhook_latency.py            # 30 accepts
    .venv/bin/python bench/webhook_latency.py --n 100    # more

It seeds a database of its own with n + 1 questions that have an answer each, configures one webhook
endpoint for "answer.accepted" that points at a local HTTP receiver in this process (a real server on
127.0.0.1 that checks every signature with helpdesk.signing.verify, as a helpdesk would), starts ONE real
Celery worker, and then, one after the other, accepts an answer through `forum.services.accept_answer`,
as the asker. Each accept goes the production way: the hand-off row in the accept's transaction, the
message after the commit, the worker writes the delivery row and hands it off, the worker POSTs it.
For each it waits until the delivery row says delivered and takes delivered_at - occurred_at (the
event's time, in the accept's transaction, to the receiver's 2xx being recorded). It prints p50, p95
and the slowest with n, and how many requests arrived with a valid signature.

Without DATABASE_URL it starts an embedded PostgreSQL under var/bench/ (never the dev data in var/pg);
with DATABASE_URL it uses that server, in a database of its own (peerdesk_bench_webhook).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from _support import BASE_DIR, BENCH_VAR_DIR, ignore_signals, own_database
from _support.worker import POLL_SECONDS, forget_queued_messages, log_tail, start_worker, stop_worker, wait_for

DATABASE = "peerdesk_bench_webhook"
SECRET = "bench-receiver-secret"
TIMEOUT = 30.0


class Receiver:
    """The helpdesk's side: answers 200 and counts requests whose signature checks out."""

    def __init__(self) -> None:
        from helpdesk import signing

        self.verified = self.refused = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    signing.verify(SECRET, body, dict(self.headers.items()))
                    receiver.verified += 1
                except signing.BadSignature:
                    receiver.refused += 1
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hook"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=30, help="accepted answers to time (30)")
    args = parser.parse_args()
    os.chdir(BASE_DIR)
    os.environ.pop("EMAIL_URL", None)  # never deliver real mail: .eml files under var/bench/mail
    os.environ["DEBUG"] = "0"
    BENCH_VAR_DIR.mkdir(parents=True, exist_ok=True)
    with own_database(DATABASE, marker="", keep=False):
        receiver = Receiver()
        seed(args.n + 1, receiver.url)
        forget_queued_messages()
        worker = start_worker()
        try:
            warm_up(worker)
            delays = measure(worker, args.n)
            breakdown()
        finally:
            ignore_signals()  # stop the worker before the database, whatever comes
            stop_worker(worker)
            receiver.stop()
    delays.sort()
    p95 = delays[max(0, round(0.95 * len(delays)) - 1)]
    print()
    print(f"Accept -> webhook delivered (delivered_at - occurred_at), one real Celery worker (n={len(delays)})")
    print(
        f"  p50 {statistics.median(delays) * 1000:6.0f} ms   p95 {p95 * 1000:6.0f} ms   "
        f"slowest {delays[-1] * 1000:6.0f} ms   signatures valid {receiver.verified}, refused {receiver.refused}"
    )
    return 0 if receiver.refused == 0 else 1


def seed(questions: int, url: str) -> None:
    """Askers with one question each and an answer from someone else; one endpoint that hears accepts."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group
    from django.db import transaction

    from community.accounts.models import Role, User
    from community.markdown import render_post
    from forum.models import Answer, Category, Question
    from helpdesk.models import WebhookEndpoint

    print(f"Seeding {questions} questions with an answer each into {DATABASE} ...", flush=True)
    body = "The router drops the connection every night at three; a restart helps until the next night."
    html = render_post(body).html
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(email=f"bench{i}@example.com", handle=f"bench{i}", display_name=f"Bench {i}") for i in range(50)]
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
        )
        group = Group.objects.get_or_create(name=Role.MEMBER.value)[0]
        User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=group.pk) for u in users])
        category = Category.objects.create(slug="help", name="Help", name_en="Help", name_de="Hilfe")
        made = Question.objects.bulk_create(
            [
                Question(
                    author=users[i % len(users)],
                    category=category,
                    title=f"Why does my router drop the connection at night, case {i}?",
                    body=body,
                    body_html=html,
                    excerpt=body[:200],
                    answer_count=1,
                )
                for i in range(questions)
            ]
        )
        Answer.objects.bulk_create(
            [
                Answer(question=q, author=users[(i + 1) % len(users)], body=body, body_html=html)
                for i, q in enumerate(made)
            ]
        )
        WebhookEndpoint.objects.create(name="Bench receiver", url=url, secret=SECRET, events=["answer.accepted"])


def _accept_and_time(worker, question) -> float:
    from forum import services
    from helpdesk.models import WebhookDelivery

    answer = question.answers.order_by("id").first()
    services.accept_answer(answer=answer, by=question.author)

    def delivered():
        return (
            WebhookDelivery.objects.filter(payload__data__answer__id=answer.pk, status="delivered")
            .values_list("occurred_at", "delivered_at")
            .first()
        )

    wait_for(delivered, worker, TIMEOUT, f"before the accept on question {question.pk} was delivered")
    occurred_at, delivered_at = delivered()
    return (delivered_at - occurred_at).total_seconds()


def warm_up(worker) -> None:
    from forum.models import Question

    print("Starting the worker (warm-up: one accept) ...", flush=True)
    _accept_and_time(worker, Question.objects.select_related("author").order_by("-id").first())


def measure(worker, n: int) -> list[float]:
    from tqdm import tqdm

    from forum.models import Question

    delays = []
    for question in tqdm(
        list(Question.objects.select_related("author").order_by("id")[:n]), desc="accept", unit="accept"
    ):
        delays.append(_accept_and_time(worker, question))
        time.sleep(POLL_SECONDS)
    return delays


def breakdown() -> None:
    """Where the time of the last accept went: each hand-off of that accept, when the worker began and ended it."""
    from community.models import Handoff
    from helpdesk.models import WebhookDelivery

    delivery = WebhookDelivery.objects.order_by("-pk").first()
    start = delivery.occurred_at
    rows = Handoff.objects.filter(created_at__gte=start).order_by("started_at")
    print("\nThe last accept's hand-offs (ms after the event; one worker runs them one after the other):")
    for row in rows:
        began = (row.started_at - start).total_seconds() * 1000 if row.started_at else float("nan")
        ended = (row.done_at - start).total_seconds() * 1000 if row.done_at else float("nan")
        print(f"  {row.task:50} started {began:7.0f}   done {ended:7.0f}")
    print(f"  {'(webhook delivered)':50} {'':15} {(delivery.delivered_at - start).total_seconds() * 1000:7.0f}")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except Exception:
        print(log_tail(), file=sys.stderr)
        raise
