"""The fields every kind of post's form shares: a title, a Markdown text, tags (templates/forum/kernel/ shows them)."""

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
