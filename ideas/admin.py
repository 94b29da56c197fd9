from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from community.admin import ForgetsOnChange

from . import fragments
from .models import ProductArea


@admin.register(ProductArea)
class ProductAreaAdmin(ForgetsOnChange, TranslationAdmin):
    """Admins manage the product areas ideas are filed under; ideas themselves change through the site."""

    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_en"]}

    # An area's name and order show on the board's filters, cards and the roadmap: they are rendered afresh.
    def changed(self) -> None:
        fragments.lists_changed()
