"""The mixed workload of the load and fault benchmarks: people reading and writing over real HTTP.

80% anonymous reads, 15% signed-in reads, 5% writes (ask, answer, reply, vote, accept, idea vote), each write a
real form post with the CSRF token its page gave. Every connection is one thread with its own people, so a
person's state (their questions, what they voted for) needs no lock. Each request is recorded with its kind,
status and time; a write the server took (2xx/3xx) is remembered with what identifies it in the database,
a write it refused (4xx) is counted with the reason it gave.
"""

from __future__ import annotations

import http.client
import json
import random
import re
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from .web import HOST

SHARES = (("anonymous read", 0.80), ("signed-in read", 0.15), ("write", 0.05))
WRITES = (("answer", 25), ("reply", 20), ("vote", 25), ("ask", 10), ("accept", 10), ("idea vote", 10))
TIMEOUT_SECONDS = 30
PASSWORD = "bench-password-123"
VOCABULARY = ("router", "password", "invoice", "restart", "firmware", "modem", "settings", "account", "support")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ACCEPT = re.compile(r'action="/answers/(\d+)/accept/"')
ERRORS = re.compile(r'<ul class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', re.S)


@dataclass
class Person:
    user_id: int
    email: str = ""
    cookies: dict[str, str] = field(default_factory=dict)  # the session's among them once signed in
    token: str = ""
    asked: list[int] = field(default_factory=list)  # questions asked in this run, for accepting
    accepted: set[int] = field(default_factory=set)
    voted: set[tuple[str, int]] = field(default_factory=set)


@dataclass
class Targets:
    """What there is to read and write on, read from the database once before the run."""

    questions: list[str]
    question_ids: list[int]
    answer_ids: list[int]
    ideas: list[tuple[int, str]]
    lists: list[str]
    category_ids: list[int]
    fresh_questions: list[int] = field(default_factory=list)  # asked in this run: answered by others


def prepare(writers: int) -> tuple[Targets, list[Person]]:
    """`writers` members of long standing (no new-member limits) with sessions, and what the pages are."""
    from datetime import timedelta

    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from community.accounts.models import Role, User
    from forum.models import Answer, Category, Question
    from ideas.models import Idea

    from .web import session_for

    prefix = f"load{uuid.uuid4().hex[:6]}"
    # Long-standing members (no new-member limits), with the password the fault bench signs in with (one hash:
    # it is slow on purpose). Set before the sessions are made: a session carries a hash of the password.
    joined, password = timezone.now() - timedelta(days=90), make_password(PASSWORD)
    users = User.objects.bulk_create(
        [
            User(
                email=f"{prefix}-{n}@example.test",
                handle=f"{prefix}{n}",
                display_name=f"Load {n}",
                date_joined=joined,
                password=password,
            )
            for n in range(writers)
        ]
    )
    EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users])
    member = Group.objects.get(name=Role.MEMBER.value)
    User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=member.pk) for u in users])
    people = [Person(user_id=u.pk, email=u.email, cookies={"sessionid": session_for(u)}) for u in users]

    questions = list(Question.objects.order_by("-last_activity_at")[:600])
    # Each writer asked one of the older questions (answered by others): theirs to accept an answer on, which
    # makes it a knowledge-base article.
    older = list(Question.objects.order_by("last_activity_at").values_list("pk", flat=True)[:writers])
    for person, question in zip(people, older, strict=False):
        Question.objects.filter(pk=question).update(author_id=person.user_id)
        person.asked.append(question)
    from .forum_content import CATEGORIES

    categories = list(Category.objects.filter(slug__in=[slug for slug, *_ in CATEGORIES]))  # the public ones
    tags = ["router", "billing", "wifi", "login", "invoice", "sim"]
    targets = Targets(
        questions=[q.get_absolute_url() for q in questions],
        question_ids=[q.pk for q in questions],
        answer_ids=list(Answer.objects.filter(question__in=questions).values_list("pk", flat=True)),
        ideas=[(i.pk, i.get_absolute_url()) for i in Idea.objects.order_by("-vote_count")[:300]],
        lists=["/", "/knowledge-base/", "/ideas/", "/ideas/roadmap/"]
        + [c.get_absolute_url() for c in categories]
        + [f"/tags/{t}/" for t in tags],
        category_ids=[c.pk for c in categories],
    )
    return targets, people


