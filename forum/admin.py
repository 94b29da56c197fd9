from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Category


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    """Admins manage categories; their counts are kept by the forum."""

    list_display = ["name", "slug", "colour", "audience", "thread_starters", "order", "question_count", "solved_count"]
    list_filter = ["audience", "thread_starters"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_en"]}
    readonly_fields = ["question_count", "solved_count", "last_activity_at"]
