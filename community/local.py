"""`make run` and `make test`: one Python process that owns the local database and its children.

    python -m community.local run             database, migrations, demo data, web + worker + beat
    python -m community.local test [-- ARGS]   database, then pytest ARGS

With DATABASE_URL set, that server is used and nothing is started. Otherwise the embedded
PostgreSQL under var/pg is started here and stopped here, on Ctrl-C, SIGTERM or a crash of a child,
because it runs in a session of its own that no terminal signal reaches.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

from community import embedded

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
    with database() as server:
        if command == "run":
            return run(server)
        return subprocess.call([sys.executable, "-m", "pytest", *rest])


@contextmanager
def database():
    """Yield the embedded server (None when DATABASE_URL names another) and stop it if started here."""
    if os.environ.get("DATABASE_URL"):
        yield None
        return
    try:
        server = embedded.start()
    except Exception as error:
        print(f"The embedded PostgreSQL did not start: {error}\n{embedded.log_tail()}", file=sys.stderr)
        raise SystemExit(1) from error
    os.environ["DATABASE_URL"] = server.url()
    try:
        yield server
    finally:
        if server.started_here:
            # A second Ctrl-C while stopping must not leave the server running.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            embedded.stop()
            print("embedded PostgreSQL stopped")


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], check=True)


def run(server: embedded.Server | None) -> int:
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
        print(f"Setting up the database failed ({error}).", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    from honcho.manager import Manager

    manager = Manager()
    python = sys.executable
    manager.add_process("web", f"{python} manage.py runserver --noreload {HOST}:{PORT}")
    # A thread pool: one process, so Ctrl-C ends it at once; production runs prefork workers.
    manager.add_process(
        "worker", f"{python} -m celery -A community worker --loglevel INFO --pool threads --concurrency 4"
    )
    manager.add_process(
        "beat",
        f"{python} -m celery -A community beat --loglevel INFO --schedule {embedded.VAR_DIR / 'celerybeat-schedule'}",
    )
    crashed = threading.Event()
    if server is not None:
        threading.Thread(target=watch_database, args=(server, manager, crashed), daemon=True).start()
    threading.Thread(target=announce_when_ready, args=(logins,), daemon=True).start()
    manager.loop()
    if crashed.is_set():
        print(
            f"\nThe embedded PostgreSQL stopped unexpectedly. Its log ends:\n{embedded.log_tail()}",
            file=sys.stderr,
        )
        return 1
    # Ctrl-C or SIGTERM is how a person stops it: a clean stop, not an error.
    return 0 if manager.returncode in (None, 0, 130, 143) else manager.returncode


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


def watch_database(server: embedded.Server, manager, crashed: threading.Event) -> None:
    """Stop everything, loudly, if the database dies under the running site."""
    while True:
        time.sleep(1)
        # The server is stopped only after the manager's loop ends, so while it runs a missing
        # server is a crash.
        if embedded.running_server() is None:
            crashed.set()
            manager.terminate()
            return


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