class Stats:
    """Every request's kind, status and time; accepted writes; refusals with their reasons."""

    def __init__(self):
        self.lock = threading.Lock()
        self.started = time.monotonic()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.refused: Counter = Counter()
        self.accepted: list[dict] = []
        self.timeline: list[tuple[float, float, str, int]] = []  # (sent, answered: seconds of the run, kind, status)
        self.odd: Counter = Counter()  # reads that did not answer 2xx/3xx: (status, path)
        self.recording = True

    def record(self, kind: str, status: int, seconds: float, path: str = "") -> None:
        with self.lock:
            answered = time.monotonic() - self.started
            self.timeline.append((answered - seconds, answered, kind, status))
            if kind != "write" and not 200 <= status < 400:
                self.odd[(status, path)] += 1
            if self.recording:
                self.times[kind].append(seconds * 1000)
                self.statuses[kind][status] += 1

    def write_taken(self, **what) -> None:
        with self.lock:
            self.accepted.append(what)

    def write_refused(self, kind: str, status: int, reason: str) -> None:
        with self.lock:
            self.refused[f"{kind} {status}: {reason[:90]}"] += 1


def send(port: int, method: str, path: str, person: Person | None, form: dict | None = None, htmx: bool = False):
    """One request on a fresh connection (gunicorn's sync workers close each): (status, headers, body)."""
    headers = {"Accept-Language": "en"}
    if person is not None and person.cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in person.cookies.items())
    body = None
    if form is not None:
        body = urlencode({**form, "csrfmiddlewaretoken": person.token})
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if htmx:
        headers["HX-Request"] = "true"
    connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_SECONDS)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        if person is not None:
            for value in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie(value)
                for name, morsel in cookie.items():
                    person.cookies[name] = morsel.value
        return response.status, response.headers, text
    except (OSError, http.client.HTTPException):
        return 0, {}, ""  # no answer at all: counted as an error
    finally:
        connection.close()


def timed(stats: Stats, kind: str, port: int, *args, **kwargs):
    started = time.perf_counter()
    answer = send(port, *args, **kwargs)
    stats.record(kind, answer[0], time.perf_counter() - started, args[1])
    return answer


def reason(headers, body: str) -> str:
    trigger = headers.get("HX-Trigger") if headers else None
    if trigger:
        try:
            return json.loads(trigger)["toast"]["message"]
        except (ValueError, KeyError, TypeError):
            pass
    found = ERRORS.search(body)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else "(no reason shown)"


