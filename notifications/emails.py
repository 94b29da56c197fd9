"""Notification emails: HTML and plain text, in the recipient's language, with a one-click unsubscribe,
signed and subject-prefixed with the site's name like the account mails."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from community import mail
from community.accounts.models import User

from . import kinds
from .models import Delivery

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 120  # a link in an old mail keeps working for four months


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, kind) from a token; raises signing.BadSignature (or SignatureExpired) when it is not ours."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    return int(data["u"]), str(data["k"])


def absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


def _message(recipient: User, subject: str, template: str, context: dict, kind: str, delivery_key: str):
    unsubscribe_url = absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(recipient.pk, kind)]))
    context = {
        **context,
        "recipient": recipient,
        "unsubscribe_url": unsubscribe_url,
        "site_url": settings.SITE_URL,
        "site_name": settings.SITE_NAME,
        "settings_url": absolute(reverse("notifications:preferences")),
    }
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=mail.subject(subject),
        body=text,
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Peerdesk-Delivery": delivery_key,
            # Stable per delivery: a copy sent again after a crash is the same message to any mail program.
            "Message-ID": f"<{delivery_key}@{urlsplit(settings.SITE_URL).hostname or 'peerdesk'}>",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def notification_email(delivery: Delivery) -> EmailMultiAlternatives:
    """The email for one delivery, written in its recipient's language and time zone."""
    recipient = delivery.recipient
    payload = delivery.payload
    kind = kinds.get(delivery.kind)
    with translation.override(recipient.language), timezone.override(recipient.time_zone):
        line = kind.describe(1, payload)
        context = {
            "line": line,
            "title": payload.get("title", ""),
            "url": absolute(payload.get("url", "/")),
            "excerpt": payload.get("excerpt", ""),
            "kind_label": kind.label,
        }
        return _message(recipient, line, "notification", context, delivery.kind, f"{delivery.pk}-{delivery.key}")


def digest_email(recipient: User, *, frequency: str, items: list[dict], questions: list, key: str):
    with translation.override(recipient.language), timezone.override(recipient.time_zone):
        subject = (
            translation.gettext("Your daily digest")
            if frequency == "daily"
            else translation.gettext("Your weekly digest")
        )
        for item in items:
            item["line"] = kinds.get(item["kind"]).describe(item.get("count", 1), item)
            item["url"] = absolute(item["url"])
        context = {
            "items": items,
            "questions": [(q.title, absolute(q.get_absolute_url())) for q in questions],
            "frequency": frequency,
        }
        return _message(recipient, subject, "digest", context, f"digest_{frequency}", key)
