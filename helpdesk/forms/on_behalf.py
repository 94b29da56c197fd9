"""The forms an agent fills in to post a question or an answer for a customer who phoned or wrote in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.accounts.models import User
from forum.forms import AnswerForm, AskForm
from forum.models import Question


class CustomerField(forms.CharField):
    """A member named by their @handle or their email address, matched exactly (letter case aside, as both are
    unique regardless of case): never a guess, since the post goes out in that person's name."""

    default_error_messages = {"unknown": _("No member with this handle or address.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Customer"))
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault(
            "help_text", _("Their @handle or the email address of their account. They become the author.")
        )
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"})

    def clean(self, value) -> User:
        text = super().clean(value).strip()
        if "@" in text[1:]:
            customer = User.objects.filter(email__iexact=text).first()
        else:
            handle = text.removeprefix("@")
            customer = User.objects.filter(handle__iexact=handle).first() if handle else None
        if customer is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        return customer


class OnBehalfAskForm(AskForm):
    customer = CustomerField()
    field_order = ["customer", "title", "body", "category", "tags", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, the question is in the customer's own language (their profile says which).
        self.fields["language"] = forms.ChoiceField(
            label=_("Language of the question"),
            choices=[("", _("The customer's language")), *Question.Language.choices],
            required=False,
        )
        self.fields["title"].help_text = _("The customer's question in one sentence (10 to 150 characters).")
        self.fields["body"].help_text = _("What they tried, what happened, what they expected. Markdown works.")


class OnBehalfAnswerForm(AnswerForm):
    customer = CustomerField()
    field_order = ["customer", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("The customer's answer")
        self.fields["body"].help_text = _("Markdown works. It is posted in the customer's name.")
