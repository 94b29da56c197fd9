"""Customer data left out of what an agent publishes from a ticket: email addresses, phone numbers, IBANs
and the customer's name, each replaced by a marker, with a list of what was removed for the agent to see.

Patterns err on the side of removing: a published answer that lost a number an agent meant to keep is
edited in a minute; a customer's phone number on a public page is not taken back.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Two letters, two check digits, then 10 to 30 letters and digits, often in groups of four.
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
# A number as people write phones: starts with +, 00 or 0 (a national prefix), digits in groups.
PHONE = re.compile(r"(?<![\w.+])(?:\+|\(?0)\d[\d ()/.-]{5,}\d(?![\w])")
DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{2,4}$")  # 05.01.2024 looks like a phone; it is a date

KINDS = {
    "email": gettext_lazy("email address"),
    "phone": gettext_lazy("phone number"),
    "iban": gettext_lazy("IBAN"),
    "name": gettext_lazy("customer name"),
}


@dataclass
class Redacted:
    text: str
    removed: list[tuple[str, str]] = field(default_factory=list)  # (kind, what was there)


def _phone(match: re.Match) -> bool:
    value = match.group(0)
    digits = sum(c.isdigit() for c in value)
    return 7 <= digits <= 15 and not DATE.match(value.strip())


def _names(customer_name: str) -> list[str]:
    """The full name and each part of it of three letters or more, longest first (so the full name goes whole)."""
    name = " ".join((customer_name or "").split())
    if not name:
        return []
    parts = {name} | {part.strip(".,") for part in name.split(" ") if len(part.strip(".,")) >= 3}
    return sorted(parts, key=len, reverse=True)


def redact(text: str, *, customer_name: str = "") -> Redacted:
    """`text` with customer data replaced by "[removed]" (in the active language), and what was removed."""
    marker = _("[removed]")
    removed: list[tuple[str, str]] = []

    def replace(kind: str, keep=None):
        def sub(match: re.Match) -> str:
            if keep is not None and not keep(match):
                return match.group(0)
            removed.append((kind, match.group(0)))
            return marker

        return sub

    text = text or ""
    text = EMAIL.sub(replace("email"), text)
    text = IBAN.sub(replace("iban", lambda m: any(c.isdigit() for c in m.group(0)[4:]) and len(m.group(0)) >= 15), text)
    text = PHONE.sub(replace("phone", _phone), text)
    for name in _names(customer_name):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", replace("name"), text, flags=re.I)
    return Redacted(text=text, removed=removed)


def describe(removed: list[tuple[str, str]]) -> list[str]:
    """What was removed, one line each, for the agent: "phone number: +49 30 1234567"."""
    return [_("%(kind)s: %(value)s") % {"kind": KINDS[kind], "value": value} for kind, value in removed]
