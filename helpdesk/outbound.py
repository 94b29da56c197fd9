"""One signed POST to a helpdesk or a webhook endpoint: what Celery tasks send, never a request.

The body is JSON, signed with helpdesk.signing (HMAC-SHA256 over "<timestamp>.<body>"), so the
receiver can check who sent it and when. The wait is short and bounded (connect, then read, from
settings) because a slow receiver must hold up no worker for long: the caller retries later.
"""

import json
import time

import requests
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from . import signing

USER_AGENT = "Peerdesk-Webhooks/1.0"
EVENT_HEADER = "X-Peerdesk-Event"
DELIVERY_HEADER = "X-Peerdesk-Delivery"
MAX_ANSWER_BYTES = 64 * 1024  # an answer names a ticket; anything longer is cut, not read into memory


class SendFailed(Exception):
    """The receiver could not be reached or did not answer in time; the message says why, for the log."""


def body_of(payload: dict) -> bytes:
    """The exact bytes that are signed and sent."""
    return json.dumps(payload, cls=DjangoJSONEncoder, separators=(",", ":"), ensure_ascii=False).encode()


def post(url: str, *, secret: str, event: str, delivery_id: str, payload: dict) -> tuple[int, str]:
    """POST `payload` signed with `secret`; returns (status code, answer text) or raises SendFailed."""
    body = body_of(payload)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        EVENT_HEADER: event,
        DELIVERY_HEADER: str(delivery_id),
        **signing.headers_for(secret, body),
    }
    connect, read = settings.HELPDESK_OUTBOUND_CONNECT_TIMEOUT, settings.HELPDESK_OUTBOUND_READ_TIMEOUT
    # The read timeout is per chunk; a receiver that trickles its answer is cut off at the whole budget.
    deadline = time.monotonic() + connect + read
    try:
        with requests.post(
            url, data=body, headers=headers, timeout=(connect, read), stream=True, allow_redirects=False
        ) as response:
            chunks, size = [], 0
            for chunk in response.iter_content(chunk_size=8192):
                chunks.append(chunk)
                size += len(chunk)
                if size >= MAX_ANSWER_BYTES:
                    break
                if time.monotonic() > deadline:
                    raise SendFailed(f"the answer took longer than {connect + read:g} s")
            text = b"".join(chunks)[:MAX_ANSWER_BYTES].decode(response.encoding or "utf-8", errors="replace")
            return response.status_code, text
    except requests.Timeout:
        raise SendFailed(f"no answer within {connect + read:g} s") from None
    except requests.ConnectionError as error:
        raise SendFailed(f"could not connect: {_short(error)}") from None
    except requests.RequestException as error:
        raise SendFailed(f"request failed: {_short(error)}") from None


def _short(error: Exception) -> str:
    return str(error)[:200]
