"""Outgoing mail: how every mail names the site, and where mail goes when no EMAIL_URL is set.

Every mail, allauth's and ours, is subject-prefixed and signed with SITE_NAME, read when the mail is made.

Without EMAIL_URL, each message becomes one .eml file under var/mail/. Django's file backend appends
every message of a connection to one .log file; a person trying Peerdesk locally wants to open each
message in a mail program, so each gets its own file, named by its delivery key when the sender gives
one (header X-Peerdesk-Delivery: the same delivery sent twice after a crash writes the same file) and
by time otherwise.
"""

import re
import uuid
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class Site(NamedTuple):
    name: str
    domain: str


def site() -> Site:
    """The site as mails name it: SITE_NAME at the host of SITE_URL, whatever host a request came to."""
    return Site(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def subject(text: str) -> str:
    return f"[{settings.SITE_NAME}] {text}"


class EmlFileBackend(BaseEmailBackend):
    def __init__(self, *args, file_path: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            mime = message.message()
            key = message.extra_headers.get("X-Peerdesk-Delivery")
            if key:
                name = f"delivery-{re.sub(r'[^A-Za-z0-9_-]+', '-', str(key))}.eml"
            else:
                name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:12]}.eml"
            (self.folder / name).write_bytes(mime.as_bytes(linesep="\r\n"))
            sent += 1
        return sent
