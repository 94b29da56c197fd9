"""HMAC-SHA256 signatures with a timestamp, for what goes to a helpdesk and what it reports back.

The signed text is "<timestamp>.<body>", so a captured request cannot be replayed later with another
time; the receiver refuses a timestamp older than TOLERANCE_SECONDS. Headers:

    X-Peerdesk-Timestamp: 1765130000
    X-Peerdesk-Signature: sha256=<hex digest>
"""

import hashlib
import hmac
import time

TIMESTAMP_HEADER = "X-Peerdesk-Timestamp"
SIGNATURE_HEADER = "X-Peerdesk-Signature"
TOLERANCE_SECONDS = 300


class BadSignature(Exception):
    """The request is not from whom it claims, or too old: it changes nothing."""


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def headers_for(secret: str, body: bytes, *, now: float | None = None) -> dict[str, str]:
    """The headers that sign `body` now."""
    timestamp = int(now if now is not None else time.time())
    return {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: signature(secret, timestamp, body)}


def verify(secret: str, body: bytes, headers, *, now: float | None = None) -> None:
    """Raise BadSignature unless `headers` sign `body` with `secret` within the tolerance."""
    timestamp, given = headers.get(TIMESTAMP_HEADER, ""), headers.get(SIGNATURE_HEADER, "")
    if not timestamp.isdigit() or not given:
        raise BadSignature("missing timestamp or signature")
    if abs((now if now is not None else time.time()) - int(timestamp)) > TOLERANCE_SECONDS:
        raise BadSignature("timestamp too old or in the future")
    if not hmac.compare_digest(signature(secret, timestamp, body), given):
        raise BadSignature("signature does not match")
