"""Outgoing mail when no EMAIL_URL is set: one .eml file per message under var/mail/.

Django's file backend appends every message of a connection to one .log file; a person trying
Peerdesk locally wants to open each message in a mail program, so each gets its own file, named by
its delivery key when the sender gives one (header X-Peerdesk-Delivery: the same delivery sent twice
after a crash writes the same file) and by time otherwise.
"""

import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


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
