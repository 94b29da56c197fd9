"""A webhook receiver for tests: a real HTTP server on 127.0.0.1 in a thread that checks every signature."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from helpdesk import signing


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes
    verified: bool
    error: str = ""

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers every POST with `status` and `answer` after `delay` seconds; records what came and whether
    `secret` signs it (helpdesk.signing.verify, as a helpdesk would check it)."""

    secret: str = "receiver-secret"
    status: int = 200
    answer: bytes = b'{"ok": true}'
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)

    def __post_init__(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = dict(self.headers.items())
                try:
                    signing.verify(receiver.secret, body, headers)
                    verified, error = True, ""
                except signing.BadSignature as bad:
                    verified, error = False, str(bad)
                receiver.received.append(Received(self.path, headers, body, verified, error))
                if receiver.delay:
                    time.sleep(receiver.delay)
                try:
                    self.send_response(receiver.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(receiver.answer)))
                    self.end_headers()
                    self.wfile.write(receiver.answer)
                except OSError:
                    pass  # the sender gave up waiting: what a slow helpdesk sees

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hook"

    def start(self) -> "Receiver":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
