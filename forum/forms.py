"""Forms parse what people type; the services decide what is allowed and say why not."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .kernel.forms import QuestionReferenceField, markdown_field, tags_field, title_field
from .models import BODY_MAX, REPLY_MAX, TITLE_MAX, Category, Question


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.name

    def offer(self, categories) -> None:
        """List only these; any category of the queryset is still accepted, so the service can say why not."""
        empty = [("", self.empty_label)] if self.empty_label is not None else []
        self.widget.choices = [*empty, *((category.pk, self.label_from_instance(category)) for category in categories)]


class AskForm(forms.Form):
    title = title_field(
        max_length=TITLE_MAX,
        help_text=_("Your question in one sentence, like you would ask a colleague (10 to 150 characters)."),
    )
    body = markdown_field(
        label=_("Details"),
        max_length=BODY_MAX,
        rows=10,
        help_text=_("What did you try, what happened, what did you expect? Markdown works."),
    )
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        empty_label=_("Choose a category"),
        error_messages={"required": _("Choose the category your question belongs in.")},
    )
    tags = tags_field(help_text=_("Up to 5 words, separated by commas, e.g. “invoice, login”."))
    language = forms.ChoiceField(label=_("Language of your question"), choices=Question.Language.choices)

    def __init__(self, *args, categories=None, offered=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories if categories is not None else Category.objects.all()
        if offered is not None:
            self.fields["category"].offer(offered)


class EditQuestionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = markdown_field(label=_("Details"), max_length=BODY_MAX, rows=12)
    tags = tags_field()
    note = forms.CharField(
        label=_("What did you change?"), required=False, max_length=200, help_text=_("Optional, shown in the history.")
    )


class RetagForm(forms.Form):
    tags = tags_field()


class AnswerForm(forms.Form):
    body = markdown_field(
        label=_("Your answer"), max_length=BODY_MAX, rows=8, help_text=_("Markdown works. Be kind and specific.")
    )


class EditAnswerForm(forms.Form):
    body = markdown_field(label=_("Answer"), max_length=BODY_MAX, rows=12)
    note = forms.CharField(
        label=_("What did you change?"), required=False, max_length=200, help_text=_("Optional, shown in the history.")
    )


class ReplyForm(forms.Form):
    body = markdown_field(label=_("Your reply"), max_length=REPLY_MAX, rows=3)
    answer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EditReplyForm(forms.Form):
    body = markdown_field(label=_("Reply"), max_length=REPLY_MAX, rows=4)


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why close it?"),
        choices=[(value, label) for value, label in Question.CloseReason.choices if value != "duplicate"],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("A note for the asker"), required=False, max_length=300)


class DuplicateForm(forms.Form):
    original = QuestionReferenceField(label=_("The original question"))


class PinForm(forms.Form):
    announce_until = forms.DateTimeField(
        label=_("Also show a banner on every page until"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to pin it on top of the lists only."),
    )


class MoveForm(forms.Form):
    category = CategoryChoiceField(label=_("Move to"), queryset=Category.objects.all(), empty_label=None)


class ArticleForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        max_length=20_000,
        help_text=_("Markdown. Readers see this first; the thread stays linked below."),
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    note = forms.CharField(label=_("What did you change?"), required=False, max_length=200)
