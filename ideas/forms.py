"""Forms parse what people type; the services decide what is allowed and say why not."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.kernel.forms import PostReferenceField, QuestionReferenceField, markdown_field, tags_field, title_field

from .models import BODY_MAX, COMMENT_MAX, RESPONSE_MAX, TITLE_MAX, Idea, ProductArea


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ProductArea) -> str:
        return obj.name


class IdeaForm(forms.Form):
    title = title_field(
        max_length=TITLE_MAX, help_text=_("What should the product do? One sentence (10 to 150 characters).")
    )
    body = markdown_field(
        label=_("Description"),
        max_length=BODY_MAX,
        rows=10,
        help_text=_("What would you use it for, and what do you do today instead? Markdown works."),
    )
    area = AreaChoiceField(
        label=_("Product area"), queryset=ProductArea.objects.all(), required=False, empty_label=_("Not sure")
    )
    tags = tags_field(help_text=_("Up to 5 words, separated by commas, e.g. “export, invoice”."))


class CommentForm(forms.Form):
    body = markdown_field(label=_("Your comment"), max_length=COMMENT_MAX, rows=4)
    parent = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)


class EditCommentForm(forms.Form):
    body = markdown_field(label=_("Comment"), max_length=COMMENT_MAX, rows=5)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Idea.Status.choices)
    response = markdown_field(
        label=_("Official response"),
        max_length=RESPONSE_MAX,
        rows=5,
        help_text=_("Optional. Shown on the idea as the team's answer; the author, voters and followers are told."),
        required=False,
    )


class MergeForm(forms.Form):
    into = PostReferenceField(
        prefix="/ideas/",
        label=_("Merge into the idea"),
        help_text=_("Its address or its number, e.g. “/ideas/42/…” or “42”."),
    )


class LinkThreadForm(forms.Form):
    thread = QuestionReferenceField(label=_("Forum thread"))
