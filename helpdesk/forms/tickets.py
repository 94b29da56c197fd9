"""The helpdesk's forms: linking a ticket to a thread, publishing a solution from a ticket."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forum.forms import CategoryChoiceField
from forum.kernel.forms import markdown_field, tags_field
from forum.models import BODY_MAX, TITLE_MAX, Category

from ..models import Helpdesk, Ticket
from ..selectors import tickets as selectors


def _system_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Helpdesk"),
        error_messages={
            "invalid_choice": _("Choose one of the listed helpdesks."),
            "required": _("Choose one of the listed helpdesks."),
        },
    )


class HelpdeskChoice:
    """The helpdesk field offers the active helpdesks, read once, and cleans to the chosen row."""

    def offer_helpdesks(self, helpdesks) -> None:
        helpdesks = helpdesks if helpdesks is not None else selectors.active_helpdesks()
        self.helpdesks: dict[str, Helpdesk] = {h.slug: h for h in helpdesks}
        self.fields["system"].choices = [(h.slug, h.name) for h in helpdesks]

    def clean_system(self) -> Helpdesk:
        return self.helpdesks[self.cleaned_data["system"]]


class TicketLinkForm(HelpdeskChoice, forms.Form):
    system = _system_field()
    ticket = forms.CharField(
        label=_("Ticket number"),
        max_length=100,
        error_messages={"required": _("Enter the ticket number.")},
    )
    url = forms.URLField(
        label=_("Ticket address (optional)"),
        required=False,
        max_length=Ticket._meta.get_field("url").max_length,
        assume_scheme="https",
    )

    def __init__(self, *args, helpdesks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_helpdesks(helpdesks)


class PublishForm(HelpdeskChoice, forms.Form):
    system = _system_field()
    ticket = forms.CharField(label=_("Ticket number"), max_length=100)
    question = forms.CharField(
        label=_("Existing thread (number or address)"),
        required=False,
        max_length=300,
        help_text=_("Leave empty to start a new thread with the title and details below."),
    )
    title = forms.CharField(
        label=_("Title of the new thread"),
        max_length=TITLE_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = markdown_field(label=_("Question of the new thread"), max_length=BODY_MAX, rows=6, required=False)
    category = CategoryChoiceField(
        label=_("Category of the new thread"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("Choose a category"),
    )
    tags = tags_field()
    answer = markdown_field(
        label=_("The solution"),
        max_length=BODY_MAX,
        rows=10,
        help_text=_("Posted as your staff answer. Email addresses, phone numbers and IBANs are removed."),
    )
    customer_name = forms.CharField(
        label=_("Customer name (optional)"),
        required=False,
        max_length=120,
        help_text=_("The customer's name is removed from the texts as well."),
    )

    def __init__(self, *args, helpdesks=None, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_helpdesks(helpdesks)
        self.fields["category"].queryset = categories if categories is not None else Category.objects.all()

    def clean_question(self):
        reference = self.cleaned_data.get("question", "").strip()
        if not reference:
            return None
        question = selectors.thread_or_none(reference)
        if question is None:
            raise ValidationError(_("No thread has this number or address."), code="unknown_thread")
        return question

    def clean(self):
        data = super().clean()
        if data.get("question") is None and not self.errors.get("question"):
            for name, message in (
                ("title", _("Give the new thread a title, or name an existing thread.")),
                ("body", _("Describe the question of the new thread, or name an existing thread.")),
                ("category", _("Choose the category of the new thread.")),
            ):
                if not data.get(name):
                    self.add_error(name, message)
        return data
