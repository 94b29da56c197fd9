"""The watch list form: words and tags one per line (or separated by commas), watchers among staff."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from community.accounts.models import Role, User
from forum.models import Category

from ..models import WatchList


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[\n,;]+", value or "") if part.strip()]


class WatchListForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    terms = forms.CharField(
        label=_("Words and phrases"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One per line or separated by commas. Other forms of a word match too, in German and English: "
            "“Störung” also finds “Störungen”."
        ),
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Exact tag names, separated by commas."), max_length=1000
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Only in these categories"),
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to watch every category."),
    )
    watchers = forms.ModelMultipleChoiceField(
        label=_("Watchers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They hear of every match in the app and by email."),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = [Role.AGENT.value, Role.MODERATOR.value, Role.ADMIN.value]
        self.fields["watchers"].queryset = (
            User.objects.filter(is_active=True, groups__name__in=staff).distinct().order_by("display_name", "pk")
        )

    @classmethod
    def for_list(cls, watch_list: WatchList) -> "WatchListForm":
        return cls(
            initial={
                "name": watch_list.name,
                "terms": "\n".join(watch_list.terms),
                "tags": ", ".join(watch_list.tags),
                "categories": list(watch_list.categories.all()),
                "watchers": list(watch_list.watchers.all()),
                "active": watch_list.active,
            }
        )

    def clean(self):
        data = super().clean()
        data["terms"] = _split(data.get("terms", ""))
        data["tags"] = [tag.lstrip("#") for tag in _split(data.get("tags", ""))]
        if not data["terms"] and not data["tags"] and not self.has_error("terms"):
            self.add_error("terms", _("Name at least one word, phrase or tag to watch."))
        return data

    def values(self) -> dict:
        return {key: self.cleaned_data[key] for key in ("name", "terms", "tags", "categories", "watchers", "active")}
