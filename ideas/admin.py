from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from . import fragments
from .models import ProductArea


@admin.register(ProductArea)
class ProductAreaAdmin(TranslationAdmin):
    """Admins manage the product areas ideas are filed under; ideas themselves change through the site."""

    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_en"]}

    # An area's name and order show on the board's filters, cards and the roadmap: they are rendered afresh.
    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        fragments.lists_changed()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        fragments.lists_changed()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        fragments.lists_changed()
