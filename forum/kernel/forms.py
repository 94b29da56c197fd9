"""The fields every kind of post's form shares: a title, a Markdown text, tags (templates/forum/kernel/ shows them),
and another post named by its address or number."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _


def title_field(*, max_length: int, help_text="") -> forms.CharField:
    """A post's title, one line; the browser offers nothing of its own (similar posts show under it instead)."""
    return forms.CharField(
        label=_("Title"),
        max_length=max_length,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def markdown_field(*, label, max_length: int, rows: int, help_text="", required: bool = True) -> forms.CharField:
    """A post's text in Markdown, in a box of `rows` lines."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def tags_field(*, help_text="") -> forms.CharField:
    """A post's tags, separated by commas; existing ones are offered in the datalist "tag-options"."""
    return forms.CharField(
        label=_("Tags"),
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "tag-options"}),
    )


class PostReferenceField(forms.CharField):
    """Another post, named by its address or its number ("/q/42/…", "42", "#42"): cleans to the number, or
    to None when the text names none (the service then says which post it needs)."""

    def __init__(self, *, prefix: str, **kwargs):
        super().__init__(max_length=300, **kwargs)
        self.prefix = prefix

    def clean(self, value) -> int | None:
        return post_number(super().clean(value), self.prefix)


class QuestionReferenceField(PostReferenceField):
    """A forum question, named by its address or its number."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Its address or its number, e.g. “/q/42/…” or “42”."))
        super().__init__(prefix="/q/", **kwargs)


def post_number(text: str, prefix: str) -> int | None:
    """The number in "42", "#42" or an address like `prefix` + "42/slug/"; None when there is none."""
    text = (text or "").strip()
    match = re.search(rf"{re.escape(prefix)}(\d+)", text) or re.fullmatch(r"#?(\d+)", text)
    if not match or len(match.group(1)) > 12:
        return None
    return int(match.group(1))
