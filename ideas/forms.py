"""Forms parse what people type; the services decide what is allowed and say why not."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BODY_MAX, COMMENT_MAX, RESPONSE_MAX, TITLE_MAX, Idea, ProductArea


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ProductArea) -> str:
        return obj.name


class IdeaForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        help_text=_("What should the product do? One sentence (10 to 150 characters)."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label=_("Description"),
        max_length=BODY_MAX,
        help_text=_("What would you use it for, and what do you do today instead? Markdown works."),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    area = AreaChoiceField(
        label=_("Product area"), queryset=ProductArea.objects.all(), required=False, empty_label=_("Not sure")
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        help_text=_("Up to 5 words, separated by commas, e.g. “export, invoice”."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "tag-options"}),
    )


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    parent = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)


class EditCommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 5}))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Idea.Status.choices)
    response = forms.CharField(
        label=_("Official response"),
        required=False,
        max_length=RESPONSE_MAX,
        help_text=_("Optional. Shown on the idea as the team's answer; the author, voters and followers are told."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("Merge into the idea"),
        max_length=300,
        help_text=_("Its address or its number, e.g. “/ideas/42/…” or “42”."),
    )


class LinkThreadForm(forms.Form):
    thread = forms.CharField(
        label=_("Forum thread"),
        max_length=300,
        help_text=_("Its address or its number, e.g. “/q/42/…” or “42”."),
    )
