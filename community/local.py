"""`make run` and `make test`: one Python process that owns the local servers and its children.

    python -m community.local run             database, Redis, migrations, demo data, web + worker + beat
    python -m community.local test [-- ARGS]   database, Redis, then pytest ARGS

With DATABASE_URL set, that server is used and no PostgreSQL is started; with REDIS_URL set, no Redis.
Otherwise the embedded PostgreSQL under var/pg and the embedded Redis under var/redis are started here
and stopped here, on Ctrl-C, SIGTERM or a crash of a child, because they run in sessions of their own
that no terminal signal reaches. When any process dies under the running site, this one says which
and why, and stops the rest.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from contextlib import contextmanager

from honcho.manager import Manager
from honcho.printer import Printer

from community import embedded, embedded_redis, queues

HOST, PORT = "127.0.0.1", int(os.environ.get("PORT", "8000"))


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if rest[:1] == ["--"]:
        rest = rest[1:]
    os.chdir(embedded.BASE_DIR)
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    # SIGTERM (a `timeout`, a service manager) and SIGHUP (a closed terminal) end this process the way
    # Ctrl-C does, through the `finally` that stops the servers; by default they would skip it.
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, _exit_on_signal)
    # The tests use a database of their own on the embedded Redis, so a `make test` beside a running
    # `make run` never hands its tasks to the site's worker.
    with database() as server, redis_server(db=0 if command == "run" else 1) as broker:
        if command == "run":
            return run(server, broker)
        return subprocess.call([sys.executable, "-m", "pytest", *rest])


def _exit_on_signal(number, frame) -> None:
    if _held is not None:
        _held.append(number)
        return
    raise SystemExit(128 + number)


# SIGTERM and SIGHUP that arrive while a server starts wait until its `try` is entered: landing between
# the start and the `try`, they would end this process without the `finally` and leave the server running.
# (Blocking them with a signal mask would not do: the servers started meanwhile would inherit the mask.)
_held: list[int] | None = None


def _hold_signals() -> None:
    global _held
    _held = []


def _land_held_signals() -> None:
    global _held
    held, _held = _held or [], None
    if held:
        raise SystemExit(128 + held[0])


@contextmanager
def database():
    """Yield the embedded server (None when DATABASE_URL names another) and stop it if started here."""
    if os.environ.get("DATABASE_URL"):
        yield None
        return
    _hold_signals()
    try:
        server = embedded.start()
    except Exception as error:
        print(f"The embedded PostgreSQL did not start: {error}\n{embedded.log_tail()}", file=sys.stderr)
        _land_held_signals()
        raise SystemExit(1) from error
    try:
        os.environ["DATABASE_URL"] = server.url()
        _land_held_signals()
        yield server
    finally:
        if server.started_here:
            # A second Ctrl-C while stopping must not leave the server running.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            embedded.stop()
            print("embedded PostgreSQL stopped")


@contextmanager
def redis_server(*, db: int):
    """Yield the embedded Redis (None when REDIS_URL names another) and stop it if started here."""
    if os.environ.get("REDIS_URL"):
        yield None
        return
    _hold_signals()
    try:
        server = embedded_redis.start()
    except Exception as error:
        print(f"The embedded Redis did not start: {error}\n{embedded_redis.log_tail()}", file=sys.stderr)
        _land_held_signals()
        raise SystemExit(1) from error
    try:
        os.environ["REDIS_URL"] = embedded_redis.url(db=db)
        _land_held_signals()
        yield server
    finally:
        if server.started_here:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            embedded_redis.stop()
            print("embedded Redis stopped")


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], check=True)


def run(server: embedded.Server | None, broker: embedded_redis.Server | None) -> int:
    os.environ.setdefault("DEBUG", "1")  # the local profile; production is DEBUG=0 plus the environment
    try:
        manage("migrate", "--noinput", "-v", "0")
        logins = subprocess.run(
            [sys.executable, "manage.py", "seed_demo", "--if-empty"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    except subprocess.CalledProcessError as error:
        print(f"Setting up the database failed ({error}).\n{error.stderr or ''}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    supervisor = Supervisor()
    python = sys.executable
    # `exec`: honcho runs each command through a shell; without it a signal would end the shell, not the
    # program, and the exit status would describe the shell.
    supervisor.add_process("web", f"exec {python} manage.py runserver --noreload {HOST}:{PORT}")
    # A thread pool: one process, so Ctrl-C ends it at once; production runs prefork workers, per queue.
    supervisor.add_process(
        "worker",
        f"exec {python} -m celery -A community worker --loglevel INFO --pool threads --concurrency 4"
        f" --queues {','.join(queues.QUEUES)}",
    )
    supervisor.add_process(
        "beat",
        f"exec {python} -m celery -A community beat --loglevel INFO"
        f" --schedule {embedded.VAR_DIR / 'celerybeat-schedule'}",
    )
    servers = []
    if server is not None:
        servers.append(("The embedded PostgreSQL", lambda: embedded.running_server() is not None, embedded.log_tail))
    if broker is not None:
        servers.append(
            ("The embedded Redis", lambda: embedded_redis.running_server() is not None, embedded_redis.log_tail)
        )
    threading.Thread(target=watch_servers, args=(servers, supervisor), daemon=True).start()
    threading.Thread(target=announce_when_ready, args=(logins,), daemon=True).start()
    supervisor.loop()
    if supervisor.failure:
        print(f"\n{supervisor.failure}", file=sys.stderr, flush=True)
        return 1
    # Ctrl-C or SIGTERM is how a person stops it: a clean stop, not an error.
    return 0 if supervisor.returncode in (None, 0, 130, 143) else supervisor.returncode


class TailPrinter(Printer):
    """Honcho's console output, keeping each process's last lines to quote when it dies."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tails: dict[str, deque[str]] = {}

    def write(self, message):
        data = message.data.decode("utf-8", "replace") if isinstance(message.data, bytes) else message.data
        self.tails.setdefault(message.name, deque(maxlen=TAIL_LINES)).extend(data.splitlines())
        super().write(message)


