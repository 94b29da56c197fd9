from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import PointRule, Rank, ReputationEntry


@admin.register(PointRule)
class PointRuleAdmin(admin.ModelAdmin):
    """Admins set what each event is worth; new events count with the new values."""

    list_display = ["code", "points"]
    list_editable = ["points"]


@admin.register(Rank)
class RankAdmin(TranslationAdmin):
    list_display = ["name", "threshold"]


@admin.register(ReputationEntry)
class ReputationEntryAdmin(admin.ModelAdmin):
    list_display = ["user", "points", "reason", "capped", "created_at"]
    list_filter = ["reason", "capped"]
    search_fields = ["user__display_name", "user__handle"]
    readonly_fields = [f.name for f in ReputationEntry._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # the ledger is written by events only
