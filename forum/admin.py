from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from community.admin import ForgetsOnChange, ReadOnlyAdmin

from . import fragments
from .models import Article, Category, InstantAnswer


@admin.register(Category)
class CategoryAdmin(ForgetsOnChange, TranslationAdmin):
    """Admins manage categories; their counts are kept by the forum."""

    list_display = [
        "name",
        "slug",
        "colour",
        "audience",
        "thread_starters",
        "instant_answers",
        "order",
        "question_count",
        "solved_count",
    ]
    list_filter = ["audience", "thread_starters", "instant_answers"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_en"]}
    readonly_fields = ["question_count", "solved_count", "last_activity_at"]

    # A category's name, colour, order or audience shows on every list and page: they are rendered afresh.
    def changed(self) -> None:
        fragments.lists_changed()


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin):
    """Articles follow their threads and are edited on the site (with revisions), so here they are read only:
    with members' and signed-out readers' answers to "Was this helpful?" apart."""

    list_display = [
        "title",
        "category",
        "status",
        "helpful_yes",
        "helpful_no",
        "anonymous_yes",
        "anonymous_no",
        "view_count",
        "updated_at",
    ]
    list_filter = ["status", "category"]
    search_fields = ["title"]
    list_select_related = ["category"]
    fields = [
        "title",
        "category",
        "language",
        "status",
        "question",
        "source_url",
        ("helpful_yes", "helpful_no"),
        ("anonymous_yes", "anonymous_no"),
        "view_count",
        "created_at",
        "updated_at",
    ]


@admin.register(InstantAnswer)
class InstantAnswerAdmin(ReadOnlyAdmin):
    """The automatic replies the forum posted and what their askers said: written by the forum, read here."""

    list_display = ["question", "language", "confidence", "created_at"]
    list_filter = ["language", "verdict__helpful"]
    list_select_related = ["question"]
    fields = ["question", "language", "confidence", "links", "created_at"]