class Visitor:
    """One connection: picks what to do, does it, records it."""

    def __init__(self, port: int, targets: Targets, people: list[Person], stats: Stats, seed: int):
        self.port, self.targets, self.people, self.stats = port, targets, people, stats
        self.rng = random.Random(seed)

    def loop(self, until: float, stop: threading.Event) -> None:
        kinds, weights = zip(*SHARES, strict=True)
        while time.monotonic() < until and not stop.is_set():
            kind = self.rng.choices(kinds, weights)[0]
            if kind == "anonymous read":
                timed(self.stats, kind, self.port, "GET", self.read_path(), None)
            elif kind == "signed-in read":
                timed(self.stats, kind, self.port, "GET", self.read_path(), self.rng.choice(self.people))
            else:
                self.write(self.rng.choice(self.people))

    def read_path(self) -> str:
        roll = self.rng.random()
        if roll < 0.55:
            return self.rng.choice(self.targets.questions)
        if roll < 0.65:
            return self.rng.choice(self.targets.ideas)[1]
        return self.rng.choice(self.targets.lists)

    def write(self, person: Person) -> None:
        if not person.token:  # the person opens the ask form once: the CSRF cookie and a token from the form
            status, _, body = timed(self.stats, "signed-in read", self.port, "GET", "/ask/", person)
            found = TOKEN.search(body)
            if status != 200 or not found:
                return
            person.token = found.group(1)
        names, weights = zip(*WRITES, strict=True)
        action = self.rng.choices(names, weights)[0]
        getattr(self, "write_" + action.replace(" ", "_"))(person)

    def post(self, action: str, person: Person, path: str, form: dict, htmx: bool = False) -> tuple[int, dict]:
        status, headers, body = timed(self.stats, "write", self.port, "POST", path, person, form, htmx)
        if 400 <= status < 500:
            self.stats.write_refused(action, status, reason(headers, body))
        return status, headers

    @staticmethod
    def taken(status: int) -> bool:
        return 200 <= status < 400

    def text(self, words: int) -> str:
        return " ".join(self.rng.choice(VOCABULARY) for _ in range(words))

    def write_ask(self, person: Person) -> None:
        mark = uuid.uuid4().hex[:12]
        form = {
            "title": f"Router keeps dropping the connection after the update {mark}",
            "body": f"{self.text(40)}. Reference {mark}.",
            "category": self.rng.choice(self.targets.category_ids),
            "tags": "router, wifi",
            "language": "en",
        }
        status, headers = self.post("ask", person, "/ask/", form)
        if self.taken(status):
            self.stats.write_taken(kind="ask", user_id=person.user_id, mark=mark)
            found = re.search(r"/q/(\d+)/", headers.get("Location", ""))
            if found:
                person.asked.append(int(found.group(1)))
                self.targets.fresh_questions.append(int(found.group(1)))

    def some_question(self) -> int:
        fresh = self.targets.fresh_questions
        if fresh and self.rng.random() < 0.5:
            return self.rng.choice(fresh[-50:])
        return self.rng.choice(self.targets.question_ids)

    def write_answer(self, person: Person) -> None:
        mark = uuid.uuid4().hex[:12]
        question = self.some_question()
        form = {"body": f"{self.text(25)}. Answer {mark}."}
        status, _ = self.post("answer", person, f"/questions/{question}/answer/", form)
        if self.taken(status):
            self.stats.write_taken(kind="answer", user_id=person.user_id, mark=mark, question=question)

    def write_reply(self, person: Person) -> None:
        mark = uuid.uuid4().hex[:12]
        question = self.some_question()
        status, _ = self.post("reply", person, f"/questions/{question}/reply/", {"body": f"Thanks! Reply {mark}."})
        if self.taken(status):
            self.stats.write_taken(kind="reply", user_id=person.user_id, mark=mark, question=question)

    def write_vote(self, person: Person) -> None:
        answer = self.rng.choice(self.targets.answer_ids)
        if ("answer", answer) in person.voted:
            return
        person.voted.add(("answer", answer))
        status, _ = self.post("vote", person, f"/answers/{answer}/vote/", {"value": "1"}, htmx=True)
        if self.taken(status):
            self.stats.write_taken(kind="vote", user_id=person.user_id, answer=answer)

    def write_idea_vote(self, person: Person) -> None:
        idea = self.rng.choice(self.targets.ideas)[0]
        if ("idea", idea) in person.voted:
            return
        person.voted.add(("idea", idea))
        status, _ = self.post("idea vote", person, f"/ideas/{idea}/vote/", {"value": "1"}, htmx=True)
        if self.taken(status):
            self.stats.write_taken(kind="idea vote", user_id=person.user_id, idea=idea)

    def write_accept(self, person: Person) -> None:
        waiting = [q for q in person.asked if q not in person.accepted]
        if not waiting:
            return self.write_answer(person)
        question = self.rng.choice(waiting)
        status, headers, body = timed(self.stats, "signed-in read", self.port, "GET", f"/q/{question}/", person)
        if status in (301, 302) and headers.get("Location"):
            where = headers["Location"].split("//", 1)[-1].partition("/")[2]
            status, _, body = timed(self.stats, "signed-in read", self.port, "GET", "/" + where, person)
        answers = ACCEPT.findall(body)
        if not answers:
            return None
        answer = int(self.rng.choice(answers))
        status, _ = self.post("accept", person, f"/answers/{answer}/accept/", {}, htmx=True)
        if self.taken(status):
            person.accepted.add(question)
            self.stats.write_taken(kind="accept", user_id=person.user_id, question=question, answer=answer)
        return None


def run(port: int, targets: Targets, people: list[Person], stats: Stats, *, seconds: float, connections: int,
        stop: threading.Event | None = None) -> float:  # fmt: skip
    """`connections` visitors for `seconds` (or until `stop`); the seconds it took."""
    stop = stop or threading.Event()
    until = time.monotonic() + seconds
    visitors = [Visitor(port, targets, people[n::connections], stats, seed=n) for n in range(connections)]
    threads = [threading.Thread(target=v.loop, args=(until, stop), daemon=True) for v in visitors]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started
