from django.contrib import admin
from django.core.cache import cache
from modeltranslation.admin import TranslationAdmin

from .models import Page


@admin.register(Page)
class PageAdmin(TranslationAdmin):
    list_display = ["title", "slug", "show_in_footer", "order", "updated_at"]
    list_editable = ["show_in_footer", "order"]
    prepopulated_fields = {"slug": ["title_en"]}

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        cache.delete_many([f"footer-pages:{code}" for code in ("de", "en")])