class Supervisor(Manager):
    """Honcho's manager, which stops everything when one process ends, and says which ended and why."""

    def __init__(self):
        super().__init__(printer=TailPrinter(sys.stdout))
        self.failure = ""

    def fail(self, message: str) -> None:
        """Stop everything because of `message` (a server died under the site)."""
        if not self.failure and not self._terminating:
            self.failure = message
        self.terminate()

    def terminate(self):
        # Honcho terminates the rest when a process ends. A Ctrl-C or SIGTERM sets the return code
        # before it gets here; a process that ended on its own has one of its own and no signal came.
        if not self._terminating and not self.failure:
            ended = [(name, p["returncode"]) for name, p in self._processes.items() if "returncode" in p]
            if ended and self.returncode not in (130, 143):
                name, code = ended[0]
                lines = "\n".join(f"  {line}" for line in self._printer.tails.get(name, ()))
                self.failure = (
                    f"{PROCESS_NAMES.get(name, name)} stopped unexpectedly ({describe_exit(code)}); "
                    f"everything else was stopped. Its last lines:\n{lines or '  (no output)'}"
                )
        super().terminate()


TAIL_LINES = 15
PROCESS_NAMES = {"web": "The web server", "worker": "The Celery worker", "beat": "Celery beat"}


def describe_exit(code: int | None) -> str:
    """An exit status in words: `exit code 1`, `killed by SIGKILL`."""
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def announce_when_ready(logins: str) -> None:
    """Print the address and the demo logins once the web server answers, below the start-up noise."""
    from urllib.request import urlopen

    for _ in range(120):
        try:
            with urlopen(f"http://{HOST}:{PORT}/healthz", timeout=2):
                break
        except OSError:
            time.sleep(0.5)
    mail = (
        "" if os.environ.get("EMAIL_URL") else "\n  Outgoing email is written to var/mail/ (one .eml file per message)."
    )
    print(
        f"\n  Peerdesk is ready: http://{HOST}:{PORT}/   (Ctrl-C stops everything)\n{logins.rstrip()}{mail}\n",
        flush=True,
    )


def watch_servers(servers, supervisor) -> None:
    """Stop everything, loudly, if a server dies under the running site."""
    while True:
        time.sleep(1)
        # The servers are stopped only after the supervisor's loop ends, so while it runs a missing one
        # is a crash.
        for name, alive, log_tail in servers:
            if not alive():
                supervisor.fail(
                    f"{name} stopped unexpectedly; everything else was stopped. Its log ends:\n{log_tail()}"
                )
                return


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
